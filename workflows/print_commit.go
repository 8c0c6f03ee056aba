package workflows

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"time"

	"spdesk/internal/msg"
	"spdesk/store"
	"spdesk/workflows/letterpdf"
)

// A print run renders outside its write transaction. Rendering a batch
// takes hundreds of milliseconds, and a write transaction holds the one
// writer (SQLite) or the writers' lock (PostgreSQL): every desk's step
// would wait behind it. So the run reads what its letters say on paper
// (printSet, in a short transaction that also commits the holds it finds),
// renders and syncs the files into its locked uncommitted folder with no
// transaction open, and then, in one short transaction, finds the same
// letters printable with the same paper and records the batch: each
// letter printed, its clear text wiped, its audit row. The files on disk
// are then exactly the committed batch's; a password is wiped only once
// its letter is written and synced.
//
// When a rendered letter changed in between (held, cancelled, printed by
// another console, its address or case moved), nothing is recorded, the
// files are removed and the run reads and renders again, at most
// printTries times. A letter queued in between is not in the files: it
// stays queued for the next run, as if queued just after this one.

// printTries bounds how often a run renders a queue that keeps changing.
const printTries = 3

// printSet is what a print run renders: the printable letters (with their
// clear text) as one transaction read them, and their paper dated then.
type printSet struct {
	at      time.Time
	letters []store.Letter
	docs    []letterpdf.Letter
	files   []string // each letter's file in the batch folder
	notes   []Notice // what was printed with something missing
	pages   int      // of the batch's PDF, once rendered
}

// gatherPrint reads the letters a run prints and their paper, writing the
// holds and cancellations printable finds. An empty set means nothing can
// be printed.
func (s *Service) gatherPrint(tx *store.Tx, op string, opts PrintOptions, fonts *letterpdf.Fonts) (printSet, error) {
	set := printSet{at: tx.Now}
	letters, err := s.printable(tx, op, opts)
	if err != nil {
		return set, err
	}
	for _, l := range letters {
		d, m, _, err := s.paperOf(tx, l, set.at)
		if err != nil {
			return set, err
		}
		set.notes = append(set.notes, paperLetter(fonts, &d, m)...)
		set.letters = append(set.letters, l)
		set.docs = append(set.docs, d)
	}
	return set, nil
}

// name gives each letter its file in batch no's folder.
func (set *printSet) name(no string, opts PrintOptions) {
	set.files = set.files[:0]
	for _, l := range set.letters {
		f := no + ".pdf"
		if opts.PerLetter {
			f = fmt.Sprintf("%s_%s_%s.pdf", no, l.RefNo(), l.Kind)
		}
		set.files = append(set.files, f)
	}
}

// render writes set's files into run's folder and syncs them: the batch's
// PDF, with opts.PerLetter one PDF per letter, and the manifest. Progress
// counts the letters written: each letter's own PDF as it is written, or
// all of them once the batch's PDF is.
func (s *Service) render(run *printRun, b store.Batch, set *printSet, opts PrintOptions, fonts *letterpdf.Fonts) error {
	total := len(set.letters)
	data, laid, err := renderPDF(fonts, set.docs, set.at)
	if err != nil {
		return s.report(wrapStore(err, "render "+b.No()))
	}
	if err := run.write(batchPDF(b), data); err != nil {
		return spoolError(run.root, err)
	}
	set.pages = pdfPages(data)
	if !opts.PerLetter {
		for i := range total {
			opts.progress(i+1, total)
		}
	} else {
		for i, d := range set.docs {
			one, _, err := renderPDF(fonts, []letterpdf.Letter{d}, set.at)
			if err != nil {
				return s.report(wrapStore(err, "render "+set.letters[i].RefNo()))
			}
			if err := run.write(set.files[i], one); err != nil {
				return spoolError(run.root, err)
			}
			opts.progress(i+1, total)
		}
	}
	if err := run.write(b.No()+"_manifest.txt", []byte(manifest(b, set.letters, set.files, laid.Pages, set.notes, set.at))); err != nil {
		return spoolError(run.root, err)
	}
	if err := syncDir(run.tmp); err != nil {
		return spoolError(run.root, err)
	}
	return nil
}

// queueChanged ends a commit whose rendered letters are no longer the
// ones to print: the transaction rolls back and the run renders again.
func queueChanged() error { return refuse(ECONFLICT, "letters.queue_changed") }

func isQueueChanged(err error) bool {
	var we *Error
	return errors.As(err, &we) && we.Key == "letters.queue_changed"
}

// printAndCommit renders set and records its batch, rendering again when
// a rendered letter changed before the commit. It returns the batch and
// the set it recorded, or why nothing can be printed (empty).
func (s *Service) printAndCommit(ctx context.Context, op string, opts PrintOptions, fonts *letterpdf.Fonts,
	run *printRun, res store.BatchReservation, set printSet) (store.Batch, printSet, error, error) {
	for try := 1; ; try++ {
		b := store.Batch{ID: res.ID, SpoolDir: run.final, Letters: len(set.letters), PrintedBy: op}
		if err := s.render(run, b, &set, opts, fonts); err != nil {
			return b, set, nil, err
		}
		if opts.rendered != nil {
			opts.rendered(try)
		}
		// A wipe the checkpoint could not complete stays marked: WipeStatus.
		_, err := s.writeWiping(ctx, op, func(tx *store.Tx) error {
			return s.commitPrint(tx, op, &b, set, opts, fonts)
		})
		if err == nil {
			return b, set, nil, nil
		}
		if !isQueueChanged(err) {
			return b, set, nil, err
		}
		if try >= printTries {
			return b, set, nil, refuse(ECONFLICT, "letters.queue_moving", "tries", strconv.Itoa(try))
		}
		if err := run.clear(); err != nil {
			return b, set, nil, spoolError(run.root, err)
		}
		var empty error
		err = s.write(ctx, op, func(tx *store.Tx) error {
			var err error
			if set, err = s.gatherPrint(tx, op, opts, fonts); err != nil || len(set.letters) > 0 {
				set.name(res.No(), opts)
				return err
			}
			// Commit the holds gatherPrint wrote, as reserveRun does.
			if empty = emptyPrint(tx, opts); ErrorCode(empty) != ENOTFOUND {
				return empty
			}
			return nil
		})
		if err != nil || empty != nil {
			return b, set, empty, err
		}
	}
}

// commitPrint records batch b of the rendered set, after finding each
// rendered letter still printable with the same paper; anything else is
// queueChanged.
func (s *Service) commitPrint(tx *store.Tx, op string, b *store.Batch, set printSet, opts PrintOptions, fonts *letterpdf.Fonts) error {
	now, err := s.printable(tx, op, opts)
	if err != nil {
		return err
	}
	printable := make(map[int64]store.Letter, len(now))
	for _, l := range now {
		printable[l.ID] = l
	}
	if err := tx.InsertBatch(b); err != nil {
		return wrapStore(err, b.No())
	}
	for i, rendered := range set.letters {
		l, ok := printable[rendered.ID]
		if !ok || l.Version != rendered.Version || l.Secret != rendered.Secret {
			return queueChanged()
		}
		d, m, c, err := s.paperOf(tx, l, set.at)
		if err != nil {
			return err
		}
		paperLetter(fonts, &d, m)
		if !reflect.DeepEqual(d, set.docs[i]) {
			return queueChanged()
		}
		if err := s.markPrinted(tx, op, *b, l, c, set.files[i]); err != nil {
			return err
		}
	}
	return nil
}

// clear removes the files a run wrote, keeping its locked folder for the
// next rendering.
func (r *printRun) clear() error {
	ents, err := os.ReadDir(r.tmp)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if err := os.Remove(filepath.Join(r.tmp, e.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return syncDir(r.tmp)
}

func init() {
	Messages.Add(msg.Set{
		"letters.queue_changed": {"印刷中に印刷待ちの郵便物が変わりました",
			"the print queue changed while its letters were rendered"},
		"letters.queue_moving": {"印刷の準備中に印刷待ちの郵便物が {tries} 回続けて変わったため、何も印刷していません（郵便物はすべて印刷待ちのままです）。少し待ってからもう一度印刷してください",
			"the letters in the queue changed {tries} times in a row while they were being rendered, so nothing was printed (every letter is still queued): print again in a moment"},
	})
}
