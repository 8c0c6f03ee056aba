package cardops

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"spdesk/store/luhn"
)

// The "spdesk card v1" profile (DESIGN.md "Card profile").
const (
	profileHistorical = "SAFETYPASS\x01"
	// ProfileTries is the number of password tries a fresh card has.
	ProfileTries = 10
	// ChallengeLen is the INTERNAL AUTHENTICATE challenge and MAC length.
	ChallengeLen = 16
)

// Card data tags.
const (
	TagCardNo   uint32 = 0x5A
	TagIssued   uint32 = 0x5F25
	TagExpires  uint32 = 0x5F24
	TagMemberNo uint32 = 0xC1
	TagKind     uint32 = 0xC2
	TagCompany  uint32 = 0xC3
)

// ProfileAID is the application identifier, D3 92 F0 00 53 50 01.
func ProfileAID() []byte { return []byte{0xD3, 0x92, 0xF0, 0x00, 0x53, 0x50, 0x01} }

// ProfileATR is the profile's ATR: 3B 8B 80 01, "SAFETYPASS" 01, TCK. It
// offers T=0 then T=1 (TD1 = 80, TD2 = 01).
func ProfileATR() []byte {
	body := append([]byte{0x8B, 0x80, 0x01}, profileHistorical...)
	return append(append([]byte{0x3B}, body...), checksumTCK(body))
}

// IsProfileATR reports whether the ATR's historical bytes are the profile's,
// i.e. the card claims to be a Safety Pass card (its TCK may still be
// wrong; see ParseATR).
func IsProfileATR(atr *ATR) bool {
	return atr != nil && string(atr.Historical) == profileHistorical
}

// CardKind is the kind of card, tag C2.
type CardKind byte

// The card kinds.
const (
	CardStandard CardKind = 0x01
	CardCredit   CardKind = 0x02 // credit-function card (クレジット機能付きカード)
)

// String is "standard" or "credit", the names used in JSON and by the
// database.
func (k CardKind) String() string {
	switch k {
	case CardStandard:
		return "standard"
	case CardCredit:
		return "credit"
	}
	return fmt.Sprintf("kind-%02X", byte(k))
}

// MarshalText implements encoding.TextMarshaler.
func (k CardKind) MarshalText() ([]byte, error) {
	if k == 0 {
		return []byte{}, nil
	}
	return []byte(k.String()), nil
}

// ParseCardKind accepts "standard" or "credit".
func ParseCardKind(s string) (CardKind, error) {
	switch s {
	case "standard":
		return CardStandard, nil
	case "credit":
		return CardCredit, nil
	}
	return 0, fmt.Errorf("card kind %q: want standard or credit", s)
}

// CardData is the content of the card data file (EF 01 01).
type CardData struct {
	CardNo   string // 16 digits, the last a Luhn check digit
	MemberNo string // 10 digits, the last a Luhn check digit over the first 9
	Kind     CardKind
	Company  string // card company code, credit-function cards only
	Issued   time.Time
	Expires  time.Time // valid through the whole of this day
}

// ErrCardData is wrapped by every card data validation error.
var ErrCardData = errors.New("card data")

func dataErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrCardData, fmt.Sprintf(format, args...))
}

// Validate checks the fields against the profile.
func (d CardData) Validate() error {
	if len(d.CardNo) != 16 || !luhn.Valid(d.CardNo) {
		return dataErr("card number %q is not 16 digits with a Luhn check digit", d.CardNo)
	}
	if len(d.MemberNo) != 10 || !luhn.Valid(d.MemberNo) {
		return dataErr("member number %q is not 10 digits with a Luhn check digit", d.MemberNo)
	}
	switch d.Kind {
	case CardStandard:
		if d.Company != "" {
			return dataErr("a standard card carries no card company")
		}
	case CardCredit:
		if d.Company == "" || len(d.Company) > 32 || !printableASCII(d.Company) {
			return dataErr("credit-function card needs a card company code of 1-32 printable ASCII characters")
		}
	default:
		return dataErr("card kind %02X is neither 01 nor 02", byte(d.Kind))
	}
	for _, t := range []time.Time{d.Issued, d.Expires} {
		if t.Year() < 2000 || t.Year() > 2099 {
			return dataErr("date %s is outside 2000-2099", t.Format(time.DateOnly))
		}
	}
	if d.Expires.Before(d.Issued) {
		return dataErr("expires %s before it was issued %s", d.Expires.Format(time.DateOnly), d.Issued.Format(time.DateOnly))
	}
	return nil
}

// Encode renders the card data file as the profile's flat BER-TLV.
func (d CardData) Encode() ([]byte, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	objs := []TLV{
		{Tag: TagCardNo, Value: bcdDigits(d.CardNo)},
		{Tag: TagIssued, Value: bcdDate(d.Issued)},
		{Tag: TagExpires, Value: bcdDate(d.Expires)},
		{Tag: TagMemberNo, Value: []byte(d.MemberNo)},
		{Tag: TagKind, Value: []byte{byte(d.Kind)}},
	}
	if d.Kind == CardCredit {
		objs = append(objs, TLV{Tag: TagCompany, Value: []byte(d.Company)})
	}
	return EncodeTLV(objs...)
}

// ParseCardData parses and validates the card data file. Every error wraps
// ErrCardData or one of the ErrTLV errors.
func ParseCardData(b []byte) (CardData, error) {
	objs, err := ParseTLV(b)
	if err != nil {
		return CardData{}, err
	}
	fields := map[uint32][]byte{}
	for _, o := range objs {
		switch o.Tag {
		case TagCardNo, TagIssued, TagExpires, TagMemberNo, TagKind, TagCompany:
			if _, dup := fields[o.Tag]; dup {
				return CardData{}, dataErr("tag %X appears twice", o.Tag)
			}
			fields[o.Tag] = o.Value
		}
		// Other tags are ignored: room for a later profile version.
	}
	for _, tag := range []uint32{TagCardNo, TagIssued, TagExpires, TagMemberNo, TagKind} {
		if _, ok := fields[tag]; !ok {
			return CardData{}, dataErr("tag %X missing", tag)
		}
	}
	var d CardData
	if d.CardNo, err = parseBCDDigits(fields[TagCardNo], 8); err != nil {
		return CardData{}, err
	}
	if d.Issued, err = parseBCDDate(fields[TagIssued]); err != nil {
		return CardData{}, err
	}
	if d.Expires, err = parseBCDDate(fields[TagExpires]); err != nil {
		return CardData{}, err
	}
	d.MemberNo = string(fields[TagMemberNo])
	if !allDigits(d.MemberNo) {
		return CardData{}, dataErr("member number is not ASCII digits")
	}
	if k := fields[TagKind]; len(k) != 1 {
		return CardData{}, dataErr("card kind is %d bytes, want 1", len(k))
	} else {
		d.Kind = CardKind(k[0])
	}
	if c, ok := fields[TagCompany]; ok {
		if len(c) == 0 {
			return CardData{}, dataErr("card company code is empty")
		}
		d.Company = string(c)
	}
	return d, d.Validate()
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7E {
			return false
		}
	}
	return true
}

// bcdDigits packs an even number of digits two per byte.
func bcdDigits(s string) []byte {
	b := make([]byte, len(s)/2)
	for i := range b {
		b[i] = (s[2*i]-'0')<<4 | (s[2*i+1] - '0')
	}
	return b
}

func parseBCDDigits(b []byte, n int) (string, error) {
	if len(b) != n {
		return "", dataErr("BCD field is %d bytes, want %d", len(b), n)
	}
	var s bytes.Buffer
	for _, c := range b {
		hi, lo := c>>4, c&0x0F
		if hi > 9 || lo > 9 {
			return "", dataErr("BCD byte %02X is not two digits", c)
		}
		s.WriteByte('0' + hi)
		s.WriteByte('0' + lo)
	}
	return s.String(), nil
}

// bcdDate is YYMMDD in BCD, year 20YY.
func bcdDate(t time.Time) []byte {
	return bcdDigits(t.Format("060102"))
}

func parseBCDDate(b []byte) (time.Time, error) {
	s, err := parseBCDDigits(b, 3)
	if err != nil {
		return time.Time{}, err
	}
	t, err := time.Parse("20060102", "20"+s)
	if err != nil {
		return time.Time{}, dataErr("date %s is not a calendar date", s)
	}
	return t, nil
}

// DateOnly truncates t to its calendar day in t's location, returned as
// midnight UTC, the form card dates are kept in.
func DateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
