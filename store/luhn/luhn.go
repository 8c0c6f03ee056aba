// Package luhn owns the Luhn check digit that ends every member number
// (9+1 digits) and card number (15+1).
//
// It is a leaf: standard library only, no other spdesk package. That is
// why it may sit under store and still be imported by cardops, which
// otherwise stands apart from the store: the card profile checks the
// numbers it reads with the same rule the store's records, the workflows
// that issue cards and the fixtures that invent them use, and importing
// it brings in no database and no driver. Nothing else under store may be
// imported by cardops.
package luhn

// Digit returns the check digit for payload, a string of decimal digits
// (the caller makes sure of that: a non-digit gives a meaningless digit).
func Digit(payload string) byte {
	sum := 0
	double := true // the rightmost payload digit is doubled
	for i := len(payload) - 1; i >= 0; i-- {
		d := int(payload[i] - '0')
		if double {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return byte('0' + (10-sum%10)%10)
}

// Valid reports whether s is at least two decimal digits and ends in the
// check digit of the rest.
func Valid(s string) bool {
	if len(s) < 2 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return Digit(s[:len(s)-1]) == s[len(s)-1]
}
