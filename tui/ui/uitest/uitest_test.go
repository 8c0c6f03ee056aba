package uitest

import (
	"strings"
	"testing"
)

// short draws one line too few: FillsItsSize must catch it.
type short struct{ w, h int }

func (s *short) SetSize(w, h int) { s.w, s.h = w, h }
func (s *short) View() string {
	return strings.Repeat(strings.Repeat("x", s.w)+"\n", s.h-2) + strings.Repeat("x", s.w)
}

type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Fatalf(string, ...any) { r.failed = true; panic(r) }
func (r *recorder) Errorf(string, ...any) { r.failed = true }

func TestFillsItsSizeCatchesAShortPage(t *testing.T) {
	r := &recorder{TB: t}
	func() {
		defer func() { recover() }()
		FillsItsSize(r, &short{}, [2]int{10, 4})
	}()
	if !r.failed {
		t.Fatal("a page one line short passed")
	}
}
