package workflows

import (
	"spdesk/internal/jpdate"
	"spdesk/internal/msg"
	"spdesk/store"
	"spdesk/workflows/textsafe"
)

// SearchHint is a part of a search query that was not searched for, and
// why (SearchResult.Hints).
type SearchHint = store.Hint

// The search hint codes, and what the search box matched on beyond the
// name and numbers (issue 15).
const (
	MatchFormerName = store.MatchFormerName
	MatchBirthDate  = store.MatchBirthDate
	MatchPostalCode = store.MatchPostalCode
)

func init() {
	Messages.Add(msg.Set{
		"search.hint.no_such_day":   {"「{part}」という日付は暦にありません。年・月・日を確かめてください", "there is no such day as {part}: check the year, month and day"},
		"search.hint.outside_era":   {"「{part}」はその元号の期間外です。西暦か別の元号で入力してください", "{part} falls outside that era: give the year in the western calendar or the right era"},
		"search.hint.postal_length": {"「{part}」は郵便番号の桁数と合いません。7桁（〒123-4567）か先頭3桁で入力してください", "{part} is not a postal code: give all seven digits (〒123-4567) or the first three"},
		"search.hint.romaji":        {"「{part}」はローマ字の読みになりません。かなで入力してみてください", "{part} does not spell a Japanese reading: try it in kana"},
		"search.hint.nothing":       {"検索できる文字がありません。名前・番号・電話・メールを入力してください", "nothing in the query can be searched: type a name, a number, a phone or an e-mail"},
		"search.former_name":        {"旧姓 {name}（{until}まで）", "former name {name} (until {until})"},
	})
}

// SearchHintText is what the console says of a hint, in lang; the part
// the operator typed is made safe to show.
func SearchHintText(h SearchHint, lang string) string {
	key := map[store.HintCode]string{
		store.HintNoSuchDay:    "search.hint.no_such_day",
		store.HintOutsideEra:   "search.hint.outside_era",
		store.HintPostalLength: "search.hint.postal_length",
		store.HintRomaji:       "search.hint.romaji",
		store.HintNothing:      "search.hint.nothing",
	}[h.Code]
	if key == "" {
		key = "search.hint.nothing"
	}
	return render(key, map[string]string{"part": textsafe.Show(h.Part)}, lang)
}

// FormerNameText is the line a hit found by a former name shows: which
// name, and the last day the member had it. "" for any other hit.
func FormerNameText(h Hit, lang string) string {
	if h.Former == nil {
		return ""
	}
	f := h.Former
	name := textsafe.Show(f.FamilyName + " " + f.GivenName)
	until := jpdate.Format(jpdate.Of(f.Until.Time))
	if lang != msg.JA {
		until = f.Until.String()
	}
	return render("search.former_name", map[string]string{"name": name, "until": until}, lang)
}
