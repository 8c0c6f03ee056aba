package cardops

import (
	"bufio"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
)

// DefaultATRListPath is where Debian's pcsc-tools installs its list of
// known ATRs.
const DefaultATRListPath = "/usr/share/pcsc/smartcard_list.txt"

// ATRList names cards from their ATR, using pcsc-tools' smartcard_list.txt:
// an ATR line (a regular expression over the upper-case, space-separated
// ATR, e.g. "3B 8B 80 01 .. 06"), then one or more tab-indented
// description lines, then an empty line. Lines starting with # are
// comments.
type ATRList struct {
	entries []atrEntry

	once sync.Once // compiles the expressions on first Lookup
}

type atrEntry struct {
	pattern string
	// simple: the pattern is only hex digits, spaces and '.', so it
	// matches a string of its length with '.' as a wildcard: the same as
	// the anchored regular expression, minus compiling four thousand of
	// them (120 ms) on the first foreign card. All but a handful are.
	simple bool
	re     *regexp.Regexp // nil if simple or not valid RE2
	desc   []string
}

// ParseATRList reads a list in smartcard_list.txt format. Entries whose
// expression Go cannot compile are skipped at lookup (the file is written
// for Perl; so far every entry is valid RE2 too).
func ParseATRList(r io.Reader) (*ATRList, error) {
	l := &ATRList{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	var cur *atrEntry
	for sc.Scan() {
		line := strings.ToValidUTF8(strings.TrimRight(sc.Text(), "\r"), "?")
		switch {
		case strings.HasPrefix(line, "#"):
			continue
		case strings.TrimSpace(line) == "":
			cur = nil
		case line[0] == '\t' || line[0] == ' ':
			if cur != nil {
				cur.desc = append(cur.desc, strings.TrimSpace(line))
			}
		default:
			// Upper-cased only when plain: in a real expression case
			// matters (\d is not \D); it is matched with (?i) instead.
			pat := strings.TrimSpace(line)
			if up := strings.ToUpper(pat); simplePattern(up) {
				pat = up
			}
			l.entries = append(l.entries, atrEntry{pattern: pat, simple: simplePattern(pat)})
			cur = &l.entries[len(l.entries)-1]
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return l, nil
}

// LoadATRList reads the list at path.
func LoadATRList(path string) (*ATRList, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseATRList(f)
}

// Len is the number of ATR entries.
func (l *ATRList) Len() int {
	if l == nil {
		return 0
	}
	return len(l.entries)
}

// Lookup returns the descriptions of every entry matching atr, in file
// order; nil if none does (or l is nil). Safe for concurrent use.
func (l *ATRList) Lookup(atr []byte) []string {
	if l == nil || len(atr) == 0 {
		return nil
	}
	l.once.Do(func() {
		for i := range l.entries {
			if !l.entries[i].simple {
				// ATR_analysis matches /^$line$/i against "3B 8B ...".
				l.entries[i].re, _ = regexp.Compile("(?i)^(?:" + l.entries[i].pattern + ")$")
			}
		}
	})
	s := HexBytes(atr).Spaced()
	var out []string
	for _, e := range l.entries {
		if (e.simple && wildcardMatch(e.pattern, s)) || (e.re != nil && e.re.MatchString(s)) {
			out = append(out, e.desc...)
		}
	}
	return out
}

func simplePattern(p string) bool {
	for i := 0; i < len(p); i++ {
		c := p[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'F' || c == ' ' || c == '.') {
			return false
		}
	}
	return true
}

// wildcardMatch matches an upper-case simple pattern against s in full.
func wildcardMatch(pattern, s string) bool {
	if len(pattern) != len(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if pattern[i] != '.' && pattern[i] != s[i] {
			return false
		}
	}
	return true
}

var defaultATRList struct {
	once sync.Once
	list *ATRList
}

// DefaultATRList is the list at DefaultATRListPath, read once; nil when
// pcsc-tools is not installed.
func DefaultATRList() *ATRList {
	defaultATRList.once.Do(func() {
		defaultATRList.list, _ = LoadATRList(DefaultATRListPath)
	})
	return defaultATRList.list
}
