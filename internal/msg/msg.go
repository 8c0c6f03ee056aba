// Package msg is the one format of operator-facing text: every package
// that speaks to people (tui, workflows, cardops, cmd) keeps its own Set
// of messages, each a key with its Japanese and English text and {name}
// placeholders, and looks them up and fills them through this package.
//
// It lives under internal/ because it is no layer of the design: it
// imports only the standard library, so cardops (standard library and
// PC/SC only) and workflows (store only) may both use it without either
// depending on the other, and no program outside the module sees it.
package msg

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// The languages every message is written in.
const (
	JA = "ja"
	EN = "en"
)

// M is one message: {Japanese, English}. Placeholders are {name}, the
// same names in both languages (word order may differ). An array rather
// than a struct so a catalog reads as one line per key.
type M [2]string

// JA is the Japanese text.
func (m M) JA() string { return m[0] }

// EN is the English text.
func (m M) EN() string { return m[1] }

// In is the text in lang; any language but Japanese gets English, the
// language a console without CJK fonts can still show.
func (m M) In(lang string) string {
	if lang == JA {
		return m[0]
	}
	return m[1]
}

// Set is one package's messages by key.
type Set map[string]M

// Add puts more's messages into s. Files of a package add their own
// messages at init; a key defined twice is a programming error, caught
// at start rather than one text silently replacing the other.
func (s Set) Add(more Set) {
	for k, m := range more {
		if _, dup := s[k]; dup {
			panic("msg: key defined twice: " + k)
		}
		s[k] = m
	}
}

// Text is key's text in lang, unfilled; ok is false for an unknown key.
func (s Set) Text(key, lang string) (text string, ok bool) {
	m, ok := s[key]
	if !ok {
		return "", false
	}
	return m.In(lang), true
}

// Problems lists every message of s that is blank in a language or whose
// languages name different placeholders, sorted; nil when all is well.
func (s Set) Problems() []string {
	var out []string
	for k, m := range s {
		if strings.TrimSpace(m[0]) == "" || strings.TrimSpace(m[1]) == "" {
			out = append(out, fmt.Sprintf("%s: a language is blank (ja %q, en %q)", k, m[0], m[1]))
			continue
		}
		ja, en := Names(m[0]), Names(m[1])
		if !slices.Equal(sorted(ja), sorted(en)) {
			out = append(out, fmt.Sprintf("%s: ja names %v, en names %v", k, ja, en))
		}
	}
	sort.Strings(out)
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// Names lists the placeholders of text in order of first appearance.
func Names(text string) []string {
	var out []string
	for i := 0; i < len(text); i++ {
		if text[i] != '{' {
			continue
		}
		if n, ok := nameAt(text[i+1:]); ok {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
			i += len(n) + 1
		}
	}
	return out
}

// nameAt reads "name}" at the start of s: a placeholder name is a lower
// case letter then letters, digits and underscores. Anything else
// (a brace in a text, "{ }") is text.
func nameAt(s string) (string, bool) {
	for j := 0; j < len(s); j++ {
		c := s[j]
		switch {
		case c == '}' && j > 0:
			return s[:j], true
		case c >= 'a' && c <= 'z', c == '_' && j > 0, c >= '0' && c <= '9' && j > 0:
		default:
			return "", false
		}
	}
	return "", false
}

// Fill replaces each {name} in text with its value; args come in name,
// value pairs. A placeholder without a value stays as it is, visible on
// screen rather than blank; FillChecked says so.
func Fill(text string, args ...string) string {
	out, _ := FillChecked(text, args...)
	return out
}

// FillChecked is Fill that also reports a placeholder left without a
// value, a value no placeholder asked for, and an odd argument list:
// tests use it so a caller and its text cannot drift apart.
func FillChecked(text string, args ...string) (string, error) {
	var problems []string
	if len(args)%2 != 0 {
		problems = append(problems, fmt.Sprintf("odd argument list %q", args))
	}
	used := make([]bool, len(args)/2)
	value := func(n string) (string, bool) {
		for i := 0; i+1 < len(args); i += 2 {
			if args[i] == n {
				used[i/2] = true
				return args[i+1], true
			}
		}
		return "", false
	}
	var b strings.Builder
	b.Grow(len(text))
	for i := 0; i < len(text); i++ {
		if text[i] == '{' {
			if n, ok := nameAt(text[i+1:]); ok {
				if v, ok := value(n); ok {
					b.WriteString(v)
				} else {
					problems = append(problems, "no value for {"+n+"}")
					b.WriteString("{" + n + "}")
				}
				i += len(n) + 1
				continue
			}
		}
		b.WriteByte(text[i])
	}
	for i, u := range used {
		if !u {
			problems = append(problems, "{"+args[2*i]+"} is not in the text")
		}
	}
	if problems != nil {
		return b.String(), fmt.Errorf("msg: %q: %s", text, strings.Join(problems, "; "))
	}
	return b.String(), nil
}
