package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"spdesk/cardops"
	"spdesk/fixtures"
	"spdesk/store"
	"spdesk/tui"
	"spdesk/workflows"
	"spdesk/workflows/bizday"
	"spdesk/workflows/delivery"
	"spdesk/workflows/loginsvc"
)

func newDemoCmd(g *globals) *cobra.Command {
	var keep bool
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run the console on a fresh throw-away database of demo members",
		Long: `demo seeds a temporary database with the demo fixtures (about 500
members in every state the console knows) and opens the console on it,
offline, with no other set-up. The database is removed on exit unless
--keep is given; then its path is printed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			lang, err := pickLang(g.lang)
			if err != nil {
				return err
			}
			dir, err := os.MkdirTemp("", "spdesk-demo-")
			if err != nil {
				return fmt.Errorf("make a folder for the demo database: %w", err)
			}
			path := filepath.Join(dir, "demo.db")
			// The demo's log stays with its throw-away database: practice
			// errors are not the administrator's, and go when it goes.
			if g.logFile == "" {
				appLog.setPath(filepath.Join(dir, "spdesk.log"))
			}
			defer func() {
				if keep {
					fmt.Fprintln(cmd.OutOrStdout(), path)
					fmt.Fprintf(cmd.ErrOrStderr(), "spdesk demo: its audit key is %s (commands given this database read it there; audit verify takes --audit-key)\n",
						filepath.Join(dir, "audit.key"))
					return
				}
				appLog.close()
				os.RemoveAll(dir)
			}()
			s, err := store.OpenWith(cmd.Context(), path, store.OpenOptions{Create: true, Demo: true})
			if err != nil {
				return explainOpen(path, err)
			}
			defer s.Close()
			// The demo's audit key lives and dies with its database: a demo
			// never reads or makes the desk's real key.
			if err := workflows.UseAuditKey(cmd.Context(), s, filepath.Join(dir, "audit.key")); err != nil {
				return refusal(g, err)
			}
			// Seeding takes a second or two (the demo passwords are hashed
			// with the real argon2id cost): say so rather than sit blank.
			fmt.Fprintln(cmd.ErrOrStderr(), "spdesk demo: preparing about 500 demo members, their cases and letters…")
			if err := seedDemo(cmd, s); err != nil {
				return err
			}
			svc, err := workflows.New(s, serviceLog())
			if err != nil {
				return err
			}
			if err := startKB(cmd.Context(), svc); err != nil {
				return err
			}
			// The login service stands in-process, so a stopped card shows
			// its confirmation as it would on a live desk.
			stopLogin, err := startDemoLoginService(cmd.Context(), s)
			if err != nil {
				return err
			}
			defer stopLogin()
			// The demo's reader is in-process, with a tray of cards that
			// match demo members and misbehave the ways real cards do.
			key := cardops.DemoMasterKey()
			// Both demo accounts are signed in; ctrl+o switches between them.
			return runTUI(cmd.Context(), tui.Options{Desk: svc, Lang: lang, Demo: true, Accounts: svc, Live: true,
				Operator: demoOperator, Operators: []string{demoOperator, demoSupervisor}, Service: svc,
				Tray: cardops.NewVirtualReader("", fixtures.DemoTray(key)...), MasterKey: key})
		},
	}
	cmd.Flags().BoolVar(&keep, "keep", false, "keep the demo database and print its path on exit")
	return cmd
}

// Demo cases are opened by these two, so a trainee sees who did what and
// the cancellation approvals have a second person.
const (
	demoOperator   = "demo-operator"
	demoSupervisor = "demo-supervisor"
)

// seedDemo writes the demo fixtures: the same data `spdesk seed --demo`
// writes, so scripts and tests can start where the demo starts. The open
// cases are made by driving the real workflows, so they carry real audit
// rows; the letters they print go to a spool folder beside the database.
func seedDemo(cmd *cobra.Command, s *store.Store) error {
	if err := fixtures.LoadDemo(cmd.Context(), s); err != nil {
		return fmt.Errorf("load the demo members: %w", err)
	}
	svc, err := workflows.New(s, serviceLog())
	if err != nil {
		return err
	}
	if err := workflows.SeedDemoOperators(cmd.Context(), svc); err != nil {
		return fmt.Errorf("create the demo accounts: %w", err)
	}
	spool := s.Path() + "-spool"
	leave := make([]string, 0, len(fixtures.DemoMemberNo))
	for _, no := range fixtures.DemoMemberNo {
		leave = append(leave, no)
	}
	if _, err := workflows.SeedDemoCases(cmd.Context(), svc, spool, demoOperator, demoSupervisor, leave...); err != nil {
		return fmt.Errorf("open the demo cases: %w", err)
	}
	// A month of calls, some of them the ones that opened the cases above.
	if _, err := workflows.SeedDemoCalls(cmd.Context(), svc, demoOperator, demoSupervisor, leave...); err != nil {
		return fmt.Errorf("log the demo calls: %w", err)
	}
	if err := seedShowcaseCalls(cmd.Context(), s, svc); err != nil {
		return fmt.Errorf("log the showcase members' calls: %w", err)
	}
	return nil
}

// showcaseCalls are earlier calls of some showcase members, so a trainee
// opening one sees the member screen's recent calls: what was tried
// before. Their cases and cards are left as the showcase says (the calls
// only asked and were answered).
var showcaseCalls = []struct {
	key, reason string
	daysAgo     int
	outcome     workflows.CallOutcome
	note        string
}{
	{"active", "code_52", 6, workflows.OutcomeAnswered, "52が表示。ファイアウォールの許可設定を案内し、その場で接続できた"},
	{"active", "faq_card", 2, workflows.OutcomeAnswered, "カードの有効期限の確認。期限の2か月前に新しいカードが届くと案内"},
	{"lost_card", "faq_card", 3, workflows.OutcomeAnswered, "カードの見当たらない日があったとのこと。見つかったので手続きはせず。紛失時はすぐ電話するよう案内"},
	{"password_locked", "code_58", 1, workflows.OutcomeCallBack, "58。10回間違えてロック。本人確認の資料が手元になく、折り返し希望"},
	{"card_expired", "faq_card", 4, workflows.OutcomeCallBack, "有効期限切れのカードについて。更新の案内が届いていないとのこと。確認して折り返す"},
	{"cancellation_pending", "faq_cancellation", 5, workflows.OutcomeAnswered, "解約の用紙が届いたか確認したいとのこと。記入して返送すれば手続きが進むと案内"},
	{"minor", "faq_payment", 2, workflows.OutcomeAnswered, "保護者から。20歳未満はショッピングのカードを使えないことを説明"},
}

// seedShowcaseCalls logs showcaseCalls through the real workflows, each
// on its day at mid-morning in Tokyo.
func seedShowcaseCalls(ctx context.Context, s *store.Store, svc *workflows.Service) error {
	var at time.Time
	back, err := workflows.New(s, serviceLog(), workflows.WithClock(workflows.ClockFunc(func() time.Time { return at })))
	if err != nil {
		return err
	}
	now := svc.Now().In(bizday.Tokyo)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, bizday.Tokyo)
	for i, c := range showcaseCalls {
		m, err := svc.MemberByNo(ctx, fixtures.DemoMemberNo[c.key])
		if err != nil {
			return err
		}
		at = today.AddDate(0, 0, -c.daysAgo).Add(10*time.Hour + time.Duration(7*i)*time.Minute)
		call, err := back.StartCall(ctx, demoOperator, m.ID)
		if err != nil {
			return err
		}
		at = at.Add(6 * time.Minute)
		if _, err := back.WrapUpCall(ctx, demoOperator, workflows.WrapUpRequest{CallID: call.ID, CallVersion: call.Version,
			Reasons: []string{c.reason}, Outcome: c.outcome, Note: c.note}); err != nil {
			return err
		}
	}
	return nil
}

// startDemoLoginService runs the stand-in login service (loginsvc) on a
// loopback port and a deliverer pushing the demo's events to it, both
// until the returned stop. Its secret is random and lives only here.
func startDemoLoginService(ctx context.Context, s *store.Store) (stop func(), err error) {
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("start the demo login service: %w", err)
	}
	srv := &http.Server{Handler: loginsvc.New(secret), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	ctx, cancel := context.WithCancel(ctx)
	d := delivery.New(s, delivery.Config{URL: "http://" + ln.Addr().String(), Secret: secret, Log: appLog.get()})
	done := make(chan struct{})
	go func() { defer close(done); d.Run(ctx, nil) }()
	return func() {
		cancel()
		<-done
		srv.Close()
	}, nil
}
