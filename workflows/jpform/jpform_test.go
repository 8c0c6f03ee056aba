package jpform

import (
	"math"
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	for _, c := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2025, 6, 5, 0, 0, 0, 0, time.UTC), "2025年6月5日"},
		{time.Date(2026, 11, 26, 23, 59, 0, 0, time.UTC), "2026年11月26日"},
		// The day is the one of the location the time is in: 15:30 UTC on
		// the 31st is already New Year's Day in Tokyo.
		{time.Date(2025, 12, 31, 15, 30, 0, 0, time.UTC).In(tokyo), "2026年1月1日"},
		{time.Date(1980, 1, 2, 0, 0, 0, 0, tokyo), "1980年1月2日"},
	} {
		if got := Date(c.t); got != c.want {
			t.Errorf("Date(%v) = %q, want %q", c.t, got, c.want)
		}
	}
}

func TestPostal(t *testing.T) {
	for in, want := range map[string]string{
		"1234567":  "〒123-4567",
		"0000001":  "〒000-0001",
		"123456":   "〒123456",
		"12345678": "〒12345678",
		"abcdefg":  "〒abcdefg",
		"123-456":  "〒123-456",
		// Seven bytes that are not seven digits are never cut: cutting
		// after three bytes would split the first character.
		"東京x":     "〒東京x",
		"":        "〒",
		"１２３４５６７": "〒１２３４５６７",
	} {
		if got := Postal(in); got != want {
			t.Errorf("Postal(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCountAndYen(t *testing.T) {
	for n, want := range map[int]string{
		0: "0", 7: "7", 999: "999", 1000: "1,000", 25000: "25,000", 100000: "100,000",
		1234567: "1,234,567", -1: "-1", -100: "-100", -1000: "-1,000", -123456: "-123,456",
		math.MaxInt64: "9,223,372,036,854,775,807", math.MinInt64: "-9,223,372,036,854,775,808",
	} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
	if Yen(2500) != "¥2,500" || Yen(25) != "¥25" || Yen(1234567) != "¥1,234,567" {
		t.Error(Yen(2500), Yen(25), Yen(1234567))
	}
}

func TestDateTimeAndShortForms(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	at := time.Date(2026, 11, 25, 1, 5, 0, 0, time.UTC).In(tokyo) // 10:05 in Tokyo
	if got := DateTime(at); got != "2026年11月25日 10:05" {
		t.Errorf("DateTime = %q", got)
	}
	if got := MonthDay(at); got != "11月25日" {
		t.Errorf("MonthDay = %q", got)
	}
	if got := MonthDayTime(time.Date(2026, 1, 2, 0, 7, 0, 0, tokyo)); got != "1月2日 00:07" {
		t.Errorf("MonthDayTime = %q", got)
	}
}
