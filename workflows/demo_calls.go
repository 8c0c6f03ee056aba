package workflows

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	"spdesk/store"
)

// The demo's month of calls: what a desk of four hears in thirty days.
// Most calls are questions answered on the phone; some start the
// procedures whose backdated cases the demo holds (demo_aged.go), and a
// few are callers who would not or could not say who they are. Notes are
// what operators write: short, Japanese, what was tried.

// demoColleagues take calls beside the demo's two accounts, so the report
// has operators to compare. They sign in with the demo password.
var demoColleagues = []struct{ login, name string }{
	{"demo-sato", "佐藤（デモ）"},
	{"demo-kimura", "木村（デモ）"},
}

// demoQuestion is a question call: its reason, how often it comes (out of
// the weights' sum), notes an operator might write, and whether a caller
// may ask it without being identified.
type demoQuestion struct {
	reason  string
	weight  int
	anon    bool
	notes   []string
	outcome store.CallOutcome // "" answered; else sometimes this
}

var demoQuestions = []demoQuestion{
	{"code_52", 9, false, []string{
		"ソフトに52と表示。ファイアウォールの許可設定を案内し、再起動後に接続できた",
		"52。Ver.2.1aを使用中のためVer.3.0への更新を案内。更新後に再度試していただく",
		"52が続く。ルーターのフィルタ設定の見直しを依頼。解決しなければ折り返し希望",
	}, store.OutcomeCallBack},
	{"code_51", 6, false, []string{
		"51。カードの向きを確認していただき、差し直しで解消",
		"51が出る。リーダーのUSBを別の差込口に変えて解消",
	}, ""},
	{"code_54", 5, false, []string{
		"54。カードリーダーのドライバを入れ直すよう案内",
		"54。別のパソコンでも同じとのこと。カード不良の可能性を説明し、破損の手続きを案内",
	}, ""},
	{"code_58", 5, false, []string{
		"58。パスワードを10回間違えたとのこと。再発行には手続きが必要と説明",
		"58と表示。ロックされたパスワードは使えないことを説明。再発行の手続きは後日電話するとのこと",
	}, store.OutcomeCallBack},
	{"code_100", 4, false, []string{
		"100。メンテナンス時間外を確認、サーバ側の問題なし。もう一度試していただく",
		"100が出る。OSとソフトの版を記録：Windows 10、Ver.3.0",
	}, store.OutcomeTransferred},
	{"faq_card", 8, false, []string{
		"カードの有効期限を確認。期限の2か月前に新カードが届く旨を案内",
		"再発行したカードがまだ届かないとのこと。発送済み、約10日で届くと案内",
		"カードの暗証番号とパスワードの違いを説明",
	}, ""},
	{"faq_password", 7, false, []string{
		"パスワードを忘れたとのこと。再発行の流れと3〜4日で届くことを説明。今回は手続きせず",
		"パスワードの変更方法を案内（マイポータルから）",
	}, ""},
	{"faq_reader", 5, true, []string{
		"2台目のリーダーの価格と支払い方法（ちょコムのみ）を案内",
		"リーダーのランプが点かない。USBの差し直しで解消",
	}, ""},
	{"faq_install", 5, false, []string{
		"インストール途中で止まる。ウイルス対策ソフトを一時停止して再実行で完了",
		"管理者権限のないアカウントでインストールしていた。管理者でやり直していただく",
	}, store.OutcomeCallBack},
	{"faq_software", 4, false, []string{
		"タスクトレイの鍵のアイコンが出ない。ソフトの再起動で表示された",
	}, ""},
	{"faq_update", 4, false, []string{
		"Ver.3.0への更新手順を案内。更新後の再起動を忘れずに",
	}, ""},
	{"faq_uninstall", 2, false, []string{
		"パソコン買い替えのためアンインストール手順を案内",
	}, ""},
	{"faq_network", 5, false, []string{
		"しばらく操作しないと切断される件。仕様であることを説明",
		"会社のネットワークから使えない。管理者にポートの許可を相談するよう案内",
	}, ""},
	{"faq_systems", 4, true, []string{
		"Macで使えるか。対応OSの一覧を案内",
		"Windows 11への対応状況を説明",
	}, ""},
	{"faq_fee", 6, false, []string{
		"年会費の引き落とし日を案内",
		"年会費の支払い方法を郵便振替からカードに変えたい。変更届の書類を案内",
	}, ""},
	{"faq_payment", 4, false, []string{
		"ネットショッピングの利用履歴の見方を案内",
	}, store.OutcomeTransferred},
	{"faq_portal", 3, true, []string{
		"マイポータルが開かない。リーダー接続とスターターキットの準備が必要と説明",
	}, ""},
	{"faq_joining", 4, true, []string{
		"入会方法の問い合わせ。申込書の請求方法を案内",
		"家族も入会できるか。申込みは本人ごとと説明",
	}, ""},
	{"faq_security", 2, true, []string{
		"個人情報の保護について説明",
	}, ""},
	{"faq_outage", 3, true, []string{
		"サービス停止の予定を案内（次回メンテナンス日）",
	}, ""},
	{"faq_change", 4, false, []string{
		"引っ越し予定。手続きは転居後でよいと説明",
		"メールアドレスの変更方法を案内",
	}, ""},
	{"faq_cancellation", 2, false, []string{
		"解約の流れと年会費が返金されないことを説明。検討するとのこと",
	}, ""},
	{"other", 3, true, []string{
		"別のサービスの問い合わせ。担当窓口の番号を案内",
		"",
	}, store.OutcomeTransferred},
}

// demoProcNotes are notes of calls that started a procedure, by case type.
var demoProcNotes = map[store.CaseType][]string{
	store.CaseLostCard:      {"外出先で紛失。カードを停止し、再発行の流れを説明", "盗難の可能性あり。警察への届出を勧めた"},
	store.CaseBrokenCard:    {"カードが割れた。届出用紙を送付すると案内", "読み取れない。カード試験で応答なし"},
	store.CasePasswordReset: {"58でロック。再発行を受付、3〜4日で届くと案内"},
	store.CaseNameChange:    {"結婚による改姓。届出用紙と必要書類を案内"},
	store.CaseContactChange: {"転居。新住所を伺い変更", "電話番号の変更"},
	store.CaseCancellation:  {"解約希望。年会費は返金されないことを説明し、用紙を送付"},
}

// demoFollowUps are notes of a member calling again about an open case.
var demoFollowUps = []string{
	"再発行カードの到着予定の問い合わせ。手続き中と案内",
	"用紙をまだ返送していないとのこと。返送先を再度案内",
	"手続きの進み具合の確認。担当から連絡すると伝えた",
}

// SeedDemoCalls writes the demo's month of calls through the real
// workflows, each at its own backdated time: question calls on business
// days, calls that opened the demo's backdated cases (linked to them),
// follow-ups on some, and unidentified callers. Members numbered in leave
// are left without calls, like SeedDemoCases leaves them without cases.
// It returns how many calls it logged. Only in a demo database.
func SeedDemoCalls(ctx context.Context, s *Service, operator, supervisor string, leave ...string) (int, error) {
	if err := s.requireDemo(); err != nil {
		return 0, err
	}
	if err := s.ensureDemoAccounts(ctx, operator, supervisor); err != nil {
		return 0, err
	}
	if err := s.ensureDemoColleagues(ctx); err != nil {
		return 0, err
	}
	// Calls link the articles they used: the set must be stored.
	if _, err := s.LoadKB(ctx); err != nil {
		return 0, err
	}
	skip := map[int64]bool{}
	for _, no := range leave {
		m, err := s.st.MemberByNo(ctx, no)
		if err != nil {
			return 0, fmt.Errorf("demo: member to leave alone: %w", err)
		}
		skip[m.ID] = true
	}
	pool, err := s.st.ActiveMembersWithCard(ctx, store.CardStandard, 300+len(skip))
	if err != nil {
		return 0, err
	}
	pool = slices.DeleteFunc(pool, func(id int64) bool { return skip[id] })
	if len(pool) == 0 {
		return 0, errors.New("demo calls: no member to call")
	}
	cases, err := s.st.AllCases(ctx)
	if err != nil {
		return 0, err
	}
	ops := []string{operator, operator, supervisor}
	for _, c := range demoColleagues {
		ops = append(ops, c.login, c.login)
	}
	rng := rand.New(rand.NewPCG(12, 2026))
	now := s.clock.Now().In(tokyo)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, tokyo)

	type plan struct {
		start   time.Time
		minutes int
		op      string
		member  int64
		req     WrapUpRequest
	}
	var plans []plan
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	// Calls that opened the backdated cases, and follow-ups on some.
	for _, c := range cases {
		if skip[c.MemberID] || !c.OpenedAt.Before(today) {
			continue
		}
		p := plan{start: c.OpenedAt.Add(-time.Duration(3+rng.IntN(5)) * time.Minute), minutes: 6 + rng.IntN(10),
			op: c.OpenedBy, member: c.MemberID, req: WrapUpRequest{Reasons: []string{"proc_" + string(c.Type)},
				Outcome: store.OutcomeProcedure, Cases: []int64{c.ID}, Note: pick(demoProcNotes[c.Type])}}
		if c.Type == store.CasePasswordReset {
			p.req.Reasons = append(p.req.Reasons, "code_58")
		}
		plans = append(plans, p)
		if rng.IntN(3) == 0 {
			back := c.OpenedAt.In(tokyo).AddDate(0, 0, 2+rng.IntN(5))
			if !s.cal.IsBusinessDay(back) {
				d := s.cal.NextBusinessDay(back)
				back = time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, tokyo)
			}
			if back.Before(today) {
				plans = append(plans, plan{start: back.Add(time.Duration(rng.IntN(300)) * time.Minute), minutes: 3 + rng.IntN(5),
					op: ops[rng.IntN(len(ops))], member: c.MemberID, req: WrapUpRequest{Reasons: []string{"faq_card"},
						Outcome: store.OutcomeAnswered, Cases: []int64{c.ID}, Note: pick(demoFollowUps)}})
			}
		}
	}
	// Question calls on each business day of the last thirty.
	weights := 0
	for _, q := range demoQuestions {
		weights += q.weight
	}
	for d := 30; d >= 1; d-- {
		day := today.AddDate(0, 0, -d)
		if !s.cal.IsBusinessDay(day) {
			continue
		}
		for range 5 + rng.IntN(6) {
			w := rng.IntN(weights)
			q := demoQuestions[0]
			for _, x := range demoQuestions {
				if w < x.weight {
					q = x
					break
				}
				w -= x.weight
			}
			p := plan{start: day.Add(9*time.Hour + time.Duration(rng.IntN(8*60+30))*time.Minute),
				minutes: 2 + rng.IntN(12), op: ops[rng.IntN(len(ops))], member: pool[rng.IntN(len(pool))],
				req: WrapUpRequest{Reasons: []string{q.reason}, Outcome: store.OutcomeAnswered, Note: pick(q.notes)}}
			if q.anon && rng.IntN(3) == 0 {
				p.member = 0
			}
			if q.outcome != "" && rng.IntN(4) == 0 {
				p.req.Outcome = q.outcome
			}
			if arts := func() []string { r, _ := reasonOf(q.reason); return r.Articles }(); len(arts) > 0 && rng.IntN(2) == 0 {
				p.req.Articles = []string{arts[rng.IntN(len(arts))]}
			}
			if rng.IntN(5) == 0 {
				p.req.Note = "" // not every call gets a note
			}
			plans = append(plans, p)
		}
	}
	sort.SliceStable(plans, func(i, j int) bool { return plans[i].start.Before(plans[j].start) })

	var at time.Time
	back, err := New(s.st, WithClock(ClockFunc(func() time.Time { return at })), WithCalendar(s.cal),
		WithSettings(s.settings), WithPasswordParams(s.pwParams))
	if err != nil {
		return 0, err
	}
	back.log = s.log
	for _, p := range plans {
		at = p.start
		c, err := back.StartCall(ctx, p.op, p.member)
		if err != nil {
			return 0, fmt.Errorf("demo call at %s: %w", p.start.Format(time.DateTime), err)
		}
		at = p.start.Add(time.Duration(p.minutes)*time.Minute + time.Duration(rng.IntN(60))*time.Second)
		p.req.CallID, p.req.CallVersion = c.ID, c.Version
		if _, err := back.WrapUpCall(ctx, p.op, p.req); err != nil {
			return 0, fmt.Errorf("demo call %s wrap-up: %w", c.No(), err)
		}
	}
	return len(plans), nil
}

// ensureDemoColleagues adds the demo's colleague accounts that are
// missing, with the demo password (hashed once: it is the same for all).
func (s *Service) ensureDemoColleagues(ctx context.Context) error {
	var missing []store.Operator
	for _, c := range demoColleagues {
		if _, err := s.st.OperatorByLogin(ctx, c.login); err == nil {
			continue
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		missing = append(missing, store.Operator{Login: c.login, DisplayName: c.name, Role: store.RoleOperator, CreatedBy: "demo"})
	}
	if len(missing) == 0 {
		return nil
	}
	var hash string
	var err error
	s.argon2(func() { hash, err = HashPassword(DemoOperatorPassword, s.pwParams, s.rand) })
	if err != nil {
		return s.wrapStore(err, "password hash")
	}
	return s.wrapStore(s.st.Write(ctx, s.clock.Now(), func(tx *store.Tx) error {
		for _, o := range missing {
			o.PasswordHash = hash
			if err := tx.InsertOperator(&o); err != nil && !errors.Is(err, store.ErrExists) {
				return err
			}
			if err := tx.AppendAudit(&store.AuditEvent{Operator: "demo", Action: "operator.add", Note: o.Login,
				After: jsonObject(map[string]any{"login": o.Login, "display_name": o.DisplayName, "role": o.Role})}); err != nil {
				return err
			}
		}
		return nil
	}), "operator")
}
