package cardtest

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"spdesk/cardops"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// loadTray looks up whose each tray card is, for the tray list.
func (s *Page) loadTray() tea.Cmd {
	if len(s.cards) == 0 || s.sh.Src == nil {
		return nil
	}
	src, id := s.sh.Src, s.id
	look, _ := s.sh.Src.(cardLookup)
	specs := make([]cardops.VirtualCardSpec, len(s.cards))
	for i, c := range s.cards {
		specs[i] = c.Spec()
	}
	return ui.Ask(func(ctx context.Context) tea.Msg {
		out := make(map[string]trayEntry, len(specs))
		for _, sp := range specs {
			var e trayEntry
			if m, err := src.MemberByNo(ctx, sp.MemberNo); err == nil {
				e.name = m.FamilyName + " " + m.GivenName
			}
			if look != nil {
				if c, err := look.CardByNo(ctx, sp.CardNo); err == nil {
					e.status = c.Status
				}
			}
			out[sp.CardNo] = e
		}
		return cardTrayMsg{id: id, entries: out}
	})
}

// loadContext reads the member and card the screen was opened for.
func (s *Page) loadContext() tea.Cmd {
	if s.memberNo == "" || s.sh.Src == nil {
		return nil
	}
	src, id, memberNo, cardNo := s.sh.Src, s.id, s.memberNo, s.cardNo
	look, _ := s.sh.Src.(cardLookup)
	return ui.Ask(func(ctx context.Context) tea.Msg {
		msg := cardContextMsg{id: id}
		msg.member, _ = src.MemberByNo(ctx, memberNo)
		if cardNo != "" && look != nil {
			if c, err := look.CardByNo(ctx, cardNo); err == nil && c.MemberID == msg.member.ID {
				msg.card = c
			}
		}
		return msg
	})
}

// member is whose card was tested: the database's owner of the card read,
// else the member the screen was opened for.
func (s *Page) member() workflows.Member {
	if s.out != nil && s.out.dbCard.ID != 0 {
		return s.out.member
	}
	return s.ctxMember
}

// card is the card a case would be for: the one read, if the database
// knows it; else, when nothing could be read, the card the screen was
// opened for (a mute card's number is on its face, not in its chip).
func (s *Page) card() workflows.Card {
	if s.out == nil {
		return workflows.Card{}
	}
	if s.out.dbCard.ID != 0 {
		return s.out.dbCard
	}
	if s.out.res != nil && !s.out.res.DataRead() {
		return s.ctxCard
	}
	return workflows.Card{}
}

// wantsBroken: the verdict says the card itself is broken, so the next
// step is a broken-card case. A card that may be counterfeit is not one:
// it goes to a supervisor (workflows.CardNextStep says so).
func (s *Page) wantsBroken() bool {
	return s.out != nil && s.out.res != nil && s.out.verdict == cardops.VerdictUnreadable
}

func (s *Page) wantsPassword() bool {
	return s.out != nil && s.out.verdict == cardops.VerdictBlocked
}

// file records a finished test in the member's history.
func (s *Page) file() tea.Cmd {
	m, svc, c := s.member(), s.sh.Opts.Service, s.card()
	if s.out == nil || s.out.res == nil || m.ID == 0 || svc == nil {
		return nil
	}
	r := s.out.res
	req := workflows.RecordCardTestRequest{MemberID: m.ID, CardID: c.ID, CardNo: r.CardNo, Reader: r.Reader,
		Verdict: string(s.out.verdict), Finding: string(r.ErrorKind), TriesLeft: r.TriesLeft, Genuine: r.Genuine}
	op, id := s.sh.Operator, s.id
	text := s.sh.Cat.F("card.test.filed", "name", m.FamilyName+" "+m.GivenName)
	return ui.Ask(func(ctx context.Context) tea.Msg {
		_, err := svc.RecordCardTest(ctx, op, req)
		return cardFiledMsg{id: id, text: text, err: err}
	})
}

// start takes the next step the verdict calls for, at once (the screen
// said what it does before the key was pressed), or says why it cannot.
func (s *Page) start(kind nextStep) tea.Cmd {
	c := s.sh.Cat
	why := ""
	switch {
	case s.sh.Opts.Service == nil:
		why = c.T("card.test.readonly")
	case kind == nextBroken && s.card().ID == 0:
		why = c.T("card.test.nocard")
	case kind == nextPassword && s.member().ID == 0:
		why = c.T("card.test.nomember")
	}
	if why != "" {
		s.notice, s.noticeBad = why, true
		return nil
	}
	return s.openCase(kind)
}

// openCase runs the next step through its workflow.
func (s *Page) openCase(kind nextStep) tea.Cmd {
	svc, op, id, m, c := s.sh.Opts.Service, s.sh.Operator, s.id, s.member(), s.card()
	note := s.sh.Cat.T("card.test.casenote")
	if s.out != nil && s.out.res != nil && s.out.res.ErrorKind != cardops.KindNone {
		note += " (" + string(s.out.res.ErrorKind) + ")"
	}
	return ui.Ask(func(ctx context.Context) tea.Msg {
		var res workflows.Result
		var err error
		if kind == nextBroken {
			res, err = svc.ReportBrokenCard(ctx, op, workflows.ReportCardRequest{MemberID: c.MemberID, CardID: c.ID,
				CardVersion: c.Version, Note: note})
		} else {
			res, err = svc.OpenCase(ctx, op, workflows.OpenCaseRequest{MemberID: m.ID, Type: workflows.CasePasswordReset,
				Note: note})
		}
		return cardCaseMsg{id: id, kind: kind, res: res, err: err}
	})
}

func (s *Page) caseOpened(msg cardCaseMsg) {
	c, lang := s.sh.Cat, s.sh.Cat.Lang()
	if msg.err != nil {
		s.notice, s.noticeBad = workflows.Message(msg.err, lang), true
		return
	}
	key := "card.test.done.broken"
	if msg.kind == nextPassword {
		key = "card.test.done.password"
	}
	s.notice = c.F(key, "case", msg.res.Case.No())
	s.opened = s.notice
	for _, n := range msg.res.Reminders {
		s.notice += " " + workflows.NoticeText(n, lang)
	}
	if msg.kind == nextBroken && s.out != nil && s.out.dbCard.ID == msg.res.Case.CardID {
		s.out.dbCard.Status = workflows.CardSuspended
	}
}

func (s *Page) setKeys() {
	done := s.out != nil && s.out.res != nil && !s.running
	_, hasCase := s.stepCase()
	// b and p open their cases here at once; any other procedure the
	// verdict calls for (a resume) starts on the procedures screen.
	proc := done && s.out.step.Procedure != "" && s.out.step.Reason == nil &&
		s.out.step.Procedure != workflows.ProcBrokenCard && s.out.step.Procedure != workflows.ProcPasswordReset
	s.keys.setMode(s.tray != nil, s.provider != nil, done && s.wantsBroken(), done && s.wantsPassword(), done && hasCase, proc)
}
