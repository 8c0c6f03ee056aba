package workflows

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"spdesk/internal/msg"
	"spdesk/store"
	"spdesk/workflows/custbar"
	"spdesk/workflows/letterpdf"
)

// Letters go on paper as PDF (letterpdf): one A4 file per batch,
// B-00012.pdf, and on request one per letter. A PDF holds the clear text of
// the batch's new passwords; it is written 0600 into the run's folder like
// every spool file, and removed when the batch is marked mailed.

// PrintReport is what a print run did beyond its batch: the batch's PDF,
// its pages, and the letters printed with something missing (no barcode, a
// character the font lacks), each said in a Notice.
type PrintReport struct {
	Batch store.Batch
	PDF   string   // the batch's PDF in the spool folder
	Pages int      // pages in it
	Notes []Notice // render with NoticeText
	Job   *PrintJob
}

// batchPDF is the name of a batch's PDF in its folder.
func batchPDF(b store.Batch) string { return b.No() + ".pdf" }

// loadFonts finds the IPA fonts, or says what to install.
func loadFonts() (*letterpdf.Fonts, error) {
	f, err := letterpdf.FindFonts()
	var mf *letterpdf.MissingFontError
	if errors.As(err, &mf) {
		return nil, &Error{Code: EIO, Key: "letters.font_missing", Args: map[string]string{"file": mf.File,
			"package": mf.Package, "env": letterpdf.FontDirEnv}, Err: err}
	}
	if err != nil {
		return nil, &Error{Code: EIO, Key: "letters.font_unreadable", Args: map[string]string{"reason": err.Error()}, Err: err}
	}
	return f, nil
}

// paperLetter makes l's page content ready for the font and the post: a
// character the font lacks becomes 〓 and is said (which letter, which
// character), and the customer barcode is added, or its absence said.
func paperLetter(fonts *letterpdf.Fonts, d *letterpdf.Letter, m store.Member) []Notice {
	var notes []Notice
	said := map[rune]bool{}
	fix := func(field, s string) string {
		if _, ok := fonts.Missing(s); !ok {
			return s
		}
		var b strings.Builder
		for _, r := range s {
			if fonts.Has(r) {
				b.WriteRune(r)
				continue
			}
			b.WriteRune(letterpdf.Stand)
			if !said[r] {
				said[r] = true
				notes = append(notes, Notice{Key: "letters.glyph_missing", Args: map[string]string{"ref": d.Ref,
					"field": field, "char": string(r), "code": fmt.Sprintf("U+%04X", r)}})
			}
		}
		return b.String()
	}
	d.Name = fix("name", d.Name)
	d.Address = fix("address", d.Address)
	d.Postal = fix("postal_code", d.Postal)
	for i, s := range d.Body {
		d.Body[i] = fix("body", s)
	}
	for i, s := range d.Foot {
		d.Foot[i] = fix("body", s)
	}
	code, err := custbar.Encode(m.PostalCode, m.Address)
	if err != nil {
		why := "letters.barcode_no_number"
		switch {
		case errors.Is(err, custbar.ErrPostalCode):
			why = "letters.barcode_postal"
		case errors.Is(err, custbar.ErrRepresentative):
			why = "letters.barcode_representative"
		}
		notes = append(notes, Notice{Key: "letters.no_barcode", Args: map[string]string{"ref": d.Ref, "why": why}})
		return notes
	}
	d.Barcode = &code
	return notes
}

// renderPDF lays out docs as one PDF.
func renderPDF(fonts *letterpdf.Fonts, docs []letterpdf.Letter, at time.Time) ([]byte, letterpdf.Result, error) {
	var b bytes.Buffer
	res, err := letterpdf.Render(&b, fonts, docs, at)
	return b.Bytes(), res, err
}

// removeBatchPDFs deletes a mailed batch's PDFs (they hold passwords in
// clear) and reports the first failure; the manifest stays.
func removeBatchPDFs(b store.Batch) error {
	pdfs, err := filepath.Glob(filepath.Join(b.SpoolDir, b.No()+"*.pdf"))
	if err != nil {
		return err
	}
	var first error
	for _, p := range pdfs {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) && first == nil {
			first = err
		}
	}
	if first == nil {
		first = syncDir(b.SpoolDir)
		if errors.Is(first, os.ErrNotExist) {
			first = nil
		}
	}
	return first
}

// pdfPages counts the pages of a PDF we wrote: letterpdf writes each page
// as an uncompressed object of /Type /Page.
func pdfPages(data []byte) int {
	return bytes.Count(data, []byte("/Type /Page\n")) + bytes.Count(data, []byte("/Type /Page\r")) +
		bytes.Count(data, []byte("/Type /Page ")) + bytes.Count(data, []byte("/Type /Page/"))
}

func init() {
	Messages.Add(msg.Set{
		"letters.font_missing": {
			"レター用のフォント {file} が見つかりません。Debian パッケージ {package} を入れるか、{env} にそのファイルのあるフォルダを指定してください。レターはすべて未印刷のままです",
			"the letter font {file} is not installed: install the Debian package {package}, or set {env} to a folder holding it; every letter stays queued"},
		"letters.font_unreadable": {"レター用のフォントを読めません（{reason}）。レターはすべて未印刷のままです",
			"cannot read the letter fonts ({reason}); every letter stays queued"},
		"letters.glyph_missing": {
			"{ref}: {field} の文字「{char}」（{code}）はフォントにないため〓で印刷しました。封入前に手書きで直してください",
			"{ref}: the {field} holds {char} ({code}), which the font lacks; it is printed as 〓: correct it by hand before mailing"},
		"letters.no_barcode": {"{ref}: カスタマバーコードなしで印刷しました（{why}）",
			"{ref}: printed without the customer barcode ({why})"},
		"letters.barcode_postal":         {"郵便番号が7桁ではありません", "the postal code is not 7 digits"},
		"letters.barcode_representative": {"町域の代表郵便番号（下2桁00）にはバーコードを付けません", "a town's representative postal code (ending 00) gets no barcode"},
		"letters.barcode_no_number":      {"住所に丁目・番地・号の番号が見つかりません", "the address has no block or house number"},
		"letters.mailed_pdf_left": {"バッチ {batch} は郵送済みとして記録しましたが、PDF を消せませんでした（{reason}）。{dir} の PDF を手で削除してください。パスワードが含まれています",
			"batch {batch} is recorded as mailed, but its PDF could not be removed ({reason}): delete the PDFs in {dir} by hand, they hold passwords"},
	})
}
