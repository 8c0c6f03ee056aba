package store

// LuhnDigit returns the Luhn check digit for a string of decimal digits.
// Member numbers (9+1) and card numbers (15+1) both end in one.
func LuhnDigit(digits string) byte {
	sum := 0
	double := true // the rightmost payload digit is doubled
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return byte('0' + (10-sum%10)%10)
}

// LuhnValid reports whether s is all digits and ends in its Luhn check digit.
func LuhnValid(s string) bool {
	if len(s) < 2 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return LuhnDigit(s[:len(s)-1]) == s[len(s)-1]
}
