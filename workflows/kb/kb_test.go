package kb

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
)

// faqPath is the member FAQ, the source of every fact here. CI checks the
// repository out with shared/ beside it, but a bare clone may not have it,
// and the FAQ's text must not be copied into the project. So what the tests
// need of it is kept in testdata instead: its result codes, and a
// fingerprint of every run of verbatimLimit characters (hashes, not text).
// TestFAQTestdataMatchesShared regenerates both from the FAQ when it is
// present and fails if the committed copies are stale
// (SPDESK_UPDATE_TESTDATA=1 rewrites them).
const faqPath = "../../../shared/seed/safetypass-faq.ja.txt"

const (
	faqCodesFile   = "testdata/faq-codes.txt"
	faqWindowsFile = "testdata/faq-windows.txt"
)

// knownCodes are the result codes the FAQ explains, kept here so the test
// means something even if the testdata list were emptied.
var knownCodes = []int{51, 52, 54, 58, 100}

func mustLoad(t *testing.T) []Article {
	t.Helper()
	arts, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return arts
}

// windowHash fingerprints one run of characters: 8 bytes of SHA-256 are
// plenty to tell 47 KB of windows apart, and reveal nothing of the text.
func windowHash(w string) string {
	h := sha256.Sum256([]byte(w))
	return hex.EncodeToString(h[:8])
}

// faqFingerprints returns the testdata lines the FAQ gives: its result
// codes, and the sorted hashes of every verbatimLimit-character window.
func faqFingerprints(faq string) (codes []int, windows []string) {
	r := squeeze(faq)
	seen := map[string]bool{}
	for i := 0; i+verbatimLimit <= len(r); i++ {
		h := windowHash(string(r[i : i+verbatimLimit]))
		if !seen[h] {
			seen[h] = true
			windows = append(windows, h)
		}
	}
	slices.Sort(windows)
	return faqCodes(faq), windows
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(data))
}

func TestFAQTestdataMatchesShared(t *testing.T) {
	data, err := os.ReadFile(faqPath)
	if os.IsNotExist(err) {
		t.Skipf("%s not present: the committed testdata is used as it is", faqPath)
	}
	if err != nil {
		t.Fatal(err)
	}
	codes, windows := faqFingerprints(string(data))
	var codeLines []string
	for _, c := range codes {
		codeLines = append(codeLines, strconv.Itoa(c))
	}
	if os.Getenv("SPDESK_UPDATE_TESTDATA") != "" {
		for file, lines := range map[string][]string{faqCodesFile: codeLines, faqWindowsFile: windows} {
			if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got := readLines(t, faqCodesFile); !slices.Equal(got, codeLines) {
		t.Errorf("%s = %v, the FAQ gives %v; rerun with SPDESK_UPDATE_TESTDATA=1", faqCodesFile, got, codeLines)
	}
	if got := readLines(t, faqWindowsFile); !slices.Equal(got, windows) {
		t.Errorf("%s is stale (%d hashes, the FAQ gives %d); rerun with SPDESK_UPDATE_TESTDATA=1", faqWindowsFile, len(got), len(windows))
	}
}

func TestLoadEmbedded(t *testing.T) {
	arts := mustLoad(t)
	langs := map[string][]string{}
	for _, a := range arts {
		if a.Title == "" || a.Body == "" || a.File == "" {
			t.Errorf("%s: empty title, body or file: %+v", a.File, a)
		}
		if len(a.Tags) == 0 {
			t.Errorf("%s: no tags; search leans on them", a.File)
		}
		langs[a.ID] = append(langs[a.ID], a.Lang)
	}
	for id, got := range langs {
		if !slices.Equal(got, Langs) {
			t.Errorf("article %s: languages %v, want %v in that order", id, got, Langs)
		}
	}
	t.Logf("%d articles, %d ids", len(arts), len(langs))
}

// faqCodes returns every number the FAQ calls a result code (結果コード),
// reading full-width digits too.
func faqCodes(faq string) []int {
	toASCII := strings.NewReplacer("０", "0", "１", "1", "２", "2", "３", "3", "４", "4",
		"５", "5", "６", "6", "７", "7", "８", "8", "９", "9")
	re := regexp.MustCompile(`結果コード\s*([0-9０-９]+)`)
	var codes []int
	for _, m := range re.FindAllStringSubmatch(faq, -1) {
		n, err := strconv.Atoi(toASCII.Replace(m[1]))
		if err == nil && !slices.Contains(codes, n) {
			codes = append(codes, n)
		}
	}
	slices.Sort(codes)
	return codes
}

func TestEveryResultCodeHasArticle(t *testing.T) {
	arts := mustLoad(t)
	codes := slices.Clone(knownCodes)
	var found []int
	for _, l := range readLines(t, faqCodesFile) {
		n, err := strconv.Atoi(l)
		if err != nil {
			t.Fatalf("%s: %q is not a code", faqCodesFile, l)
		}
		found = append(found, n)
	}
	// If the list lacks a code we know, the list is broken, not the KB.
	for _, c := range knownCodes {
		if !slices.Contains(found, c) {
			t.Errorf("%s holds %v, missing known code %d", faqCodesFile, found, c)
		}
	}
	for _, c := range found {
		if !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	for _, code := range codes {
		for _, lang := range Langs {
			got := ByCode(arts, code, lang)
			if len(got) == 0 {
				t.Errorf("result code %d: no %s article", code, lang)
				continue
			}
			// Typing a bare code jumps to the first match: it must be the
			// article written for that code.
			if want := fmt.Sprintf("code-%d", code); got[0].ID != want {
				t.Errorf("ByCode(%d, %s)[0] = %s, want %s", code, lang, got[0].ID, want)
			}
		}
	}
}

func TestByCodeOrderAndMisses(t *testing.T) {
	arts := mustLoad(t)
	var ids []string
	for _, a := range ByCode(arts, 52, "en") {
		ids = append(ids, a.ID)
	}
	if want := []string{"code-52", "firewall-setup"}; !slices.Equal(ids, want) {
		t.Errorf("ByCode(52, en) = %v, want %v", ids, want)
	}
	if got := ByCode(arts, 999, "ja"); len(got) != 0 {
		t.Errorf("ByCode(999) = %d articles, want none", len(got))
	}
	if got := ByCode(arts, 58, "fr"); len(got) != 0 {
		t.Errorf("ByCode(58, fr) = %d articles, want none", len(got))
	}
}

func TestByIDSwitchesLanguage(t *testing.T) {
	arts := mustLoad(t)
	ja, ok := ByID(arts, "code-58", "ja")
	if !ok || ja.Lang != "ja" {
		t.Fatalf("ByID(code-58, ja) = %v, %v", ja.ID, ok)
	}
	en, ok := ByID(arts, ja.ID, "en")
	if !ok || en.Procedure != ja.Procedure || !slices.Equal(en.Codes, ja.Codes) {
		t.Errorf("en translation of code-58 does not match: %+v", en)
	}
	if _, ok := ByID(arts, "no-such-article", "ja"); ok {
		t.Error("ByID found an article that does not exist")
	}
}

func TestProcedureLinks(t *testing.T) {
	arts := mustLoad(t)
	want := map[string]string{
		"code-58":            "password_reset",
		"password-forgotten": "password_reset",
		"reader-order":       "reader_order",
		"lost-card":          "lost_card",
		"broken-card":        "broken_card",
		"name-change":        "name_change",
		"contact-change":     "contact_change",
		"cancellation":       "cancellation",
		"code-52":            "",
	}
	for id, proc := range want {
		for _, lang := range Langs {
			a, ok := ByID(arts, id, lang)
			if !ok {
				t.Errorf("%s.%s missing", id, lang)
				continue
			}
			if a.Procedure != proc {
				t.Errorf("%s: procedure %q, want %q", a.File, a.Procedure, proc)
			}
		}
	}
	// Every procedure must be reachable from at least one article.
	for _, p := range Procedures {
		if !slices.ContainsFunc(arts, func(a Article) bool { return a.Procedure == p }) {
			t.Errorf("no article links procedure %s", p)
		}
	}
}

// TestKeyFacts pins the facts an operator promises on a call, in both
// languages, so an edit cannot quietly drop or change one.
func TestKeyFacts(t *testing.T) {
	arts := mustLoad(t)
	facts := []struct {
		id     string
		both   []string // language-neutral: numbers, names
		ja, en []string
	}{
		{"code-51", []string{"51", "DNS"}, []string{"プロバイダ"}, []string{"provider"}},
		{"code-52", []string{"52", "Ver.2.1a", "Ver.3.0"}, []string{"ファイアウォール", "接続タイプ", "ルーター", "フィルタ"}, []string{"firewall", "connection type", "router", "filters"}},
		{"code-54", []string{"54", "10", "58"}, []string{"大文字", "小文字", "Shift"}, []string{"case-sensitive", "Shift"}},
		{"code-58", []string{"58", "10"}, []string{"3〜4日", "郵便", "登録住所"}, []string{"3–4 days", "by post", "registered address"}},
		{"code-100", []string{"100", "Ver.2.1a", "Ver.3.0"}, []string{"緑", "黄色", "ファイアウォール", "接続タイプ", "ルーター", "2つ"}, []string{"green", "yellow", "firewall", "connection type", "router", "two networks"}},
		{"firewall-setup", []string{"paike.exe", "padns.exe", "pamsgmon.exe", "system32"}, []string{"再起動"}, []string{"restart"}},
		{"tray-key-icon", nil, []string{"オプション", "ON"}, []string{"Options", "ON"}},
		{"idle-disconnect", []string{"13"}, []string{"インターネットの接続"}, []string{"internet connection"}},
		{"supported-systems", []string{"98SE", "ME", "2000 Professional", "XP", "8.6", "9.2.2", "Mac OS X", "Windows NT", "2000 Server", "Linux", "PlayStation 2", "PC9801"}, []string{"携帯電話"}, []string{"Mobile phones"}},
		{"card-reader", []string{"SCR301-NTTCom USB SmartCard Reader", "Macintosh"}, []string{"スーパーキャッシュ", "無料"}, []string{"Super Cash", "free"}},
		{"software-update", []string{"Ver.2.0", "Ver.2.1", "Ver.3.0"}, []string{"そのまま", "つないだまま"}, []string{"straight to Ver.3.0", "plugged in"}},
		{"annual-fee", []string{"JCB", "VISA", "MasterCard", "Diners Club", "UC"}, []string{"郵便振替", "銀行振込はできません", "手数料はかかりません", "返金しません"}, []string{"Postal transfer", "Bank transfer is not accepted", "no transfer charge", "does not refund"}},
		{"reader-order", []string{"2,500", "1%"}, []string{"税別", "送料", "ちょコムだけ", "2台目", "Windows", "Macintosh"}, []string{"before tax", "Postage is included", "ChoCom only", "second", "Windows", "Macintosh"}},
		{"shopping-history", nil, []string{"1年間"}, []string{"1 year"}},
		{"shopping-payment", []string{"18"}, []string{"ちょコム"}, []string{"ChoCom"}},
		{"joining", []string{"20", "18"}, []string{"メールアドレス", "親権者", "外国"}, []string{"e-mail address is required", "guardian", "Foreign"}},
		{"card-validity", nil, []string{"5年", "カード会社"}, []string{"5 years", "card company"}},
		{"card-delivery", nil, []string{"約10日"}, []string{"about 10 days"}},
		{"lost-card", nil, []string{"使用停止", "カード会社", "約10日"}, []string{"suspended", "card company", "about 10 days"}},
		{"broken-card", nil, []string{"使用停止", "再発行依頼書", "返信用封筒"}, []string{"suspended", "reissue request form", "return envelope"}},
		{"password-forgotten", nil, []string{"3〜4日", "登録住所"}, []string{"3–4 days", "registered address"}},
		{"name-change", nil, []string{"変更申請書", "カード会社"}, []string{"change request form", "card company"}},
		{"contact-change", nil, []string{"マイポータル", "カード会社"}, []string{"My Portal", "card company"}},
		{"cancellation", nil, []string{"解約申込書", "お返しできません"}, []string{"cancellation form", "does not refund the annual fee"}},
	}
	for _, f := range facts {
		for _, lang := range Langs {
			a, ok := ByID(arts, f.id, lang)
			if !ok {
				t.Errorf("%s.%s missing", f.id, lang)
				continue
			}
			want := slices.Clone(f.both)
			if lang == "ja" {
				want = append(want, f.ja...)
			} else {
				want = append(want, f.en...)
			}
			text := a.Title + "\n" + a.Body
			for _, s := range want {
				if !strings.Contains(text, s) {
					t.Errorf("%s: fact %q missing", a.File, s)
				}
			}
		}
	}
}

// TestCrossReferences checks that every article named in a body (記事「…」,
// article "…") is the start of a real title in the same language, so a
// renamed article cannot leave an operator looking for a ghost.
func TestCrossReferences(t *testing.T) {
	arts := mustLoad(t)
	refs := map[string]*regexp.Regexp{
		"ja": regexp.MustCompile(`記事「([^」]+)」`),
		"en": regexp.MustCompile(`article "([^"]+)"`),
	}
	for _, a := range arts {
		for _, m := range refs[a.Lang].FindAllStringSubmatch(a.Body, -1) {
			if !slices.ContainsFunc(arts, func(b Article) bool {
				return b.Lang == a.Lang && b.ID != a.ID && strings.HasPrefix(b.Title, m[1])
			}) {
				t.Errorf("%s: refers to article %q, no %s title starts so", a.File, m[1], a.Lang)
			}
		}
	}
}

// verbatimLimit is the longest run of characters an article may share with
// the FAQ: longer, and a sentence was copied rather than retold.
const verbatimLimit = 25

// properNames may appear exactly as in the FAQ: they are the names of
// products, files, screens, messages and card brands the caller sees, and
// an operator must say them the same way. They are facts, not sentences.
var properNames = []string{
	"SCR301-NTTCom USB SmartCard Reader",
	"External USB SmartCard Reader",
	"Safetypass Miniport Driver",
	"セーフティパスサービス利用ソフト for PC",
	"アップデートモジュールとマニュアルのダウンロード",
	"ICカードリーダーがインストールされていません",
	"ノートンインターネットセキュリティ",
	"https://safety-pass.com",
	"AMERICAN EXPRESS", "Diners Club", "MasterCard", "UFJカード",
	"ダイエーOMC", "ポケットカード", "NTTグループカード",
}

// squeeze drops whitespace so a line break or a space cannot hide a copy.
func squeeze(s string) []rune {
	return []rune(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s))
}

// copiedRun returns the first run of verbatimLimit characters text shares
// with the FAQ windows, proper names aside, or "".
func copiedRun(windows map[string]bool, text string) string {
	for _, n := range properNames {
		// A character the FAQ never holds breaks any run through the name.
		text = strings.ReplaceAll(text, n, "\x00")
	}
	r := squeeze(text)
	for i := 0; i+verbatimLimit <= len(r); i++ {
		if w := string(r[i : i+verbatimLimit]); windows[windowHash(w)] {
			return w
		}
	}
	return ""
}

func hashSet(lines []string) map[string]bool {
	set := make(map[string]bool, len(lines))
	for _, l := range lines {
		set[l] = true
	}
	return set
}

func TestNoVerbatimFromFAQ(t *testing.T) {
	windows := hashSet(readLines(t, faqWindowsFile))
	if len(windows) < 1000 {
		t.Fatalf("%s holds %d fingerprints: the FAQ gives tens of thousands", faqWindowsFile, len(windows))
	}
	// The detector must catch a copy, re-wrapped and spaced, or it proves
	// nothing: fingerprint a made-up source and copy from it.
	source := "会員の皆さまへ。カードをなくしたときは、すぐに利用を止める手続きをしてください。"
	_, probe := faqFingerprints(source)
	copied := "メモ:\nカードをなくしたときは、すぐに\n利用を止める 手続きを"
	if copiedRun(hashSet(probe), copied) == "" {
		t.Fatal("detector missed a re-wrapped copy")
	}
	if copiedRun(hashSet(probe), "カードをなくしたら、まず止めます。") != "" {
		t.Fatal("detector flagged a retold sentence")
	}
	for _, a := range mustLoad(t) {
		if w := copiedRun(windows, a.Title+"\n"+a.Body); w != "" {
			t.Errorf("%s: shares %d+ characters with the FAQ: %q; retell it in our own words", a.File, verbatimLimit, w)
		}
	}
}

func TestParseAcceptsQuotingAndComments(t *testing.T) {
	src := "\ufeff---\r\n# a comment\r\nid: x-1\r\nlang: en\r\ntitle: \"Code 52: blocked\"\r\ntags: [a, \"b, c\", it's]\r\ncodes: [52, 100]\r\nprocedure:\r\n---\r\n\r\nBody.\r\n"
	a, err := Parse("articles/x-1.en.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Code 52: blocked" || !slices.Equal(a.Tags, []string{"a", "b, c", "it's"}) ||
		!slices.Equal(a.Codes, []int{52, 100}) || a.Procedure != "" || a.Body != "Body." {
		t.Errorf("parsed %+v", a)
	}
}

func TestParseErrorsNameFileAndLine(t *testing.T) {
	const name = "articles/x.ja.md"
	head := "---\nid: x\nlang: ja\ntitle: T\n"
	tests := []struct {
		desc, src string
		line      int
		msg       string
	}{
		{"no front matter", "# just markdown\n", 1, "must start"},
		{"empty file", "", 1, "must start"},
		{"never closed", head + "body\n", 1, "never closed"},
		{"unknown field", head + "author: me\n---\nbody\n", 5, "unknown field"},
		{"unknown procedure", head + "procedure: refund\n---\nbody\n", 5, `unknown procedure "refund"`},
		{"not key value", head + "just words\n---\nbody\n", 5, "field: value"},
		{"repeated field", head + "title: again\n---\nbody\n", 5, "repeated (first at line 4)"},
		{"code not a number", head + "codes: [52, five]\n---\nbody\n", 5, `"five" is not a result code`},
		{"code negative", head + "codes: [-1]\n---\nbody\n", 5, "not a result code"},
		{"code twice", head + "codes: [52, 52]\n---\nbody\n", 5, "listed twice"},
		{"codes not a list", head + "codes: 52\n---\nbody\n", 5, "want a list"},
		{"tags trailing comma", head + "tags: [a, ]\n---\nbody\n", 5, "trailing comma"},
		{"tags bad quote", head + "tags: [\"a]\n---\nbody\n", 5, "bad quoted item"},
		{"unknown lang", "---\nid: x\nlang: fr\n---\nbody\n", 3, `unknown language "fr"`},
		{"bad id", "---\nid: X_1\n---\nbody\n", 2, "lower-case"},
		{"unquoted colon", "---\ntitle: a: b\n---\nbody\n", 2, "quote"},
		{"missing title", "---\nid: x\nlang: ja\n---\nbody\n", 4, `missing field "title"`},
		{"no body", head + "---\n\n  \n", 5, "no body"},
		{"file name mismatch", "---\nid: y\nlang: ja\ntitle: T\n---\nbody\n", 2, "file name must be y.ja.md"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			_, err := Parse(name, []byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			want := fmt.Sprintf("%s:%d: ", name, tt.line)
			if !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q, want prefix %q containing %q", err, want, tt.msg)
			}
		})
	}
}

func TestLoadSetErrorsNameFileAndLine(t *testing.T) {
	art := func(id, lang, extra string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\nid: " + id + "\nlang: " + lang + "\ntitle: T\n" + extra + "---\nbody\n")}
	}
	tests := []struct {
		desc string
		fsys fstest.MapFS
		want []string
	}{
		{"missing translation", fstest.MapFS{
			"a/x.ja.md": art("x", "ja", ""),
		}, []string{`a/x.ja.md:2: article "x" has no en translation`}},
		{"duplicate id", fstest.MapFS{
			"a/x.ja.md":     art("x", "ja", ""),
			"a/x.en.md":     art("x", "en", ""),
			"a/sub/x.en.md": art("x", "en", ""),
		}, []string{`a/x.en.md:2: duplicate id "x" in en: already defined at a/sub/x.en.md:2`}},
		{"codes differ", fstest.MapFS{
			"a/x.ja.md": art("x", "ja", "codes: [52]\n"),
			"a/x.en.md": art("x", "en", "codes: [54]\n"),
		}, []string{"a/x.en.md:5: codes [54] differ from [52] in a/x.ja.md"}},
		{"procedure differs", fstest.MapFS{
			"a/x.ja.md": art("x", "ja", "procedure: lost_card\n"),
			"a/x.en.md": art("x", "en", ""),
		}, []string{`a/x.en.md:2: procedure "" differs from "lost_card"`}},
		{"stray file", fstest.MapFS{
			"a/x.ja.md":       art("x", "ja", ""),
			"a/x.en.md":       art("x", "en", ""),
			"a/x.en.markdown": art("x", "en", ""),
		}, []string{"a/x.en.markdown:1: not an article"}},
		{"every error reported", fstest.MapFS{
			"a/x.ja.md": art("x", "ja", "procedure: nope\n"),
			"a/y.ja.md": art("y", "ja", ""),
		}, []string{`a/x.ja.md:5: procedure: unknown procedure "nope"`, `a/y.ja.md:2: article "y" has no en`}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			_, err := load(tt.fsys, "a")
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nwant it to contain %q", err, w)
				}
			}
		})
	}
	if _, err := load(fstest.MapFS{"a/sub": {Mode: fs.ModeDir}}, "a"); err == nil {
		t.Error("loading an empty tree gave no error")
	}
}
