package cardops

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestVerdictTable(t *testing.T) {
	today := date(2026, 1, 15)
	healthy := func() *Result {
		return &Result{Reader: "r", ATR: ProfileATR(), ATRValid: true, Profile: true, CardNo: "9800000000000011",
			MemberNo: "1000000016", Kind: CardStandard, Issued: date(2025, 1, 15), Expires: date(2030, 1, 14),
			TriesLeft: 10, Genuine: true}
	}
	db := DBCard{Found: true, MemberNo: "1000000016", Status: DBActive, Kind: "standard"}
	with := func(f func(r *Result)) *Result { r := healthy(); f(r); return r }
	dbWith := func(f func(d *DBCard)) DBCard { d := db; f(&d); return d }
	tests := []struct {
		name string
		r    *Result
		db   DBCard
		want VerdictCode
	}{
		{"ok", healthy(), db, VerdictOK},
		{"ok with tries used", with(func(r *Result) { r.TriesLeft, r.ErrorKind = 4, KindTriesLeft }), db, VerdictOK},
		{"nil result", nil, db, VerdictNoCard},
		{"not built", &Result{ErrorKind: KindNotBuilt}, db, VerdictNoReader},
		{"pcscd down", &Result{ErrorKind: KindPCSCDown}, db, VerdictNoReader},
		{"no reader", &Result{ErrorKind: KindNoReader}, db, VerdictNoReader},
		{"reader busy", &Result{ErrorKind: KindReaderBusy}, db, VerdictNoReader},
		{"no card", &Result{ErrorKind: KindNoCard}, db, VerdictNoCard},
		{"removed", with(func(r *Result) { r.ErrorKind = KindRemoved }), db, VerdictNoCard},
		{"foreign", &Result{ErrorKind: KindForeign, ATRValid: true}, db, VerdictForeign},
		{"mute", &Result{ErrorKind: KindMute}, db, VerdictUnreadable},
		{"bad ATR", with(func(r *Result) { r.ErrorKind, r.ATRValid = KindBadATR, false }), db, VerdictUnreadable},
		{"wrong AID", &Result{ErrorKind: KindWrongAID}, db, VerdictUnreadable},
		{"corrupt", with(func(r *Result) { r.ErrorKind, r.CardNo = KindCorrupt, "" }), db, VerdictUnreadable},
		{"io", &Result{ErrorKind: KindIO}, db, VerdictUnreadable},
		{"no profile, no kind", &Result{ATRValid: true}, db, VerdictForeign},
		{"bad MAC beats everything in the database", with(func(r *Result) { r.Genuine, r.ErrorKind = false, KindBadMAC }), dbWith(func(d *DBCard) { d.Status = DBRevoked }), VerdictNotGenuine},
		{"bad MAC, not in database", with(func(r *Result) { r.Genuine = false }), DBCard{}, VerdictNotGenuine},
		{"unknown", healthy(), DBCard{}, VerdictUnknown},
		{"another member's card", healthy(), dbWith(func(d *DBCard) { d.MemberNo = "2000000005" }), VerdictUnknown},
		{"revoked beats expired", with(func(r *Result) { r.Expires = date(2025, 1, 1) }), dbWith(func(d *DBCard) { d.Status = DBRevoked }), VerdictRevoked},
		{"odd status counts as revoked", healthy(), dbWith(func(d *DBCard) { d.Status = "cancelled" }), VerdictRevoked},
		{"suspended beats blocked", with(func(r *Result) { r.Blocked = true }), dbWith(func(d *DBCard) { d.Status = DBSuspended }), VerdictSuspended},
		{"expired by card date", with(func(r *Result) { r.Expires, r.ErrorKind = date(2026, 1, 14), KindExpired }), db, VerdictExpired},
		{"valid through its expiry day", with(func(r *Result) { r.Expires = date(2026, 1, 15) }), db, VerdictOK},
		{"expired by database date", healthy(), dbWith(func(d *DBCard) { d.ExpiresOn = date(2025, 12, 31) }), VerdictExpired},
		{"expired beats blocked", with(func(r *Result) { r.Expires, r.Blocked = date(2025, 1, 1), true }), db, VerdictExpired},
		{"blocked", with(func(r *Result) { r.Blocked, r.TriesLeft, r.ErrorKind = true, 0, KindBlocked }), db, VerdictBlocked},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Verdict(tt.r, tt.db, today); got != tt.want {
				t.Errorf("Verdict = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestVerdictUsesTheCallersDay(t *testing.T) {
	r := &Result{Profile: true, CardNo: "9800000000000011", MemberNo: "1000000016", Genuine: true, Expires: date(2026, 1, 15)}
	db := DBCard{Found: true, Status: DBActive}
	jst := time.FixedZone("JST", 9*3600)
	// 23:30 on the expiry day in Tokyo is still the expiry day there.
	if got := Verdict(r, db, time.Date(2026, 1, 15, 23, 30, 0, 0, jst)); got != VerdictOK {
		t.Errorf("last evening: %q", got)
	}
	if got := Verdict(r, db, time.Date(2026, 1, 16, 0, 30, 0, 0, jst)); got != VerdictExpired {
		t.Errorf("next morning: %q", got)
	}
}

func TestReportJSON(t *testing.T) {
	card := newTestCard(t, VariantTriesLeft, 4)
	r := NewVirtualReader("", card)
	r.Insert(card)
	res := RunCardTest(t.Context(), r, "", testOptions())
	rep := NewReport(res, DBCard{Found: true, MemberNo: res.MemberNo, Status: DBActive}, testNow, "en")
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	keys := []string{"reader", "atr", "atr_valid", "profile", "card_no", "member_no", "kind", "expires",
		"tries_left", "blocked", "genuine", "in_database", "db_status", "verdict", "advice"}
	if len(m) != len(keys) {
		t.Errorf("report has %d keys, want %d: %s", len(m), len(keys), b)
	}
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("report lacks %q: %s", k, b)
		}
	}
	if m["verdict"] != "ok" || m["atr"] != "3B8B8001534146455459504153530106" || m["kind"] != "standard" ||
		m["tries_left"] != 4.0 || m["expires"] != res.Expires.Format(time.DateOnly) || m["db_status"] != "active" {
		t.Errorf("report values: %s", b)
	}
	if adv := m["advice"].(string); !strings.Contains(adv, "4 password tries are left") {
		t.Errorf("advice does not mention the tries: %q", adv)
	}
	empty := NewReport(nil, DBCard{}, testNow, "ja")
	if empty.Verdict != VerdictNoCard || empty.Advice == "" || empty.TriesLeft != -1 {
		t.Errorf("report of nothing: %+v", empty)
	}
}

func TestAdviceCoversEveryKey(t *testing.T) {
	var keys []string
	for _, k := range []ErrorKind{KindNotBuilt, KindPCSCDown, KindNoReader, KindReaderBusy, KindNoCard, KindRemoved,
		KindMute, KindBadATR, KindForeign, KindWrongAID, KindCorrupt, KindBadMAC, KindBlocked, KindTriesLeft, KindExpired, KindIO} {
		keys = append(keys, k.MessageKey())
	}
	for _, v := range []VerdictCode{VerdictOK, VerdictSuspended, VerdictRevoked, VerdictExpired, VerdictBlocked,
		VerdictNotGenuine, VerdictUnknown, VerdictUnreadable, VerdictForeign, VerdictNoCard, VerdictNoReader} {
		keys = append(keys, v.MessageKey())
	}
	keys = append(keys, "card.err.test_deadline") // no kind of its own: see ErrTestDeadline
	keys = append(keys, "card.tries_count")       // added to the ok verdict by AdviceFor
	for _, k := range keys {
		if Advice(k, "en") == "" || Advice(k, "ja") == "" {
			t.Errorf("%s lacks ja or en advice", k)
		}
	}
	if len(Messages) != len(keys) {
		t.Errorf("the catalog has %d entries for %d keys", len(Messages), len(keys))
	}
	for _, p := range Messages.Problems() {
		t.Error(p)
	}
	if Advice("card.err.mute", "fr") != Advice("card.err.mute", "en") {
		t.Error("unknown language should fall back to en")
	}
	// A good card with spent tries says how many are left, in either language.
	tries := &Result{ErrorKind: KindTriesLeft, TriesLeft: 3}
	if a := AdviceFor(tries, VerdictOK, "ja"); !strings.Contains(a, "残り試行回数は 3 回です。 パスワードの誤入力") {
		t.Errorf("ja tries advice: %q", a)
	}
	if a := AdviceFor(tries, VerdictOK, "en"); a != Advice("card.verdict.ok", "en")+" 3 password tries are left. "+Advice("card.err.tries_left", "en") {
		t.Errorf("en tries advice: %q", a)
	}
	// The specific kind speaks over the coarse verdict.
	mute := &Result{ErrorKind: KindMute}
	if AdviceFor(mute, VerdictUnreadable, "en") != Advice("card.err.mute", "en") {
		t.Error("mute advice not used for an unreadable verdict")
	}
	// The database's verdict speaks over a card-side finding.
	expired := &Result{ErrorKind: KindExpired}
	if AdviceFor(expired, VerdictRevoked, "en") != Advice("card.verdict.revoked", "en") {
		t.Error("revoked advice not used")
	}
}
