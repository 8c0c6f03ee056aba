package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"spdesk/workflows"
)

func newLettersCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "letters",
		Short: "Print queued letters into a spool folder, and mark batches mailed",
	}
	var spool, printer string
	var perLetter bool
	print := &cobra.Command{
		Use:   "print --spool DIR [--printer NAME]",
		Short: "Print every queued letter as one batch: a PDF in DIR, and to a printer",
		Long: `print renders each queued letter (password notices, reissue request forms,
change request forms, cancellation forms, reader shipment slips) to a file in
the batch's PDF DIR/B-00012/B-00012.pdf (A4, for 長形3号 window envelopes, with
Japan Post's customer barcode; --per-letter adds one PDF per letter), writes a
batch manifest with the counts and pages, marks the letters printed and wipes
each new password's clear text from the database. The PDF then holds the
passwords: it is 0600 and removed when the batch is marked mailed.

With --printer (or the SPDESK_PRINTER setting) the PDF also goes to that CUPS
queue with lp; the job is recorded and its state shown ('letters jobs'). A
printer that refuses, or a CUPS that does not answer, leaves the PDF in the
spool folder: send it again with 'letters send'.

The files are written into DIR/.B-00012.uncommitted first and the folder takes
its batch's name only once the database has recorded the batch: a run that is
stopped leaves nothing under a batch name, and the next print removes what it
left. A batch number is never used twice. A folder that cannot be written
leaves every letter queued.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if spool == "" {
				return fmt.Errorf("--spool is required: the folder the letter files go to")
			}
			svc, op, done, err := signInService(cmd, g)
			if err != nil {
				return err
			}
			defer done()
			if printer == "" {
				printer = os.Getenv(printerEnv)
			}
			rep, err := svc.PrintBatch(cmd.Context(), op, spool, workflows.PrintOptions{Printer: printer, PerLetter: perLetter})
			b, lang := rep.Batch, cliLang(g)
			if b.ID != 0 {
				fmt.Fprintf(cmd.OutOrStdout(), "batch %s: %d letters printed to %s\n", b.No(), b.Letters, safe(b.SpoolDir))
				fmt.Fprintln(cmd.OutOrStdout(), cliText(lang, "letters.pdf", "file", safe(rep.PDF), "pages", fmt.Sprint(rep.Pages)))
				for _, n := range rep.Notes {
					fmt.Fprintln(cmd.ErrOrStderr(), safe(workflows.NoticeText(n, lang)))
				}
			}
			if rep.Job != nil {
				showJob(cmd, lang, *rep.Job)
			}
			if err != nil {
				return refusal(g, err)
			}
			// The batch is printed either way; wiped passwords that another
			// reader keeps in the -wal are said on stderr.
			if ws, err := svc.FinishWipe(cmd.Context()); err != nil || ws.Pending {
				fmt.Fprintln(cmd.ErrOrStderr(), workflows.NoticeText(workflows.WipePendingNotice, cliLang(g)))
			}
			return nil
		},
	}
	print.Flags().StringVar(&spool, "spool", "", "folder for the letter files")
	print.Flags().StringVar(&printer, "printer", "", "CUPS queue to print on (default $"+printerEnv+"; none: the spool folder only)")
	print.Flags().BoolVar(&perLetter, "per-letter", false, "also write one PDF per letter")
	var sendTo string
	send := &cobra.Command{
		Use:   "send BATCH --printer NAME",
		Short: "Send a printed batch's PDF to a printer (again)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if sendTo == "" {
				sendTo = os.Getenv(printerEnv)
			}
			svc, op, done, err := signInService(cmd, g)
			if err != nil {
				return err
			}
			defer done()
			j, err := svc.SendBatch(cmd.Context(), op, args[0], sendTo)
			if err != nil {
				return refusal(g, err)
			}
			showJob(cmd, cliLang(g), *j)
			return nil
		},
	}
	send.Flags().StringVar(&sendTo, "printer", "", "CUPS queue (default $"+printerEnv+")")
	jobs := &cobra.Command{
		Use:   "jobs BATCH",
		Short: "Show a batch's print jobs and the state the printer gives each",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, done, err := openService(cmd, g)
			if err != nil {
				return err
			}
			defer done()
			b, js, err := svc.BatchJobs(cmd.Context(), args[0])
			if err != nil {
				return refusal(g, err)
			}
			lang := cliLang(g)
			if len(js) == 0 {
				fmt.Fprintln(cmd.OutOrStdout(), cliText(lang, "letters.no_jobs", "batch", b.No()))
			}
			for _, j := range js {
				showJob(cmd, lang, j)
			}
			return nil
		},
	}
	mailed := &cobra.Command{
		Use:   "mailed BATCH",
		Short: "Record that a printed batch went to the post",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, op, done, err := signInService(cmd, g)
			if err != nil {
				return err
			}
			defer done()
			b, err := svc.MarkBatchMailed(cmd.Context(), op, args[0])
			if err != nil {
				return refusal(g, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "batch %s: %d letters marked mailed\n", b.No(), b.Letters)
			return nil
		},
	}
	cmd.AddCommand(print, mailed, send, jobs)
	return cmd
}

// printerEnv is the setting naming the printer letters go to.
const printerEnv = "SPDESK_PRINTER"

// showJob says a print job and its state.
func showJob(cmd *cobra.Command, lang string, j workflows.PrintJob) {
	fmt.Fprintln(cmd.OutOrStdout(), cliText(lang, "letters.job", "job", safe(j.Job), "printer", safe(j.Printer),
		"pages", fmt.Sprint(j.Pages), "state", workflows.JobStateText(j, lang), "printed", fmt.Sprint(j.State.Impressions)))
}

// refusal shows a workflow's refusal in the operator's language (the
// catalog message names the state and what is allowed instead); any other
// error, such as a disk that failed, is shown as it is.
func refusal(g *globals, err error) error {
	var we *workflows.Error
	if errors.As(err, &we) {
		return errors.New(workflows.Message(err, cliLang(g)))
	}
	return err
}

// openService opens the database and the workflows on it.
func openService(cmd *cobra.Command, g *globals) (*workflows.Service, func(), error) {
	s, err := openStore(cmd.Context(), g)
	if err != nil {
		return nil, nil, err
	}
	svc, err := workflows.New(s, serviceLog())
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	return svc, func() { s.Close() }, nil
}
