// Package letterpdf owns the paper form of a letter: an A4 page laid out
// for a 長形3号 window envelope (the address block, the customer barcode,
// the sender, date and reference, the title and body, a return-envelope
// page for forms), set in the IPA fonts and written as one PDF per batch or
// per letter. It knows nothing of the database: workflows hands it the
// text.
package letterpdf

import (
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"spdesk/workflows/custbar"
)

// The window. We lay the address out for a 長形3号 (120 × 235 mm) window
// envelope held landscape, with the common ready-made window of 90 × 45 mm
// whose corner is 23 mm from the envelope's left edge and 13 mm from its
// top. The postal rules ask an address window of at least 45 × 80 mm
// (郵便規則, as envelope makers state it: service.imura.co.jp, 窓について);
// measure your own stock and change these if its window differs.
//
// An A4 sheet folded in three is 210 × 99 mm, so in the 235 × 120 mm
// envelope it can move 25 mm sideways and 21 mm up and down. Centred, it
// sits 12.5 mm in and 10.5 mm down, and the window falls on the sheet at
// x 10.5–100.5 mm, y 2.5–47.5 mm. The address block keeps about 8 mm from
// that on every side so the sheet can slide that far and still show all of
// it: x 20–95 mm, y 10–40 mm on the page (Block).
const (
	EnvelopeW, EnvelopeH = 235.0, 120.0
	WindowX, WindowY     = 23.0, 13.0
	WindowW, WindowH     = 90.0, 45.0
	PageW, PageH         = 210.0, 297.0
	FoldH                = PageH / 3
)

// Rect is an area of the page in millimetres from its top left corner.
type Rect struct{ X, Y, W, H float64 }

// Bottom is the rectangle's lower edge.
func (r Rect) Bottom() float64 { return r.Y + r.H }

// Contains reports whether o lies wholly inside r.
func (r Rect) Contains(o Rect) bool {
	const eps = 1e-6
	return o.X >= r.X-eps && o.Y >= r.Y-eps && o.X+o.W <= r.X+r.W+eps && o.Y+o.H <= r.Y+r.H+eps
}

// WindowOnSheet is where the window falls on a centred sheet.
func WindowOnSheet() Rect {
	return Rect{WindowX - (EnvelopeW-PageW)/2, WindowY - (EnvelopeH-FoldH)/2, WindowW, WindowH}
}

// Block is the part of the page the address block keeps to.
var Block = Rect{X: 20, Y: 10, W: 75, H: 30}

// Letter is what one letter says.
type Letter struct {
	Ref      string         // L-0000012, at the head and foot
	Postal   string         // 100-0013
	Address  string         // one line as stored; wrapped and shrunk to fit
	Name     string         // without 様
	Barcode  *custbar.Code  // nil: printed without one
	Date     string         // 2026年12月3日
	Sender   []string       // the sender block, right of the address
	Title    string         // centred above the body
	Body     []string       // paragraphs; "" is a blank line
	Closing  string         // 敬具, set right
	Foot     []string       // under a rule at the end
	ReturnTo *ReturnAddress // forms: a return-envelope page
}

// ReturnAddress is the support center's address on a form's return page.
type ReturnAddress struct {
	Postal, Address, Name string
}

// Placement is where the address block's parts went, and the sizes
// used; Render fills it so tests can check positions in mm.
type Placement struct {
	Postal, Address, Name, Barcode Rect
	AddressPt, NamePt              float64
	AddressLines, NameLines        []string
}

// Result is what Render wrote for each letter.
type Result struct {
	Pages     []int       // pages of each letter, in order
	Placement []Placement // each letter's address block
}

const ptMM = 25.4 / 72

// Render writes letters as one A4 PDF to w. created is written as the
// file's date (deterministic output for the same batch).
func Render(w io.Writer, fonts *Fonts, letters []Letter, created time.Time) (Result, error) {
	var res Result
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetCreator("spdesk", true)
	pdf.AddUTF8FontFromBytes("IPAMincho", "", fonts.mincho)
	pdf.AddUTF8FontFromBytes("IPAGothic", "", fonts.gothic)
	if err := pdf.Error(); err != nil {
		return res, fmt.Errorf("load fonts: %w", err)
	}
	for _, l := range letters {
		before := pdf.PageCount()
		p := renderOne(pdf, l)
		if err := pdf.Error(); err != nil {
			return res, fmt.Errorf("letter %s: %w", l.Ref, err)
		}
		res.Pages = append(res.Pages, pdf.PageCount()-before)
		res.Placement = append(res.Placement, p)
	}
	if err := pdf.Output(w); err != nil {
		return res, err
	}
	return res, nil
}

func renderOne(pdf *fpdf.Fpdf, l Letter) Placement {
	pdf.AddPage()
	foldMarks(pdf)
	p := addressBlock(pdf, "〒"+l.Postal, l.Address, l.Name+"　様", l.Barcode)

	// Date, sender and reference on the right, clear of the window.
	right := PageW - 20
	pdf.SetFont("IPAMincho", "", 10)
	textRight(pdf, right, 16, l.Date)
	pdf.SetFont("IPAGothic", "", 9)
	y := 23.0
	for _, s := range l.Sender {
		textRight(pdf, right, y, s)
		y += 4.5
	}
	pdf.SetFont("IPAMincho", "", 9)
	textRight(pdf, right, y+1.5, "お問合せ番号　"+l.Ref)

	// Title and body below the first fold's address panel.
	pdf.SetFont("IPAGothic", "", 14)
	tw := pdf.GetStringWidth(l.Title)
	pdf.Text((PageW-tw)/2, 60, l.Title)
	pdf.SetFont("IPAMincho", "", 10.5)
	const left, width, lineH, top, bottom = 20.0, 170.0, 6.0, 72.0, 280.0
	y = top
	next := func() {
		y += lineH
		if y > bottom {
			pdf.AddPage()
			foldMarks(pdf)
			pdf.SetFont("IPAMincho", "", 9)
			pdf.Text(left, 15, l.Ref+"（つづき）")
			pdf.SetFont("IPAMincho", "", 10.5)
			y = 25
		}
	}
	for _, para := range l.Body {
		for _, line := range wrap(pdf, para, width) {
			pdf.Text(left, y, line)
			next()
		}
	}
	if l.Closing != "" {
		textRight(pdf, left+width, y, l.Closing)
		next()
	}
	next()
	pdf.SetLineWidth(0.2)
	pdf.Line(left, y-lineH+2, left+width, y-lineH+2)
	pdf.SetFont("IPAMincho", "", 9)
	for _, s := range l.Foot {
		for _, line := range wrap(pdf, s, width) {
			pdf.Text(left, y, line)
			next()
		}
	}
	if l.ReturnTo != nil {
		returnPage(pdf, l)
	}
	return p
}

// returnPage is the sheet a member sends back with a form: the support
// center's address where the window shows it.
func returnPage(pdf *fpdf.Fpdf, l Letter) {
	pdf.AddPage()
	foldMarks(pdf)
	r := l.ReturnTo
	addressBlock(pdf, "〒"+r.Postal, r.Address, r.Name+"　行", nil)
	pdf.SetFont("IPAGothic", "", 14)
	t := "返信用（この用紙を上にして返信用封筒に入れてください）"
	pdf.Text((PageW-pdf.GetStringWidth(t))/2, 60, t)
	pdf.SetFont("IPAMincho", "", 10.5)
	pdf.Text(20, 75, "お問合せ番号　"+l.Ref)
	pdf.Text(20, 82, "ご記入いただいた用紙をこの用紙の下に重ね、三つ折りにしてお送りください。")
}

// foldMarks are short ticks at the two folds, on the left edge.
func foldMarks(pdf *fpdf.Fpdf) {
	pdf.SetLineWidth(0.2)
	pdf.Line(3, FoldH, 8, FoldH)
	pdf.Line(3, 2*FoldH, 8, 2*FoldH)
}

func textRight(pdf *fpdf.Fpdf, right, y float64, s string) {
	pdf.Text(right-pdf.GetStringWidth(s), y, s)
}

// addressBlock sets the postal code, the address (shrunk until it fits,
// never cut), the name and the barcode inside Block.
func addressBlock(pdf *fpdf.Fpdf, postal, address, name string, code *custbar.Code) Placement {
	var p Placement
	y := Block.Y
	pdf.SetFont("IPAMincho", "", 10)
	p.Postal = Rect{Block.X, y, pdf.GetStringWidth(postal), 10 * ptMM}
	pdf.Text(Block.X, y+10*ptMM*0.88, postal)
	y += 10*ptMM + 1
	// Heights: barcode 3.6 mm at the bottom with 1.5 mm above it, the
	// name up to 2 lines of at most 13 pt, the address the rest.
	barH := 0.0
	if code != nil {
		barH = barLong + 1.5
	}
	nameSpace := 13*ptMM*1.15 + 1 // one line at full size; a long name shrinks into what is left
	addrH := Block.Bottom() - barH - y - nameSpace
	p.AddressPt, p.AddressLines = fit(pdf, address, Block.W, addrH, 10.5, 1.3)
	p.Address = Rect{Block.X, y, Block.W, float64(len(p.AddressLines)) * p.AddressPt * ptMM * 1.3}
	pdf.SetFont("IPAMincho", "", p.AddressPt)
	for i, line := range p.AddressLines {
		pdf.Text(Block.X, y+(float64(i)+0.88)*p.AddressPt*ptMM*1.3, line)
	}
	y = p.Address.Bottom() + 1
	nameH := Block.Bottom() - barH - y
	// A name reads best on one line: shrink it to 9.5 pt before wrapping.
	p.NamePt, p.NameLines = fit(pdf, name, Block.W, 13*ptMM*1.15, 13, 1.15)
	if len(p.NameLines) > 1 || p.NamePt < 9.5 {
		p.NamePt, p.NameLines = fit(pdf, name, Block.W, nameH, 13, 1.15)
	}
	p.Name = Rect{Block.X, y, Block.W, float64(len(p.NameLines)) * p.NamePt * ptMM * 1.15}
	pdf.SetFont("IPAMincho", "", p.NamePt)
	for i, line := range p.NameLines {
		pdf.Text(Block.X+2, y+(float64(i)+0.88)*p.NamePt*ptMM*1.15, line)
	}
	if code != nil {
		p.Barcode = drawBarcode(pdf, Block.X, Block.Bottom()-barLong, code.Bars)
	}
	return p
}

// The barcode at 9 point (the manual allows 8 to 11.5): a long bar of
// 3.6 × 9/10 mm, bars 0.6 × 9/10 mm wide on a pitch of 1.2 × 9/10 mm.
const (
	barScale  = 0.9
	barLong   = 3.6 * barScale
	barThird  = barLong / 3
	barWidth  = 0.6 * barScale
	barPitch  = 1.2 * barScale
	BarcodeMM = 67 * barPitch
)

func drawBarcode(pdf *fpdf.Fpdf, x, y float64, bars []custbar.Bar) Rect {
	pdf.SetFillColor(0, 0, 0)
	for i, b := range bars {
		bx := x + float64(i)*barPitch
		switch b {
		case custbar.Long:
			pdf.Rect(bx, y, barWidth, barLong, "F")
		case custbar.Upper:
			pdf.Rect(bx, y, barWidth, 2*barThird, "F")
		case custbar.Lower:
			pdf.Rect(bx, y+barThird, barWidth, 2*barThird, "F")
		case custbar.Timing:
			pdf.Rect(bx, y+barThird, barWidth, barThird, "F")
		}
	}
	return Rect{x, y, float64(len(bars)-1)*barPitch + barWidth, barLong}
}

// fit finds the largest size, from max down, at which s wrapped to width
// fits height (lines of size × lead); it never drops text. Below 4 pt it
// stops shrinking and lets the block run long rather than cut it.
func fit(pdf *fpdf.Fpdf, s string, width, height, max, lead float64) (float64, []string) {
	for size := max; ; size -= 0.25 {
		pdf.SetFont("IPAMincho", "", size)
		lines := wrap(pdf, s, width)
		if float64(len(lines))*size*ptMM*lead <= height || size <= 4 {
			return size, lines
		}
	}
}

// wrap breaks s into lines no wider than width: at a space when one falls
// in the line's second half (an address's building name stays whole),
// else between any two characters (Japanese has no spaces to break at),
// keeping 、。）」 off a line's start.
func wrap(pdf *fpdf.Fpdf, s string, width float64) []string {
	if s == "" {
		return []string{""}
	}
	var lines []string
	var cur []rune
	for _, r := range s {
		next := append(cur, r)
		if len(cur) > 0 && pdf.GetStringWidth(string(next)) > width && !strings.ContainsRune("、。）」』，．", r) {
			cut := len(cur)
			for i := len(cur) - 1; i > len(cur)/2; i-- {
				if cur[i] == ' ' || cur[i] == '　' {
					cut = i + 1
					break
				}
			}
			lines = append(lines, strings.TrimRight(string(cur[:cut]), " 　"))
			cur = append(append([]rune{}, cur[cut:]...), r)
			continue
		}
		cur = next
	}
	return append(lines, string(cur))
}
