package main

import (
	"context"
	"errors"
	"fmt"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"spdesk/cardops"
	"spdesk/store"
	"spdesk/workflows/bizday"
	"spdesk/workflows/textsafe"
)

// tokyoNow is the clock read in Tokyo: cardops takes the calendar day of a
// time in the time's own location, and a card's expiry day is a Tokyo day,
// so the machine's zone must not decide whether a card has expired.
func tokyoNow() time.Time { return time.Now().In(bizday.Tokyo) }

func newCardCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "card",
		Short: "Test IC cards in a PC/SC reader, and serve a virtual card to pcscd",
	}
	cmd.AddCommand(newCardReadersCmd(), newCardWatchCmd(), newCardTestCmd(g), newCardVirtualCmd(g))
	return cmd
}

// pcsc opens the real readers, or says plainly why there are none.
func pcsc() (cardops.Provider, error) {
	p, err := cardops.NewPCSC()
	if err != nil {
		return nil, fmt.Errorf("%w: build spdesk with cgo and libpcsclite-dev (make build does when pkg-config finds libpcsclite)", err)
	}
	return p, nil
}

func newCardReadersCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "readers",
		Short: "List the attached readers and what is in them",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := pcsc()
			if err != nil {
				return err
			}
			rs, err := p.Readers()
			if err != nil {
				return explainCard(err)
			}
			// Reader names come from the driver and ATR names from a file.
			fmt.Fprint(cmd.OutOrStdout(), textsafe.ShowLines(cardops.FormatReaders(rs)))
			return nil
		},
	}
}

func newCardWatchCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "watch",
		Short: "Print a line for every reader and card coming and going, until ctrl+c",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := pcsc()
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			return explainCard(cardops.WatchLines(ctx, p, safeLines{cmd.OutOrStdout()}))
		},
	}
}

func newCardTestCmd(g *globals) *cobra.Command {
	var (
		reader   string
		asJSON   bool
		timeout  time.Duration
		deadline time.Duration
	)
	cmd := &cobra.Command{
		Use:   "test [--reader NAME] [--db FILE] [--json]",
		Short: "Test the card in a reader against the card profile and the database",
		Long: `test reads the card through PC/SC: its ATR, our application, the card
data, the password tries left (without spending one) and its genuineness
(a fresh challenge answered with the card's key), then checks the card
against the database when --db is given, and gives a verdict with advice.
Without --db the verdict is the card's alone. The whole test stops after
--deadline (default 8 × --timeout), however the card answers.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			lang := cliLang(g)
			key, err := masterKey(g.masterKeyFile)
			if err != nil {
				return err
			}
			p, err := pcsc()
			if err != nil {
				return err
			}
			if reader == "" {
				if reader, err = firstReaderWithCard(p); err != nil {
					return err
				}
			}
			res := cardops.RunCardTest(cmd.Context(), p, reader, cardops.Options{
				MasterKey: key, Timeout: timeout, Deadline: deadline, Names: cardops.DefaultATRList(), Now: tokyoNow})
			var db cardops.DBCard
			if g.db != "" && res.DataRead() {
				s, err := openStore(cmd.Context(), g)
				if err != nil {
					return err
				}
				defer s.Close()
				if db, err = dbCard(cmd.Context(), s, res.CardNo); err != nil {
					return err
				}
			}
			rep := cardops.NewReport(res, db, tokyoNow(), lang)
			if g.db == "" {
				// No database to check against: the card's own verdict, as
				// if the database said active; in_database stays false.
				rep.Verdict = res.Verdict
				rep.Advice = cardops.AdviceFor(res, res.Verdict, lang)
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), rep, true)
			}
			out := cmd.OutOrStdout()
			fmt.Fprint(out, textsafe.ShowLines(cardops.FormatResult(res, cardops.DefaultATRList())))
			fmt.Fprintf(out, "\nverdict: %s\n%s\n", safe(string(rep.Verdict)), textsafe.ShowLines(rep.Advice))
			return nil
		},
	}
	cmd.Flags().StringVar(&reader, "reader", "", "reader name (default: the first reader holding a card)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().DurationVar(&timeout, "timeout", 2*time.Second, "how long a card may take to answer one command")
	cmd.Flags().DurationVar(&deadline, "deadline", 0, "how long the whole test may take (default 8 × --timeout)")
	return cmd
}

// firstReaderWithCard picks the reader to test when none is named.
func firstReaderWithCard(p cardops.Provider) (string, error) {
	rs, err := p.Readers()
	if err != nil {
		return "", explainCard(err)
	}
	for _, r := range rs {
		if r.CardPresent {
			return r.Name, nil
		}
	}
	if len(rs) == 0 {
		return "", errors.New("no reader attached: plug in the reader (or start `spdesk card virtual`), then try again")
	}
	return "", errors.New("no card in any reader: insert the card, then try again")
}

// dbCard is the database's view of a card for the verdict; a card the
// database does not know is a valid answer (verdict "unknown").
func dbCard(ctx context.Context, s *store.Store, cardNo string) (cardops.DBCard, error) {
	c, err := s.CardByNo(ctx, cardNo)
	if errors.Is(err, store.ErrNotFound) {
		return cardops.DBCard{}, nil
	}
	if err != nil {
		return cardops.DBCard{}, err
	}
	m, err := s.MemberByID(ctx, c.MemberID)
	if err != nil {
		return cardops.DBCard{}, err
	}
	return cardops.DBCard{Found: true, MemberNo: m.No, Status: string(c.Status), Kind: string(c.Kind), ExpiresOn: c.ExpiresOn.Time}, nil
}

// masterKey loads --master-key-file, or the demo key when none is given.
func masterKey(path string) ([]byte, error) {
	if path == "" {
		return cardops.DemoMasterKey(), nil
	}
	k, err := cardops.LoadMasterKey(path)
	if err != nil {
		return nil, fmt.Errorf("--master-key-file %s: %w", path, err)
	}
	return k, nil
}

func newCardVirtualCmd(g *globals) *cobra.Command {
	var variant, cardNo, memberNo, addr string
	var slow time.Duration
	cmd := &cobra.Command{
		Use:   "virtual --variant V [--card-no N] [--member-no M] [--slow D] [--vpcd ADDR]",
		Short: "Plug a virtual card into pcscd through the vpcd reader driver",
		Long: `virtual serves a virtual card speaking the spdesk card profile to pcscd's
vpcd driver, so every PC/SC program (spdesk card test, opensc-tool, pcsc_scan)
sees it in reader "Virtual PCD 00 00" until ctrl+c. Variants: good, credit,
blocked, tries-left:N, expired, badmac, foreign, corrupt, mute. --slow D makes
any of them answer each command through a long chain of "more data" (61xx)
answers, each after D: every answer comes in time, the whole test does not.`,
		Example: `  spdesk card virtual --variant good
  spdesk card virtual --variant tries-left:3 --card-no 9800000000000016`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			v, tries, err := cardops.ParseVariant(variant)
			if err != nil {
				return err
			}
			key, err := masterKey(g.masterKeyFile)
			if err != nil {
				return err
			}
			card, err := cardops.VirtualCardFor(v, tries, cardNo, memberNo, key, tokyoNow())
			if err != nil {
				return err
			}
			if slow != 0 {
				spec := card.Spec()
				spec.Slow = slow
				if card, err = cardops.NewVirtualCard(spec); err != nil {
					return err
				}
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			fmt.Fprintf(cmd.OutOrStdout(), "virtual card %s (%s) served to vpcd at %s; ctrl+c to remove it\n", card.Spec().CardNo, variant, addr)
			err = cardops.ServeVPCD(ctx, addr, card)
			if ctx.Err() != nil {
				return nil
			}
			return err
		},
	}
	cmd.Flags().StringVar(&variant, "variant", "good", "how the card behaves")
	cmd.Flags().StringVar(&cardNo, "card-no", "", "16-digit card number (default: a demo number)")
	cmd.Flags().StringVar(&memberNo, "member-no", "", "10-digit member number (default: a demo number)")
	cmd.Flags().StringVar(&addr, "vpcd", "127.0.0.1:35963", "vpcd's address")
	cmd.Flags().DurationVar(&slow, "slow", 0, "answer every command slowly, through a chain of 61xx answers each this long (e.g. 1500ms)")
	return cmd
}

// explainCard adds cardops' plain-language advice to a PC/SC error.
func explainCard(err error) error {
	if err == nil {
		return nil
	}
	if k := cardops.KindOf(err); k != cardops.KindNone {
		return fmt.Errorf("%w\n%s", err, cardops.Advice(k.MessageKey(), "en"))
	}
	return err
}
