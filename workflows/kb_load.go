package workflows

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"spdesk/store"
	"spdesk/workflows/kb"
)

// KBError is a knowledge base that cannot be loaded: each problem names its
// file and line (kb.Error), so the console can print them and refuse to
// start rather than answer calls from a half-read set.
type KBError struct{ Err error }

func (e *KBError) Error() string { return "knowledge base: " + e.Err.Error() }
func (e *KBError) Unwrap() error { return e.Err }

// LoadKB reads the embedded articles, checks them, and stores them for the
// search when the stored set differs (a new binary). It is reference data,
// not a change to a member, so it writes no audit row; a broken set writes
// nothing and leaves the stored one as it was.
func (s *Service) LoadKB(ctx context.Context) ([]kb.Article, error) {
	arts, err := kb.Load()
	if err != nil {
		return nil, &KBError{Err: err}
	}
	return arts, s.storeKB(ctx, arts)
}

// LoadKBFS is LoadKB over articles under dir in fsys.
func (s *Service) LoadKBFS(ctx context.Context, fsys fs.FS, dir string) ([]kb.Article, error) {
	arts, err := kb.LoadFS(fsys, dir)
	if err != nil {
		return nil, &KBError{Err: err}
	}
	return arts, s.storeKB(ctx, arts)
}

func (s *Service) storeKB(ctx context.Context, arts []kb.Article) error {
	h := kbHash(arts)
	stored, err := s.st.KBHash(ctx)
	if err != nil {
		return fmt.Errorf("knowledge base: %w", err)
	}
	if stored == h {
		return nil // two consoles starting the same binary write once
	}
	rows := make([]store.Article, len(arts))
	for i, a := range arts {
		rows[i] = store.Article{ID: a.ID, Lang: a.Lang, Title: a.Title, Tags: a.Tags, Codes: a.Codes,
			Procedure: a.Procedure, Body: a.Body}
	}
	if err := s.st.ReplaceArticles(ctx, s.clock.Now(), h, rows); err != nil {
		return fmt.Errorf("knowledge base: %w", err)
	}
	return nil
}

// kbHash identifies an article set by its content, file names aside.
func kbHash(arts []kb.Article) string {
	sum := sha256.New()
	for _, a := range arts {
		codes := make([]string, len(a.Codes))
		for i, c := range a.Codes {
			codes[i] = strconv.Itoa(c)
		}
		for _, f := range []string{a.ID, a.Lang, a.Title, strings.Join(a.Tags, "\x1f"), strings.Join(codes, ","),
			a.Procedure, a.Body} {
			fmt.Fprintf(sum, "%d:%s", len(f), f)
		}
	}
	return hex.EncodeToString(sum.Sum(nil))
}
