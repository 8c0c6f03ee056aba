package letterpdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"spdesk/workflows/custbar"
)

func demoLetter(t *testing.T) Letter {
	code, err := custbar.Encode("100-0013", "東京都千代田区霞が関1丁目3番2号 郵便プラザ503室")
	if err != nil {
		t.Fatal(err)
	}
	return Letter{
		Ref: "L-0000012", Postal: "100-0013", Address: "東京都千代田区霞が関1丁目3番2号 郵便プラザ503室",
		Name: "山田 花子", Barcode: &code, Date: "2026年12月3日",
		Sender: []string{"セーフティパス サポートセンター", "〒100-0005 東京都千代田区丸の内1-1-1"},
		Title:  "新しいパスワードのお知らせ",
		Body:   []string{"拝啓　平素はセーフティパスをご利用いただき、まことにありがとうございます。", "", "　　新しいパスワード：　Xy7-kP2m-Q9"},
		Foot:   []string{"お問合せ番号　L-0000012　　会員番号　1000000018"},
	}
}

// tool runs a poppler tool, which these tests need (make test installs
// poppler-utils).
func tool(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s (install poppler-utils: make test-deps)", name, args, err, out)
	}
	return string(out)
}

func renderFile(t *testing.T, letters ...Letter) (string, Result) {
	t.Helper()
	fonts, err := FindFonts()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	res, err := Render(&b, fonts, letters, time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "letters.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, res
}

// The PDF is A4, its Japanese font embedded, its text the letter's.
func TestLetterPDFIsA4WithEmbeddedFont(t *testing.T) {
	l := demoLetter(t)
	form := l
	form.Ref = "L-0000013"
	form.ReturnTo = &ReturnAddress{Postal: "100-0005", Address: "東京都千代田区丸の内1-1-1", Name: "セーフティパス サポートセンター"}
	path, res := renderFile(t, l, form)
	if len(res.Pages) != 2 || res.Pages[0] != 1 || res.Pages[1] != 2 {
		t.Errorf("pages %v, want [1 2] (a form has its return page)", res.Pages)
	}
	info := tool(t, "pdfinfo", path)
	if !strings.Contains(info, "pts (A4)") || !regexp.MustCompile(`Pages:\s+3`).MatchString(info) {
		t.Errorf("pdfinfo:\n%s", info)
	}
	fonts := tool(t, "pdffonts", path)
	if !strings.Contains(fonts, "ipamincho") || !strings.Contains(fonts, "ipagothic") {
		t.Errorf("pdffonts:\n%s", fonts)
	}
	for _, line := range strings.Split(fonts, "\n") {
		if strings.Contains(line, "IPA") && !regexp.MustCompile(`\byes\s+(yes|no)\s+yes\s+\d+`).MatchString(line) {
			t.Errorf("font not embedded: %s", line)
		}
	}
	text := PlainText(tool(t, "pdftotext", "-layout", path, "-"))
	for _, want := range []string{"〒100-0013", "東京都千代田区霞が関1丁目3番2号", "山田 花子 様", "L-0000012", "新しいパスワード", "返信用"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext lacks %q:\n%s", want, text)
		}
	}
}

// The address block lies inside the part of the page the window shows
// wherever the folded sheet sits, and in the order 〒, address, name,
// barcode; positions in mm, read back from the PDF itself.
func TestAddressBlockInTheWindow(t *testing.T) {
	win := WindowOnSheet()
	if win != (Rect{10.5, 2.5, 90, 45}) {
		t.Fatalf("window on the sheet %+v", win)
	}
	// The block keeps 8 mm or more from the window's edges.
	if Block.X-win.X < 8 || Block.Y-win.Y < 7.5 || (win.X+win.W)-(Block.X+Block.W) < 5.5 || win.Bottom()-Block.Bottom() < 7.5 {
		t.Errorf("block %+v too close to the window %+v", Block, win)
	}
	long := demoLetter(t)
	long.Ref = "L-0000014"
	long.Address = strings.Repeat("北海道札幌市中央区南四条西二十九丁目", 6) + "1524-23"
	long.Name = strings.Repeat("長い名前", 8)
	path, res := renderFile(t, demoLetter(t), long)
	for i, p := range res.Placement {
		for name, r := range map[string]Rect{"postal": p.Postal, "address": p.Address, "name": p.Name, "barcode": p.Barcode} {
			if !Block.Contains(r) {
				t.Errorf("letter %d: %s at %+v, outside %+v", i, name, r, Block)
			}
		}
		if !(p.Postal.Bottom() <= p.Address.Y && p.Address.Bottom() <= p.Name.Y && p.Name.Bottom() <= p.Barcode.Y) {
			t.Errorf("letter %d: parts overlap or out of order: %+v", i, p)
		}
	}
	// The short address stays at full size; the long one shrinks, all of it kept.
	if res.Placement[0].AddressPt != 10.5 || res.Placement[1].AddressPt >= 10.5 {
		t.Errorf("address sizes %v and %v", res.Placement[0].AddressPt, res.Placement[1].AddressPt)
	}
	if got := strings.Join(res.Placement[1].AddressLines, ""); got != long.Address {
		t.Errorf("long address cut: %q", got)
	}
	// Read back: pdftotext's boxes (points) put 〒 and 様 inside the block.
	bbox := tool(t, "pdftotext", "-bbox", "-f", "1", "-l", "1", path, "-")
	for _, word := range []string{"〒100-0013", "様"} {
		m := regexp.MustCompile(`xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">` + regexp.QuoteMeta(word) + `<`).FindStringSubmatch(bbox)
		if m == nil {
			t.Errorf("%s not found in\n%s", word, bbox)
			continue
		}
		var v [4]float64
		for i := range v {
			v[i], _ = strconv.ParseFloat(m[i+1], 64)
			v[i] *= 25.4 / 72
		}
		// pdftotext rounds to hundredths of a point.
		if got := (Rect{v[0] + 0.01, v[1] + 0.01, v[2] - v[0] - 0.02, v[3] - v[1] - 0.02}); !Block.Contains(got) {
			t.Errorf("%s at %+v mm, outside the block %+v", word, got, Block)
		}
	}
}

// Every bar of the barcode is drawn at its spec height: a long bar 3.24 mm
// (3.6 mm at 10 pt, scaled to 9 pt), 67 bars on a 1.08 mm pitch.
func TestBarcodeDrawnToScale(t *testing.T) {
	_, res := renderFile(t, demoLetter(t))
	bc := res.Placement[0].Barcode
	if d := bc.H - 3.24; d > 1e-9 || d < -1e-9 {
		t.Errorf("barcode height %.3f mm", bc.H)
	}
	if want := 66*1.08 + 0.54; bc.W < want-1e-9 || bc.W > want+1e-9 {
		t.Errorf("barcode width %.3f mm, want %.3f", bc.W, want)
	}
}

func TestMissingFontSaysWhatToInstall(t *testing.T) {
	t.Setenv(FontDirEnv, t.TempDir())
	saved := fontRoots
	fontRoots = []string{t.TempDir()}
	t.Setenv("HOME", t.TempDir())
	defer func() { fontRoots = saved }()
	_, err := FindFonts()
	if err == nil || !strings.Contains(err.Error(), "fonts-ipafont-mincho") || !strings.Contains(err.Error(), FontDirEnv) {
		t.Fatalf("err = %v", err)
	}
}

func TestFontKnowsWhatItLacks(t *testing.T) {
	fonts, err := FindFonts()
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := fonts.Missing("山田 花子"); ok {
		t.Errorf("IPA明朝 lacks %q?", r)
	}
	if r, ok := fonts.Missing("吉田 𠮷子"); !ok || r != '𠮷' {
		t.Errorf("Missing = %q %v, want 𠮷", r, ok)
	}
	if !fonts.Has(Stand) {
		t.Error("the stand-in 〓 is not in the font")
	}
}

// PlainText collapses each line's runs of blanks (pdftotext -layout turns
// an ideographic space into several) to one space.
func PlainText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.Join(lines, "\n")
}
