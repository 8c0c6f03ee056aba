package luhn

import "testing"

func TestValid(t *testing.T) {
	for _, s := range []string{"79927398713", "4111111111111111", "9800000000000011", "1000000016", "00"} {
		if !Valid(s) {
			t.Errorf("%s should be valid", s)
		}
	}
	for _, s := range []string{"79927398710", "4111111111111112", "", "7", "12a4", "1000000017", "１０００００００１６", "-0"} {
		if Valid(s) {
			t.Errorf("%q should be invalid", s)
		}
	}
}

// TestDigitMakesValid checks Digit and Valid agree on every payload of the
// shapes we issue, and that changing any one digit is caught.
func TestDigitMakesValid(t *testing.T) {
	for _, p := range []string{"100000001", "900000001", "980000000000001", "453201511283036", "000000000"} {
		s := p + string(Digit(p))
		if !Valid(s) {
			t.Errorf("%s: Valid refuses its own check digit", s)
		}
		for i := range len(s) {
			for d := byte('0'); d <= '9'; d++ {
				if d == s[i] {
					continue
				}
				b := []byte(s)
				b[i] = d
				if Valid(string(b)) {
					t.Errorf("%s with digit %d changed to %c still passes", s, i, d)
				}
			}
		}
	}
}
