package jpdate

import (
	"errors"
	"testing"
	"time"
)

func TestParseEveryForm(t *testing.T) {
	want := Date{1993, time.May, 19}
	for _, s := range []string{"1993-05-19", "1993/5/19", "1993.5.19", "19930519", "1993年5月19日",
		"平成5年5月19日", "H5.5.19", "h05/05/19", "Ｈ５．５．１９", "１９９３－０５－１９", " 平成5年5月19日 ", "平成 5年5月19日"} {
		got, err := Parse(s)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for s, w := range map[string]Date{
		"令和元年5月1日": {2019, 5, 1}, "R1.5.1": {2019, 5, 1}, "平成31年4月30日": {2019, 4, 30},
		"昭和64年1月7日": {1989, 1, 7}, "平成元年1月8日": {1989, 1, 8}, "S60.1.1": {1985, 1, 1},
		"大正15年12月24日": {1926, 12, 24}, "2024-02-29": {2024, 2, 29},
	} {
		if got, err := Parse(s); err != nil || got != w {
			t.Errorf("Parse(%q) = %v, %v; want %v", s, got, err, w)
		}
	}
}

func TestParseRefusesWithAReason(t *testing.T) {
	for s, r := range map[string]Reason{
		"平成31年5月1日": OutsideEra, "昭和64年1月8日": OutsideEra, "平成0年1月1日": OutsideEra, "令和100年1月1日": OutsideEra,
		"2023-02-29": NoSuchDay, "20230229": NoSuchDay, "1993/4/31": NoSuchDay, "1993-13-01": NoSuchDay, "H5.2.30": NoSuchDay,
		"": NotADate, "佐藤": NotADate, "1993-05": NotADate, "93-5-19": NotADate, "1993--5-19": NotADate,
		"1993-05/19": NotADate, "1993年5月": NotADate, "123456789": NotADate, "X5.5.19": NotADate,
	} {
		_, err := Parse(s)
		var e *Error
		if !errors.As(err, &e) || e.Reason != r || !errors.Is(err, ErrNotADate) {
			t.Errorf("Parse(%q) = %v; want reason %d", s, err, r)
			continue
		}
		if e.Error() == "" {
			t.Errorf("Parse(%q): empty message", s)
		}
	}
	_, err := Parse("平成31年5月1日")
	if want := `"平成31年5月1日": 平成 runs from 1989-01-08 to 2019-04-30`; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
}

func TestFormatEra(t *testing.T) {
	for d, want := range map[Date]string{
		{1993, 5, 19}: "平成5年5月19日", {2019, 5, 1}: "令和元年5月1日", {2019, 4, 30}: "平成31年4月30日",
		{1989, 1, 7}: "昭和64年1月7日", {1850, 1, 1}: "1850年1月1日",
	} {
		if got := FormatEra(d); got != want {
			t.Errorf("FormatEra(%v) = %q, want %q", d, got, want)
		}
		if got, err := Parse(FormatEra(d)); d.Year >= 1873 && (err != nil || got != d) {
			t.Errorf("Parse(FormatEra(%v)) = %v, %v", d, got, err)
		}
	}
	if got := Format(Date{1993, 5, 19}); got != "1993年5月19日" {
		t.Errorf("Format = %q", got)
	}
}
