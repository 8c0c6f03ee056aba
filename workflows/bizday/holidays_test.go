package bizday

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

const publishedList = "jp-holidays-2024-2027.tsv"

// day builds a calendar day at midnight in Tokyo.
func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, Tokyo)
}

// row is one holiday as the published list writes it.
type row struct{ date, name, kind string }

func readPublished(t *testing.T, path string) []row {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open published list: %v", err)
	}
	defer f.Close()
	var rows []row
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) != 3 {
			t.Fatalf("%s:%d: want date, name, kind; got %q", path, n, line)
		}
		rows = append(rows, row{fields[0], fields[1], fields[2]})
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return rows
}

// sharedCopy locates the team's copy of the list: the shared folder sits
// beside the repository, both on a desk (/work/main and /work/shared) and in
// CI (a fresh clone with shared/ copied next to it). It returns "" when that
// copy is not there.
func sharedCopy(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	path := filepath.Join(dir, "..", "shared", "data", publishedList)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	return path
}

// TestHolidaysMatchPublishedList checks the rules against the published
// 2024–2027 list, both ways: nothing missing, nothing extra, same names and
// kinds. The committed testdata copy always runs; the shared copy runs too
// when present, so an update there is caught before testdata is refreshed.
func TestHolidaysMatchPublishedList(t *testing.T) {
	sources := map[string]string{"testdata": filepath.Join("testdata", publishedList)}
	if p := sharedCopy(t); p != "" {
		sources["shared"] = p
	} else {
		t.Log("no ../shared copy beside the repository; checking testdata only")
	}
	cal := mustNew(t, Options{})
	for label, path := range sources {
		t.Run(label, func(t *testing.T) {
			want := readPublished(t, path)
			if len(want) == 0 {
				t.Fatal("published list is empty")
			}
			var got []row
			for y := 2024; y <= 2027; y++ {
				for _, h := range cal.HolidaysIn(y) {
					got = append(got, row{h.Date.Format(time.DateOnly), h.Name, h.Kind.String()})
				}
			}
			for _, w := range want {
				if !slices.Contains(got, w) {
					t.Errorf("missing or different: %v", w)
				}
			}
			for _, g := range got {
				if !slices.Contains(want, g) {
					t.Errorf("extra or different: %v", g)
				}
			}
		})
	}
}

func TestTestdataCopyMatchesShared(t *testing.T) {
	p := sharedCopy(t)
	if p == "" {
		t.Skip("no ../shared copy beside the repository")
	}
	a, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join("testdata", publishedList))
	if err != nil {
		t.Fatal(err)
	}
	if string(a) != string(b) {
		t.Errorf("testdata/%s differs from %s; copy it again", publishedList, p)
	}
}

// formatYear renders a year's holidays one per line, for readable diffs.
func formatYear(hs []Holiday) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.Date.Format("01-02") + " " + h.Name + " " + h.Kind.String()
	}
	return out
}

// TestSpecialYears pins whole years around the 2019 accession and the
// Olympic moves of 2020 and 2021. Dates are those of the Cabinet Office list;
// it labels 1 May and 22 October 2019 "休日（祝日扱い）", here they carry the
// names the 2019 law gives them.
func TestSpecialYears(t *testing.T) {
	tests := map[int][]string{
		2019: {
			"01-01 元日 holiday", "01-14 成人の日 holiday", "02-11 建国記念の日 holiday",
			"03-21 春分の日 holiday", "04-29 昭和の日 holiday", "04-30 国民の休日 citizens",
			"05-01 天皇の即位の日 holiday", "05-02 国民の休日 citizens", "05-03 憲法記念日 holiday",
			"05-04 みどりの日 holiday", "05-05 こどもの日 holiday", "05-06 振替休日 substitute",
			"07-15 海の日 holiday", "08-11 山の日 holiday", "08-12 振替休日 substitute",
			"09-16 敬老の日 holiday", "09-23 秋分の日 holiday", "10-14 体育の日 holiday",
			"10-22 即位礼正殿の儀の行われる日 holiday", "11-03 文化の日 holiday",
			"11-04 振替休日 substitute", "11-23 勤労感謝の日 holiday",
		},
		2020: {
			"01-01 元日 holiday", "01-13 成人の日 holiday", "02-11 建国記念の日 holiday",
			"02-23 天皇誕生日 holiday", "02-24 振替休日 substitute", "03-20 春分の日 holiday",
			"04-29 昭和の日 holiday", "05-03 憲法記念日 holiday", "05-04 みどりの日 holiday",
			"05-05 こどもの日 holiday", "05-06 振替休日 substitute", "07-23 海の日 holiday",
			"07-24 スポーツの日 holiday", "08-10 山の日 holiday", "09-21 敬老の日 holiday",
			"09-22 秋分の日 holiday", "11-03 文化の日 holiday", "11-23 勤労感謝の日 holiday",
		},
		2021: {
			"01-01 元日 holiday", "01-11 成人の日 holiday", "02-11 建国記念の日 holiday",
			"02-23 天皇誕生日 holiday", "03-20 春分の日 holiday", "04-29 昭和の日 holiday",
			"05-03 憲法記念日 holiday", "05-04 みどりの日 holiday", "05-05 こどもの日 holiday",
			"07-22 海の日 holiday", "07-23 スポーツの日 holiday", "08-08 山の日 holiday",
			"08-09 振替休日 substitute", "09-20 敬老の日 holiday", "09-23 秋分の日 holiday",
			"11-03 文化の日 holiday", "11-23 勤労感謝の日 holiday",
		},
	}
	cal := mustNew(t, Options{})
	for year, want := range tests {
		got := formatYear(cal.HolidaysIn(year))
		if !slices.Equal(got, want) {
			t.Errorf("%d:\n got %q\nwant %q", year, got, want)
		}
	}
}

// TestRuleChanges pins one day on each side of the amendments.
func TestRuleChanges(t *testing.T) {
	tests := []struct {
		date time.Time
		name string // "" means no holiday
		kind Kind
	}{
		{day(1980, time.November, 24), "振替休日", KindSubstitute},
		{day(1985, time.May, 4), "", 0}, // 国民の休日 did not exist yet
		{day(1986, time.May, 4), "", 0}, // a Sunday: excluded before 2007
		{day(1987, time.May, 4), "振替休日", KindSubstitute},
		{day(1988, time.April, 29), "天皇誕生日", KindHoliday},
		{day(1988, time.May, 4), "国民の休日", KindCitizens},
		{day(1989, time.February, 24), "昭和天皇の大喪の礼", KindHoliday},
		{day(1989, time.April, 29), "みどりの日", KindHoliday},
		{day(1989, time.December, 23), "天皇誕生日", KindHoliday},
		{day(1990, time.November, 12), "即位礼正殿の儀", KindHoliday},
		{day(1993, time.June, 9), "皇太子徳仁親王の結婚の儀", KindHoliday},
		{day(1995, time.July, 20), "", 0},
		{day(1996, time.July, 20), "海の日", KindHoliday},
		{day(1999, time.January, 15), "成人の日", KindHoliday},
		{day(2000, time.January, 10), "成人の日", KindHoliday},
		{day(2000, time.October, 9), "体育の日", KindHoliday},
		{day(2003, time.July, 21), "海の日", KindHoliday},
		{day(2003, time.September, 15), "敬老の日", KindHoliday},
		{day(2006, time.May, 4), "国民の休日", KindCitizens},
		{day(2007, time.April, 29), "昭和の日", KindHoliday},
		{day(2007, time.May, 4), "みどりの日", KindHoliday},
		{day(2008, time.May, 6), "振替休日", KindSubstitute}, // Sunday 4 May moved past 5 May
		{day(2009, time.September, 22), "国民の休日", KindCitizens},
		{day(2015, time.August, 11), "", 0},
		{day(2016, time.August, 11), "山の日", KindHoliday},
		{day(2018, time.December, 24), "振替休日", KindSubstitute},
		{day(2019, time.February, 23), "", 0},
		{day(2019, time.December, 23), "", 0},
		{day(2020, time.October, 12), "", 0}, // moved to 24 July
		{day(2022, time.October, 10), "スポーツの日", KindHoliday},
	}
	cal := mustNew(t, Options{})
	for _, tt := range tests {
		name, kind, ok := cal.Holiday(tt.date)
		if ok != (tt.name != "") || name != tt.name || kind != tt.kind {
			t.Errorf("Holiday(%s) = %q, %v, %v; want %q, %v", tt.date.Format(time.DateOnly), name, kind, ok, tt.name, tt.kind)
		}
	}
}

func TestEquinoxFormula(t *testing.T) {
	tests := []struct {
		year           int
		vernal, autumn int
	}{
		{1980, 20, 23},
		{2012, 20, 22}, // the first 22 September equinox in over a century
		{2016, 20, 22},
		{2023, 21, 23},
		{2027, 21, 23},
		{2030, 20, 23},
		{2092, 19, 22}, // the first 19 March equinox under the formula
	}
	for _, tt := range tests {
		if got := vernalEquinoxDay(tt.year); got != tt.vernal {
			t.Errorf("vernal equinox %d = Mar %d, want Mar %d", tt.year, got, tt.vernal)
		}
		if got := autumnalEquinoxDay(tt.year); got != tt.autumn {
			t.Errorf("autumnal equinox %d = Sep %d, want Sep %d", tt.year, got, tt.autumn)
		}
	}
}

// TestEveryYearIsWellFormed guards the whole range against the kinds of
// mistakes a rule change could make: duplicates, disorder, a substitute not
// after a Sunday holiday, or a year with a missing holiday.
func TestEveryYearIsWellFormed(t *testing.T) {
	cal := mustNew(t, Options{})
	for y := MinYear; y <= MaxYear; y++ {
		hs := cal.HolidaysIn(y)
		if len(hs) < 12 {
			t.Errorf("%d: only %d holidays", y, len(hs))
		}
		for i, h := range hs {
			if h.Date.Year() != y {
				t.Errorf("%d: %v dated in another year", y, h)
			}
			if i > 0 && !hs[i-1].Date.Before(h.Date) {
				t.Errorf("%d: %v not after %v", y, h, hs[i-1])
			}
			if h.Kind == KindSubstitute {
				// Walk back over holidays to the Sunday holiday it replaces.
				for prev := h.Date.AddDate(0, 0, -1); ; prev = prev.AddDate(0, 0, -1) {
					if _, k, ok := cal.Holiday(prev); !ok || k != KindHoliday {
						t.Errorf("%d: substitute %v not preceded by a Sunday holiday", y, h)
						break
					}
					if prev.Weekday() == time.Sunday {
						break
					}
				}
			}
		}
	}
	if hs := cal.HolidaysIn(MinYear - 1); hs != nil {
		t.Errorf("HolidaysIn(%d) = %v, want nil", MinYear-1, hs)
	}
	if hs := cal.HolidaysIn(MaxYear + 1); hs != nil {
		t.Errorf("HolidaysIn(%d) = %v, want nil", MaxYear+1, hs)
	}
}
