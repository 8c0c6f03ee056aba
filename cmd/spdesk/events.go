package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"spdesk/workflows"
	"spdesk/workflows/delivery"
	"spdesk/workflows/webhook"
)

func newEventsCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "events",
		Short: "What the login service is told: list, deliver, and re-queue events",
		Long: `Every change the Safety Pass login service must know (a card suspended,
resumed, activated or revoked, a password replaced or locked, a membership
cancelled) is an event, written in the same transaction as the change.
'events deliver' pushes them to the login service; 'events list' lets a
consumer pull them instead.`,
	}
	cmd.AddCommand(newEventsListCmd(g), newEventsDeliverCmd(g), newEventsUndeliveredCmd(g), newEventsRetryCmd(g))
	return cmd
}

func newEventsListCmd(g *globals) *cobra.Command {
	var since int64
	var follow, asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--since ID] [--follow] --json",
		Short: "Print events after a cursor, one JSON object a line",
		Long: `list prints the events after --since (an event id; 0, the default, is the
start), oldest first, one JSON object a line: the same JSON the deliverer
POSTs. With --follow it keeps waiting for new events until interrupted. A
consumer stores the last id it acted on and passes it as --since.`,
		Example: `  spdesk events list --db spdesk.db --json
  spdesk events list --db spdesk.db --since 1200 --follow --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !asJSON {
				return errors.New("events list prints JSON lines only: add --json")
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			svc, done, err := openService(cmd, g)
			if err != nil {
				return err
			}
			defer done()
			cursor := since
			for {
				evs, err := svc.EventsAfter(ctx, cursor, 500)
				if err != nil {
					if ctx.Err() != nil {
						return nil
					}
					return err
				}
				for _, ev := range evs {
					if err := printJSON(cmd.OutOrStdout(), ev, false); err != nil {
						return err
					}
					cursor = ev.ID
				}
				if len(evs) == 500 {
					continue
				}
				if !follow {
					return nil
				}
				if err := svc.WaitForEvents(ctx, 5*time.Second); err != nil {
					if ctx.Err() != nil {
						return nil
					}
					return err
				}
			}
		},
	}
	cmd.Flags().Int64Var(&since, "since", 0, "print events after this id")
	cmd.Flags().BoolVar(&follow, "follow", false, "keep printing new events until interrupted")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON lines (required)")
	return cmd
}

func newEventsDeliverCmd(g *globals) *cobra.Command {
	var url, secretFile string
	var maxAttempts int
	var lease time.Duration
	cmd := &cobra.Command{
		Use:   "deliver --url URL --secret-file FILE",
		Short: "Push events to the login service until stopped (run it as a service)",
		Long: `deliver POSTs each event to URL as JSON, signed in the Standard Webhooks
form: headers webhook-id (the event id, the same on every retry),
webhook-timestamp (Unix seconds) and webhook-signature ("v1," and the
base64 HMAC-SHA256 of "id.timestamp.body" under the secret in FILE). An
event counts as delivered when the receiver answers 2xx with {"id": ID};
that moment is shown at the desk as the login service's confirmation.
Each card's events go in order; failures are retried with exponential
backoff and jitter, and after --max-attempts the event is parked for a
supervisor ('spdesk events undelivered', 'spdesk events retry ID').
FILE must be readable by its owner only and hold at least 32 bytes.
One deliverer works on a database at a time; a second one waits.
It does not sign in: it changes only the events' delivery records.`,
		Example: `  spdesk events deliver --db /var/lib/spdesk/spdesk.db --url https://login.example.jp/spdesk/events --secret-file /etc/spdesk/webhook.secret`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if url == "" || secretFile == "" {
				return errors.New("give --url and --secret-file")
			}
			secret, err := webhook.ReadSecretFile(secretFile)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			s, err := openStore(ctx, g)
			if err != nil {
				return err
			}
			defer s.Close()
			d := delivery.New(s, delivery.Config{URL: url, Secret: secret, MaxAttempts: maxAttempts, LeaseTTL: lease,
				Log: appLog.get()})
			fmt.Fprintf(cmd.ErrOrStderr(), "spdesk events deliver: delivering to %s\n", safe(url))
			return d.Run(ctx, func(holder string, until time.Time) {
				fmt.Fprintf(cmd.ErrOrStderr(), "spdesk events deliver: another deliverer (%s) is working on this database until %s; waiting\n",
					safe(holder), until.Local().Format("15:04:05"))
			})
		},
	}
	cmd.Flags().StringVar(&url, "url", "", "the login service's endpoint")
	cmd.Flags().StringVar(&secretFile, "secret-file", "", "the shared signing secret (mode 600, 32 bytes or more)")
	cmd.Flags().IntVar(&maxAttempts, "max-attempts", 24, "failures before an event is parked for a supervisor (24: about two hours of outage)")
	cmd.Flags().DurationVar(&lease, "lease", 15*time.Second, "how long a stopped deliverer holds off the next one")
	return cmd
}

// undeliveredJSON is one line of `spdesk events undelivered --json`.
type undeliveredJSON struct {
	ID        int64  `json:"id"`
	Type      string `json:"type"`
	Subject   string `json:"subject"`
	Seq       int64  `json:"seq"`
	At        string `json:"at"`
	Attempts  int    `json:"attempts"`
	LastError string `json:"last_error"`
	ParkedAt  string `json:"parked_at"`
}

func newEventsUndeliveredCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "undelivered",
		Short: "List the events the deliverer gave up on (supervisors; signs in)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			svc, op, done, err := signInService(cmd, g)
			if err != nil {
				return err
			}
			defer done()
			evs, err := svc.UndeliveredEvents(cmd.Context(), op)
			if err != nil {
				return refusal(g, err)
			}
			out := []undeliveredJSON{}
			for _, e := range evs {
				out = append(out, undeliveredJSON{ID: e.ID, Type: e.Type, Subject: e.Subject, Seq: e.Seq,
					At: e.At.Format(time.RFC3339), Attempts: e.Attempts, LastError: e.LastError, ParkedAt: e.ParkedAt.Format(time.RFC3339)})
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), out, true)
			}
			for _, e := range out {
				fmt.Fprintf(cmd.OutOrStdout(), "%d\t%s\t%s#%d\t%d\t%s\n", e.ID, safe(e.Type), safe(e.Subject), e.Seq, e.Attempts, safe(e.LastError))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	return cmd
}

func newEventsRetryCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "retry ID",
		Short: "Put a parked event back for delivery (supervisors; signs in)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return fmt.Errorf("%s is not an event id (a number, from 'spdesk events undelivered')", safe(args[0]))
			}
			svc, op, done, err := signInService(cmd, g)
			if err != nil {
				return err
			}
			defer done()
			ev, err := svc.RetryEvent(cmd.Context(), op, id)
			if err != nil {
				return refusal(g, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "event %d (%s) is queued for delivery again\n", ev.ID, safe(ev.Type))
			return nil
		},
	}
}

// revocationsBody is the signed body of `spdesk revocations --json`.
type revocationsBody struct {
	GeneratedAt string                  `json:"generated_at"`
	LastEventID int64                   `json:"last_event_id"` // pull events after this to stay current
	Cards       []workflows.StoppedCard `json:"cards"`
}

func newRevocationsCmd(g *globals) *cobra.Command {
	var secretFile string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "revocations --json --secret-file FILE",
		Short: "Print every stopped card (suspended or revoked), signed, for a login service's start",
		Long: `revocations prints {"timestamp": T, "signature": "v1,…", "body": {...}}:
the body lists every suspended or revoked card and the last event id it
reflects (continue with 'spdesk events list --since ID'). The signature
is the deliverer's: base64 HMAC-SHA256 under the same secret file, over
"revocations.T." followed by the body exactly as printed. A receiver
takes the body's raw bytes (in Go, json.RawMessage), recomputes the HMAC
and compares in constant time (workflows/webhook.VerifyDocument).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !asJSON {
				return errors.New("revocations prints JSON only: add --json")
			}
			if secretFile == "" {
				return errors.New("give --secret-file: the list is signed with the deliverer's secret")
			}
			secret, err := webhook.ReadSecretFile(secretFile)
			if err != nil {
				return err
			}
			svc, done, err := openService(cmd, g)
			if err != nil {
				return err
			}
			defer done()
			body, err := revocations(cmd.Context(), svc)
			if err != nil {
				return err
			}
			return printJSON(cmd.OutOrStdout(), webhook.SignDocument(secret, svc.Now().Unix(), body), false)
		},
	}
	cmd.Flags().StringVar(&secretFile, "secret-file", "", "the shared signing secret (mode 600)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (required)")
	return cmd
}

// revocations reads the list and the event cursor it is current to; the
// cursor is read first, so an event between the two reads is delivered
// again rather than missed.
func revocations(ctx context.Context, svc *workflows.Service) ([]byte, error) {
	last, err := svc.LastEventID(ctx)
	if err != nil {
		return nil, err
	}
	cards, err := svc.StoppedCards(ctx)
	if err != nil {
		return nil, err
	}
	if cards == nil {
		cards = []workflows.StoppedCard{}
	}
	return json.Marshal(revocationsBody{GeneratedAt: svc.Now().UTC().Format(time.RFC3339), LastEventID: last, Cards: cards})
}
