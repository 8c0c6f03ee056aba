// Package vardata builds the variant-kanji table of package kanjivar from
// kept data sets: Unicode's Unihan database and KANJIDIC2, as Debian ships
// them (packages unicode-data and kanjidic-xml). The generator writes its
// output into kanjivar's table.go, and kanjivar's test builds it again
// from the same files and compares.
//
// What is kept, so that folding is safe for names: a mapping goes from a
// non-standard form to a standard one, where standard means a 常用 or
// 人名用 kanji as Unihan lists them (kJoyoKanji, kJinmeiyoKanji without a
// target). Two standard kanji are never folded together (埼 and 崎 are
// different names), except the pairs in Joins, each checked against the
// data. By trust:
//
//  1. the official old-to-new pairs: kJinmeiyoKanji and kJoyoKanji values
//     that name a target (國→国, 廣→広, 嶋→島, 冨→富, 德→徳, 眞→真, 櫻→桜);
//  2. KANJIDIC2's variant cross-references (澤→沢, 濱→浜, 齋→斎, 邊→辺);
//  3. Unihan's kZVariant and the kSemanticVariant a dictionary marks as
//     the same character (Z: 﨑→崎);
//  4. Unihan's other kSemanticVariant and kSpoofingVariant (髙→高).
//
// Levels 3 and 4 are read only from a form in a Japanese character set
// (JIS X 0208/0212/0213, IBM extension). Fold applies NFKC first, so the
// table maps unified forms (祐 U+FA4F is already 祐 U+7950 there).
//
// A form with two standard targets at its best level is dropped: which
// name it stands for is not known. Chains end at a standard kanji.
package vardata

import (
	"bufio"
	"compress/bzip2"
	"compress/gzip"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Files are where Debian puts the data sets.
var Files = struct{ UnihanVariants, UnihanOther, Kanjidic string }{
	"/usr/share/unicode/Unihan_Variants.txt.bz2",
	"/usr/share/unicode/Unihan_OtherMappings.txt.bz2",
	"/usr/share/edict/kanjidic2.xml.gz",
}

// Joins are standard kanji folded into another standard one on purpose:
// the same surname written either way (斉藤/斎藤), and joined in the data
// by way of their old forms (齊 and 齋 are kSpecializedSemanticVariant of
// each other in Unihan). Build checks that link is there.
var Joins = [][3]rune{{'斉', '斎', '齊'}}

// Build reads the three files and returns the table, variant to standard.
func Build() (map[rune]rune, error) {
	variants, err := unihan(Files.UnihanVariants)
	if err != nil {
		return nil, err
	}
	other, err := unihan(Files.UnihanOther)
	if err != nil {
		return nil, err
	}
	kd, err := kanjidic(Files.Kanjidic)
	if err != nil {
		return nil, err
	}
	return build(variants, other, kd)
}

// field is one Unihan line's value by character and field name.
type unihanData map[rune]map[string]string

func unihan(path string) (unihanData, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w (apt-get install unicode-data)", err)
	}
	defer f.Close()
	out := unihanData{}
	sc := bufio.NewScanner(bzip2.NewReader(f))
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), "\t", 3)
		if len(parts) != 3 || !strings.HasPrefix(parts[0], "U+") {
			continue
		}
		r, ok := codepoint(parts[0])
		if !ok {
			continue
		}
		if out[r] == nil {
			out[r] = map[string]string{}
		}
		out[r][parts[1]] = parts[2]
	}
	return out, sc.Err()
}

func codepoint(s string) (rune, bool) {
	s, _, _ = strings.Cut(s, "<")
	n, err := strconv.ParseUint(strings.TrimPrefix(s, "U+"), 16, 32)
	return rune(n), err == nil && strings.HasPrefix(s, "U+")
}

// targets are the code points named in a Unihan value ("U+5D0E<kMorohashi U+FA11").
func targets(v string) []rune {
	var out []rune
	for _, w := range strings.Fields(v) {
		if i := strings.Index(w, "U+"); i > 0 {
			w = w[i:] // "2010:U+56FD"
		}
		if r, ok := codepoint(w); ok {
			out = append(out, r)
		}
	}
	return out
}

type kdChar struct {
	Literal string `xml:"literal"`
	CP      []struct {
		Type  string `xml:"cp_type,attr"`
		Value string `xml:",chardata"`
	} `xml:"codepoint>cp_value"`
	Variants []struct {
		Type  string `xml:"var_type,attr"`
		Value string `xml:",chardata"`
	} `xml:"misc>variant"`
}

// kanjidic returns each character's variants as KANJIDIC2 cross-references
// them (by JIS code or UCS), resolved to code points.
func kanjidic(path string) (map[rune][]rune, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w (apt-get install kanjidic-xml)", err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	dec := xml.NewDecoder(gz)
	dec.Strict = false // the file declares entities in its DTD
	var chars []kdChar
	byCode := map[string]rune{}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "character" {
			continue
		}
		var c kdChar
		if err := dec.DecodeElement(&c, &se); err != nil {
			return nil, err
		}
		rs := []rune(c.Literal)
		if len(rs) != 1 {
			continue
		}
		for _, cp := range c.CP {
			byCode[cp.Type+":"+cp.Value] = rs[0]
		}
		chars = append(chars, c)
	}
	out := map[rune][]rune{}
	for _, c := range chars {
		r := []rune(c.Literal)[0]
		for _, v := range c.Variants {
			var t rune
			switch v.Type {
			case "ucs":
				n, err := strconv.ParseUint(v.Value, 16, 32)
				if err != nil {
					continue
				}
				t = rune(n)
			case "jis208", "jis212", "jis213":
				var ok bool
				if t, ok = byCode[v.Type+":"+v.Value]; !ok {
					continue
				}
			default:
				continue
			}
			out[r] = append(out[r], t)
		}
	}
	return out, nil
}

func build(variants, other unihanData, kd map[rune][]rune) (map[rune]rune, error) {
	standard := map[rune]bool{}
	tier := []map[rune][]rune{{}, {}, {}, {}}
	for r, f := range other {
		for _, k := range []string{"kJoyoKanji", "kJinmeiyoKanji"} {
			v, ok := f[k]
			if !ok {
				continue
			}
			if ts := targets(v); len(ts) > 0 {
				tier[0][r] = append(tier[0][r], ts...)
			} else {
				standard[r] = true
			}
		}
	}
	japanese := func(r rune) bool {
		f := other[r]
		for _, k := range []string{"kJis0", "kJis1", "kJIS0213", "kIBMJapan"} {
			if _, ok := f[k]; ok {
				return true
			}
		}
		return standard[r]
	}
	for r, ts := range kd {
		tier[1][r] = append(tier[1][r], ts...)
	}
	for r, f := range variants {
		if !japanese(r) {
			continue
		}
		// Same-glyph variants first: kZVariant, and semantic variants a
		// dictionary marks Z (kMorohashi:Z, 﨑 for 崎).
		tier[2][r] = append(tier[2][r], targets(f["kZVariant"])...)
		for _, w := range strings.Fields(f["kSemanticVariant"]) {
			if _, src, ok := strings.Cut(w, "<"); ok && strings.Contains(src, "Z") {
				tier[2][r] = append(tier[2][r], targets(w)...)
			}
		}
		for _, k := range []string{"kSemanticVariant", "kSpoofingVariant"} {
			tier[3][r] = append(tier[3][r], targets(f[k])...)
		}
	}
	// Fold runs NFKC first, which turns compatibility ideographs (祐 U+FA4F)
	// into their unified form: the table speaks of what is left.
	nfkc := func(r rune) rune {
		if n := []rune(norm.NFKC.String(string(r))); len(n) == 1 {
			return n[0]
		}
		return r
	}
	for r := range standard {
		if n := nfkc(r); n != r {
			delete(standard, r)
			standard[n] = true
		}
	}
	for i, t := range tier {
		nt := map[rune][]rune{}
		for r, ts := range t {
			for _, x := range ts {
				nt[nfkc(r)] = append(nt[nfkc(r)], nfkc(x))
			}
		}
		tier[i] = nt
	}
	// One step: each non-standard form's standard targets at its best tier.
	step := map[rune]rune{}
	for _, t := range tier {
		for r, ts := range t {
			if standard[r] {
				continue
			}
			if _, done := step[r]; done {
				continue
			}
			var std []rune
			for _, x := range ts {
				if x != r && standard[x] && !slices.Contains(std, x) {
					std = append(std, x)
				}
			}
			switch len(std) {
			case 1:
				step[r] = std[0]
			case 0:
			default:
				step[r] = -1 // ambiguous: never folded
			}
		}
	}
	for r, t := range step {
		if t < 0 {
			delete(step, r)
		}
	}
	for _, j := range Joins {
		from, to, via := j[0], j[1], j[2]
		linked := false
		for _, x := range targets(variants[via]["kSpecializedSemanticVariant"]) {
			linked = linked || step[x] == to
		}
		if step[via] != from || !linked {
			return nil, fmt.Errorf("join %c→%c: the data no longer links them through %c", from, to, via)
		}
		step[from] = to
	}
	// Chains end at a standard kanji (or a joined one's target).
	for r := range step {
		t := step[r]
		for i := 0; i < 4; i++ {
			if n, ok := step[t]; ok && n != r {
				t = n
			}
		}
		step[r] = t
	}
	return step, nil
}

// Write prints the table as Go source.
func Write(w io.Writer, table map[rune]rune) error {
	keys := make([]rune, 0, len(table))
	for r := range table {
		keys = append(keys, r)
	}
	slices.Sort(keys)
	var b strings.Builder
	b.WriteString("// Code generated by go generate (internal/kanjivar/gen) from Unihan and KANJIDIC2; DO NOT EDIT.\n\npackage kanjivar\n\n")
	fmt.Fprintf(&b, "// table folds %d variant kanji to the standard form (see vardata).\nvar table = map[rune]rune{\n", len(keys))
	for i, r := range keys {
		if i%6 == 0 {
			b.WriteString("\t")
		}
		fmt.Fprintf(&b, "0x%X: 0x%X, // %c→%c\n", r, table[r], r, table[r])
		_ = i
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}
