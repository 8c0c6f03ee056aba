package queues

import (
	"context"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
)

// A reprint is asked for from the approvals screen: the letter's number,
// then why. A second supervisor approves it from the same list.

type askStage int

const (
	askNone askStage = iota
	askLetter
	askReason
)

type reprintAsk struct {
	sh     *ui.Shared
	stage  askStage
	letter string
	in     textinput.Model
}

type reprintAskedMsg struct {
	req    workflows.ApprovalRequest
	letter string
	err    error
}

func newReprintAsk(sh *ui.Shared) reprintAsk {
	in := textinput.New()
	in.CharLimit = 200
	in.SetStyles(sh.Styles.Input())
	in.SetWidth(50)
	return reprintAsk{sh: sh, in: in}
}

func (a *reprintAsk) start() tea.Cmd {
	a.stage, a.letter = askLetter, ""
	a.in.Prompt, a.in.Placeholder = a.sh.Cat.T("appr.ask.letter"), "L-0000123"
	a.in.SetValue("")
	return a.in.Focus()
}

// letterID reads "L-0000123" or "123".
func letterID(s string) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimLeft(strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(s)), "L-"), "0"), 10, 64)
	return n, err == nil && n > 0
}

func (s *ApprovalsPage) askKey(msg tea.KeyPressMsg) tea.Cmd {
	a := &s.ask
	switch {
	case key.Matches(msg, s.keys.Cancel):
		a.stage = askNone
		a.in.Blur()
		return nil
	case key.Matches(msg, s.keys.Confirm):
		if a.stage == askLetter {
			if _, ok := letterID(a.in.Value()); !ok {
				s.result, s.failed = s.sh.Cat.F("appr.ask.bad_letter", "input", a.in.Value()), true
				return nil
			}
			a.letter, a.stage, s.result = strings.ToUpper(strings.TrimSpace(a.in.Value())), askReason, ""
			a.in.Prompt, a.in.Placeholder = s.sh.Cat.T("appr.ask.reason"), ""
			a.in.SetValue("")
			return nil
		}
		a.stage = askNone
		a.in.Blur()
		id, _ := letterID(a.letter)
		svc, op, reason, no := s.sh.Opts.Service, s.sh.Operator, a.in.Value(), a.letter
		s.busy = true
		return func() tea.Msg {
			r, err := svc.RequestReprint(context.Background(), op, workflows.ReprintRequest{LetterID: id, Reason: reason})
			return reprintAskedMsg{req: r, letter: no, err: err}
		}
	}
	var cmd tea.Cmd
	a.in, cmd = a.in.Update(msg)
	return cmd
}
