package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"spdesk/workflows"
)

func newLettersCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "letters",
		Short: "Print queued letters into a spool folder, and mark batches mailed",
	}
	var spool string
	print := &cobra.Command{
		Use:   "print --spool DIR",
		Short: "Render every queued letter to a file in DIR as one batch",
		Long: `print renders each queued letter (password notices, reissue request forms,
change request forms, cancellation forms, reader shipment slips) to a file in
the batch's folder DIR/B-00012, writes a batch manifest with the counts, marks
the letters printed and wipes each new password's clear text from the database.

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
			b, err := svc.PrintLetters(cmd.Context(), op, spool)
			if err != nil {
				return refusal(g, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "batch %s: %d letters printed to %s\n", b.No(), b.Letters, safe(b.SpoolDir))
			// The batch is printed either way; wiped passwords that another
			// reader keeps in the -wal are said on stderr.
			if ws, err := svc.FinishWipe(cmd.Context()); err != nil || ws.Pending {
				fmt.Fprintln(cmd.ErrOrStderr(), workflows.NoticeText(workflows.WipePendingNotice, cliLang(g)))
			}
			return nil
		},
	}
	print.Flags().StringVar(&spool, "spool", "", "folder for the letter files")
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
	cmd.AddCommand(print, mailed)
	return cmd
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
