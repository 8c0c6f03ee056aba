package workflows

import (
	"strings"
	"testing"

	"spdesk/store"
)

// TestSearchHintsSpeakBothLanguages: every hint the search gives has a
// sentence in Japanese and English naming the part typed, and a former
// name hit says which name and until when.
func TestSearchHintsSpeakBothLanguages(t *testing.T) {
	for _, c := range []store.HintCode{store.HintNoSuchDay, store.HintOutsideEra, store.HintPostalLength, store.HintRomaji} {
		for _, lang := range []string{"ja", "en"} {
			got := SearchHintText(SearchHint{Code: c, Part: "平成31年5月1日"}, lang)
			if !strings.Contains(got, "平成31年5月1日") || strings.Contains(got, "{") {
				t.Errorf("%s %s: %q", c, lang, got)
			}
		}
	}
	h := Hit{MatchedOn: MatchFormerName, Former: &store.FormerName{FamilyName: "山田", GivenName: "花子", Until: store.MakeDate(2024, 6, 1)}}
	if got := FormerNameText(h, "ja"); got != "旧姓 山田 花子（2024年6月1日まで）" {
		t.Errorf("ja: %q", got)
	}
	if got := FormerNameText(h, "en"); got != "former name 山田 花子 (until 2024-06-01)" {
		t.Errorf("en: %q", got)
	}
	if FormerNameText(Hit{}, "ja") != "" {
		t.Error("a hit by the current name has a former-name line")
	}
}
