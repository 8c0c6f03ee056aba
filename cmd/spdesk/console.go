package main

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"os/user"

	"spdesk/cardops"
	"spdesk/store"
	"spdesk/tui"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// runConsole opens the operator's database and runs the console on it.
func runConsole(ctx context.Context, g *globals) error {
	lang, err := pickLang(g.lang)
	if err != nil {
		return err
	}
	// The first start makes the database; --read-only only reads one.
	open := func() (*store.Store, error) { return createStore(ctx, g, false) }
	if g.readOnly {
		open = func() (*store.Store, error) { return openStore(ctx, g) }
	}
	s, err := open()
	if err != nil {
		return err
	}
	defer s.Close()
	svc, err := workflows.New(s, serviceLog())
	if err != nil {
		return err
	}
	key, err := masterKey(g.masterKeyFile)
	if err != nil {
		return err
	}
	if g.readOnly {
		// Nothing is written: the knowledge base is the one stored, and
		// an account-less file cannot get its first supervisor here.
		if any, err := s.HasOperators(ctx); err != nil || !any {
			return cmp.Or(err, fmt.Errorf("%s has no operator account yet, and --read-only cannot create one: start spdesk without --read-only once", s.Path()))
		}
	} else {
		if err := startKB(ctx, svc); err != nil {
			return err
		}
		if err := ensureFirstSupervisor(ctx, s, svc, lang); err != nil {
			return err
		}
	}
	cards, cardsErr := cardops.NewPCSC()
	if cards != nil {
		cards = loggedCards{Provider: cards, log: svc.Logger()}
	}
	// Everyone signs in (no Operator): --operator names the acting account
	// of the CLI commands only. Read-only keeps the sign-in, drops changes;
	// its sign-ins are checked but not recorded (workflows.SignIn).
	opts := consoleOptions(g, s, svc, lang)
	opts.Cards, opts.CardsErr, opts.MasterKey = cards, cardsErr, key
	return runTUI(ctx, opts)
}

// consoleOptions are the console's options for the database s. A file
// made as a demo (seed --demo, demo --keep) says DEMO in the header on
// every start, as spdesk demo does: its demo accounts have known
// passwords, and an administrator must not mistake it for the live desk.
func consoleOptions(g *globals, s *store.Store, svc *workflows.Service, lang string) tui.Options {
	opts := tui.Options{Desk: svc, Lang: lang, Service: svc, Accounts: svc, ReadOnly: g.readOnly, Demo: s.Demo(), Live: true}
	if g.readOnly {
		opts.Service = nil
	}
	return opts
}

func runTUI(ctx context.Context, opts tui.Options) error {
	log := appLog.get()
	log.Info("console started", "version", version, "db", opts.Desk.DBPath(), "read_only", opts.ReadOnly, "demo", opts.Demo)
	err := tui.Run(ctx, loggedModel{Model: tui.New(opts), log: log})
	consoleStopped(log, err)
	return err
}

// pickLang validates --lang, or reads the locale when it is not given.
func pickLang(flag string) (string, error) {
	switch flag {
	case "":
		return ui.DetectLang(os.Getenv), nil
	case "ja", "en":
		return flag, nil
	}
	return "", fmt.Errorf("--lang %q: use ja or en", flag)
}

// cliLang is the language of command-line messages: --lang, else the locale.
func cliLang(g *globals) string {
	if l, err := pickLang(g.lang); err == nil {
		return l
	}
	return "en"
}

// operatorName is who acts until operator accounts exist: the OS user.
func operatorName() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if n := os.Getenv("USER"); n != "" {
		return n
	}
	return "operator"
}
