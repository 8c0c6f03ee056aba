package cardtest

import (
	"strings"
	"testing"

	"spdesk/cardops"
	"spdesk/tui/ui"
)

func TestCardCodesAreInTheCatalog(t *testing.T) {
	c := ui.NewCatalog(ui.LangEN)
	keys := []string{verdictKey("mute")}
	for _, v := range cardops.Variants() {
		keys = append(keys, variantKey(v))
	}
	for _, v := range []cardops.VerdictCode{cardops.VerdictOK, cardops.VerdictSuspended, cardops.VerdictRevoked,
		cardops.VerdictExpired, cardops.VerdictBlocked, cardops.VerdictNotGenuine, cardops.VerdictUnknown,
		cardops.VerdictUnreadable, cardops.VerdictForeign, cardops.VerdictNoCard, cardops.VerdictNoReader} {
		keys = append(keys, verdictKey(v))
	}
	for _, k := range []cardops.ErrorKind{cardops.KindNotBuilt, cardops.KindPCSCDown, cardops.KindNoReader,
		cardops.KindReaderBusy, cardops.KindNoCard, cardops.KindRemoved, cardops.KindMute, cardops.KindBadATR,
		cardops.KindForeign, cardops.KindWrongAID, cardops.KindCorrupt, cardops.KindBadMAC, cardops.KindBlocked,
		cardops.KindTriesLeft, cardops.KindExpired, cardops.KindIO} {
		keys = append(keys, kindKey(k))
	}
	for _, k := range keys {
		if strings.HasPrefix(c.T(k), "[") {
			t.Errorf("no catalog text for %s", k)
		}
	}
}
