package cardtest

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"spdesk/cardops"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// TransmitTimeout bounds each APDU of a card test: a mute card is
// given up on after it. A variable so the tests need not wait 2 s.
var TransmitTimeout = cardops.DefaultTimeout

// cardLookup is what the card test asks the desk beyond source. Kept here so screen.go's source stays the search
// screens' contract.
type cardLookup interface {
	CardByNo(ctx context.Context, no string) (workflows.Card, error)
	MemberByID(ctx context.Context, id int64) (workflows.Member, error)
}

// cardScreens numbers card test screens: their messages carry the number,
// since the root hands every message to every screen on the stack.
var cardScreens atomic.Int64

type readerInfo struct {
	name    string
	present bool
	mute    bool
	atr     cardops.HexBytes
}

// trayEntry is what the tray list shows of a card: whose it is and what
// the database says of it, looked up once when the screen opens.
type trayEntry struct {
	name   string
	status workflows.CardStatus
}

// cardOutcome is one finished card test with the database's view.
type cardOutcome struct {
	res     *cardops.Result
	verdict cardops.VerdictCode
	atrText string
	dbErr   error
	dbCard  workflows.Card // ID 0: not in the database
	member  workflows.Member

	// The next step the verdict calls for (workflows.CardNextStep) and
	// what it was computed from: the member's cards and cases.
	step   workflows.CardStep
	file   ui.MemberFile
	stop   workflows.StopStatus // a stopped card: did the login service confirm it?
	stopOK bool                 // stop was read
}

// nextLookup is what the next step and the stop status are read from.
type nextLookup interface {
	CardsOfMember(ctx context.Context, memberID int64) ([]workflows.Card, error)
	CasesOfMember(ctx context.Context, memberID int64) ([]workflows.Case, error)
	CardStopStatus(ctx context.Context, cardID int64) (workflows.StopStatus, error)
}

// nextStep is a case a verdict can lead to in one key.
type nextStep int

const (
	nextBroken nextStep = iota
	nextPassword
)

type Page struct {
	ui.Asks
	sh       *ui.Shared
	id       int64
	keys     cardTestKeys
	provider cardops.Provider
	tray     *cardops.VirtualReader
	cards    []*cardops.VirtualCard
	entries  map[string]trayEntry // by card number
	cursor   int

	ctx    context.Context // the screen's life: closing it stops the watch and any test
	stop   context.CancelFunc
	events <-chan cardops.Event

	readers  []readerInfo
	watchErr error // the reader system's last complaint, until it recovers
	reader   string

	// Opened from a member: the member and card the screen was opened for.
	memberNo, cardNo string
	ctxMember        workflows.Member
	ctxCard          workflows.Card

	seq       int // of the newest test
	running   bool
	startedAt time.Time
	cancelRun context.CancelFunc
	out       *cardOutcome
	cardGone  bool // the tested card was removed since
	showATR   bool
	filed     string
	opened    string // the case the last verdict led to, until the next test
	notice    string // the case just opened, or why a key did nothing
	noticeBad bool
	w, h      int
}

// New opens the card test; memberNo and cardNo name the
// member and card it was opened from (empty from the main screen). A test
// of a card the database does not know is filed to that member, and a
// mute card's broken-card case is opened for that card.
func New(sh *ui.Shared, memberNo, cardNo string) ui.Page {
	s := &Page{sh: sh, id: cardScreens.Add(1), keys: newCardTestKeys(sh.Cat),
		provider: sh.Opts.Cards, tray: sh.Opts.Tray, memberNo: memberNo, cardNo: cardNo,
		entries: map[string]trayEntry{}}
	if s.provider == nil && s.tray != nil {
		s.provider = s.tray
	}
	if s.tray != nil {
		s.cards = s.tray.Tray()
	}
	s.ctx, s.stop = context.WithCancel(context.Background())
	s.setKeys()
	return s
}

// Messages, each carrying the screen's id.
type (
	cardWatchMsg struct {
		id  int64
		ch  <-chan cardops.Event
		err error
	}
	cardEventMsg struct {
		id      int64
		ev      cardops.Event
		open    bool // false: the channel closed
		atrText string
	}
	cardContextMsg struct {
		id     int64
		member workflows.Member
		card   workflows.Card
	}
	cardTrayMsg struct {
		id      int64
		entries map[string]trayEntry
	}
	cardDoneMsg struct {
		id  int64
		seq int
		out cardOutcome
	}
	cardFiledMsg struct {
		id   int64
		text string
		err  error
	}
	cardCaseMsg struct {
		id   int64
		kind nextStep
		res  workflows.Result
		err  error
	}
)

func (s *Page) Init() tea.Cmd {
	cmds := []tea.Cmd{s.loadTray(), s.loadContext()}
	if s.provider != nil {
		p, ctx, id := s.provider, s.ctx, s.id
		cmds = append(cmds, func() tea.Msg {
			ch, err := p.Watch(ctx)
			return cardWatchMsg{id: id, ch: ch, err: err}
		})
	}
	return tea.Batch(cmds...)
}

func (s *Page) Kind() ui.PageKind { return ui.PageCardTest }

func (s *Page) Title() string { return s.sh.Cat.T("card.test.title") }

func (s *Page) Keys() help.KeyMap { return s.keys }

func (s *Page) SetSize(w, h int) { s.w, s.h = w, h }

// Close stops the reader watcher and any test still running: the root
// calls it when the screen is popped or the stack is reset.
func (s *Page) Close() { s.stop() }

func (s *Page) Update(msg tea.Msg) (ui.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return s, s.key(msg)
	case cardWatchMsg:
		if msg.id == s.id {
			if msg.err != nil {
				s.watchErr = msg.err
				return s, nil
			}
			s.events = msg.ch
			return s, s.nextEvent()
		}
	case cardEventMsg:
		if msg.id == s.id && msg.open {
			return s, tea.Batch(s.event(msg), s.nextEvent())
		}
	case cardContextMsg:
		if msg.id == s.id {
			s.ctxMember, s.ctxCard = msg.member, msg.card
		}
	case cardTrayMsg:
		if msg.id == s.id {
			s.entries = msg.entries
		}
	case cardDoneMsg:
		if msg.id == s.id && msg.seq == s.seq {
			s.running = false
			s.out = &msg.out
			s.setKeys()
			return s, s.file()
		}
	case cardFiledMsg:
		if msg.id == s.id {
			s.filed = msg.text
			if msg.err != nil {
				s.filed = s.sh.Cat.T("card.test.filefail") + ": " + workflows.Message(msg.err, s.sh.Cat.Lang())
			}
		}
	case cardCaseMsg:
		if msg.id == s.id {
			s.caseOpened(msg)
		}
	}
	return s, nil
}

func (s *Page) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	s.notice, s.noticeBad = "", false
	switch {
	case key.Matches(msg, k.Back):
		s.Request(ui.GoBack()) // the root closes the popped screen: Close stops the watcher
	case key.Matches(msg, k.Test):
		return s.runTest()
	case key.Matches(msg, k.Up):
		s.cursor = max(0, s.cursor-1)
	case key.Matches(msg, k.Down):
		s.cursor = min(len(s.cards)-1, s.cursor+1)
	case key.Matches(msg, k.Insert):
		return s.insert(s.cursor)
	case key.Matches(msg, k.Pick):
		return s.insert(int(msg.Code - '1'))
	case key.Matches(msg, k.Remove):
		tray := s.tray
		return func() tea.Msg { tray.Remove(); return nil }
	case key.Matches(msg, k.ATR):
		s.showATR = !s.showATR
	case key.Matches(msg, k.Broken):
		return s.start(nextBroken)
	case key.Matches(msg, k.Password):
		return s.start(nextPassword)
	case key.Matches(msg, k.OpenCase):
		if cs, ok := s.stepCase(); ok {
			s.Request(ui.OpenCase(s.out.file.Member, cs))
		}
	case key.Matches(msg, k.StartProc):
		if s.out != nil && s.out.step.Procedure != "" && s.out.step.Reason == nil {
			s.Request(ui.OpenProcedures(s.out.file, workflows.CaseType(s.out.step.Procedure)))
		}
	}
	return nil
}

// insert puts tray card i into the reader; the reader's event starts the
// test, exactly as a card pushed into a real reader would.
func (s *Page) insert(i int) tea.Cmd {
	if i < 0 || i >= len(s.cards) {
		return nil
	}
	s.cursor = i
	tray, c := s.tray, s.cards[i]
	// The operator holds the card: its number and owner are printed on
	// its face, so a case can be opened for it even when the chip is mute.
	s.memberNo, s.cardNo = c.Spec().MemberNo, c.Spec().CardNo
	return tea.Batch(func() tea.Msg { tray.Insert(c); return nil }, s.loadContext())
}

func (s *Page) nextEvent() tea.Cmd {
	ch, id := s.events, s.id
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		ev, ok := <-ch
		m := cardEventMsg{id: id, ev: ev, open: ok}
		if ok && len(ev.ATR) > 0 {
			// Read here, not in View: the name list is a file.
			m.atrText = cardops.DescribeATR(ev.ATR, cardops.DefaultATRList())
		}
		return m
	}
}

// event applies one reader event; an inserted card is tested at once.
func (s *Page) event(msg cardEventMsg) tea.Cmd {
	ev := msg.ev
	i := s.readerIndex(ev.Reader)
	switch ev.Kind {
	case cardops.EventReaderAttached:
		s.watchErr = nil
		if i < 0 {
			s.readers = append(s.readers, readerInfo{name: ev.Reader})
		}
	case cardops.EventReaderRemoved:
		if i >= 0 {
			s.readers = append(s.readers[:i], s.readers[i+1:]...)
		}
		if ev.Reader == s.reader {
			s.cardGone = true
		}
	case cardops.EventCardInserted:
		if i < 0 {
			s.readers = append(s.readers, readerInfo{name: ev.Reader})
			i = len(s.readers) - 1
		}
		s.readers[i] = readerInfo{name: ev.Reader, present: true, mute: ev.Mute, atr: ev.ATR}
		s.reader = ev.Reader
		s.out, s.cardGone, s.showATR = nil, false, false
		s.atrPreview(msg.atrText)
		return s.runTest()
	case cardops.EventCardRemoved:
		if i >= 0 {
			s.readers[i] = readerInfo{name: ev.Reader}
		}
		if ev.Reader == s.reader {
			s.cardGone = true
		}
	case cardops.EventError:
		s.watchErr = ev.Err
	}
	return nil
}

// atrPreview keeps the decoded ATR of a card just inserted, for the ATR
// view while its test runs.
func (s *Page) atrPreview(text string) {
	s.out = &cardOutcome{atrText: text}
}

func (s *Page) readerIndex(name string) int {
	for i, r := range s.readers {
		if r.name == name {
			return i
		}
	}
	return -1
}

func (s *Page) cardPresent() bool {
	for _, r := range s.readers {
		if r.present {
			return true
		}
	}
	return false
}

// runTest starts a card test in a Cmd. Each transmit has its deadline
// inside cardops; the whole test has one too, so a reader that hangs in
// connect cannot keep the screen waiting.
func (s *Page) runTest() tea.Cmd {
	if s.provider == nil {
		return nil
	}
	if s.cancelRun != nil {
		s.cancelRun()
	}
	s.seq++
	s.running, s.startedAt, s.filed, s.opened = true, s.sh.Now(), "", ""
	preview := ""
	if s.out != nil {
		preview = s.out.atrText
	}
	s.out = &cardOutcome{atrText: preview}
	s.setKeys()
	ctx, cancel := context.WithTimeout(s.ctx, 8*TransmitTimeout)
	s.cancelRun = cancel
	p, reader, id, seq, now := s.provider, s.reader, s.id, s.seq, s.sh.TokyoNow // cardops takes the day in now's zone
	look, _ := s.sh.Src.(cardLookup)
	next, _ := s.sh.Src.(nextLookup)
	ctxMember, ctxCard := s.ctxMember, s.ctxCard
	opt := cardops.Options{MasterKey: s.sh.Opts.MasterKey, Timeout: TransmitTimeout, Now: now}
	return func() tea.Msg {
		defer cancel()
		res := cardops.RunCardTest(ctx, p, reader, opt)
		out := cardOutcome{res: res}
		if len(res.ATR) > 0 {
			out.atrText = cardops.DescribeATR(res.ATR, cardops.DefaultATRList())
		}
		db := cardops.DBCard{}
		if res.DataRead() && look != nil {
			db, out.dbCard, out.member, out.dbErr = crossCheck(ctx, look, res.CardNo)
		}
		out.verdict = cardops.Verdict(res, db, now())
		if next != nil {
			nextStepOf(ctx, next, &out, ctxMember, ctxCard)
		}
		return cardDoneMsg{id: id, seq: seq, out: out}
	}
}

// nextStepOf reads what the verdict's next step needs: the member's cards
// and cases (the member of the card read, else the one the screen was
// opened for) and, for a stopped card, whether the login service has it.
func nextStepOf(ctx context.Context, look nextLookup, out *cardOutcome, ctxMember workflows.Member, ctxCard workflows.Card) {
	qctx, cancel := context.WithTimeout(ctx, ui.QueryTimeout)
	defer cancel()
	m, card := out.member, out.dbCard
	if card.ID == 0 {
		m = ctxMember
		if out.res != nil && !out.res.DataRead() {
			card = ctxCard
		}
	}
	if m.ID != 0 {
		out.file.Member = m
		out.file.Cards, _ = look.CardsOfMember(qctx, m.ID)
		out.file.Cases, _ = look.CasesOfMember(qctx, m.ID)
	}
	out.step = workflows.CardNextStep(string(out.verdict), m, card, out.file.Cards, out.file.Cases)
	if out.dbCard.ID != 0 && (out.dbCard.Status == workflows.CardSuspended || out.dbCard.Status == workflows.CardRevoked) {
		st, err := look.CardStopStatus(qctx, out.dbCard.ID)
		out.stop, out.stopOK = st, err == nil
	}
}

// crossCheck is the database's view of the card read.
func crossCheck(ctx context.Context, look cardLookup, cardNo string) (cardops.DBCard, workflows.Card, workflows.Member, error) {
	qctx, cancel := context.WithTimeout(ctx, ui.QueryTimeout)
	defer cancel()
	c, err := look.CardByNo(qctx, cardNo)
	if errors.Is(err, workflows.ErrNotFound) {
		return cardops.DBCard{}, workflows.Card{}, workflows.Member{}, nil
	}
	if err != nil {
		return cardops.DBCard{}, workflows.Card{}, workflows.Member{}, err
	}
	m, err := look.MemberByID(qctx, c.MemberID)
	if err != nil {
		return cardops.DBCard{}, workflows.Card{}, workflows.Member{}, err
	}
	return cardops.DBCard{Found: true, MemberNo: m.No, Status: string(c.Status), Kind: string(c.Kind),
		ExpiresOn: c.ExpiresOn.Time}, c, m, nil
}

// stepCase is the open case the next step continues, if any.
func (s *Page) stepCase() (workflows.Case, bool) {
	if s.out == nil || s.out.step.Case == 0 {
		return workflows.Case{}, false
	}
	for _, cs := range s.out.file.Cases {
		if cs.ID == s.out.step.Case {
			return cs, true
		}
	}
	return workflows.Case{}, false
}

func (s *Page) Status() string {
	switch {
	case s.notice != "":
		if s.noticeBad {
			return s.sh.Styles.Error.Render(ui.Safe(s.notice))
		}
		return s.sh.Styles.Notice.Render(ui.Safe(s.notice))
	case s.filed != "":
		return s.sh.Styles.Muted.Render(ui.Safe(s.filed))
	}
	return s.sh.Styles.Muted.Render(s.sh.Cat.T("card.test.hint"))
}
