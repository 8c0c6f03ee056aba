package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
)

// Tone is a cell's meaning; the style for it is looked up when drawing,
// so a background change restyles rows already on screen.
type Tone int

const (
	TonePlain Tone = iota
	ToneInfo
	ToneWarn
	ToneBad
	ToneMuted
)

// Column is one grid column: min cells, and a share of the spare width
// (flex 0: never grows). Cells are cut with "…" when they do not fit.
// Auto sizes the column from its widest cell (title included) before
// the flex columns share what is left, so a figure or a date is never
// cut to make room for a name; Right aligns the cells on the right,
// measured in cells (fmt's %5s counts runes, wrong for 日 or 件).
type Column struct {
	Title string
	Min   int
	Flex  int
	Auto  bool
	Right bool
}

// Grid is a read-only table with a cursor, drawn to an exact size. It is
// ours rather than bubbles/table because every cell is measured in
// terminal cells (CJK names), rows carry a style of their own (badges),
// and the keys that move it belong to the screen's key map, so help
// shows the same keys that work.
type Grid struct {
	Cols   []Column
	rows   [][]string
	tones  [][]Tone // per cell; missing: plain
	cursor int
	offset int
	w, H   int // h counts the header line
}

func (g *Grid) SetSize(w, h int) {
	g.w, g.H = w, h
	g.clamp()
}

// SetRows replaces the rows and puts the cursor back on top.
func (g *Grid) SetRows(rows [][]string, tones [][]Tone) {
	g.rows, g.tones = rows, tones
	g.cursor, g.offset = 0, 0
}

func (g *Grid) Len() int    { return len(g.rows) }
func (g *Grid) Cursor() int { return g.cursor }

// Move moves the cursor by n rows, stopping at either end.
func (g *Grid) Move(n int) {
	g.cursor += n
	g.clamp()
}

func (g *Grid) Top()    { g.cursor = 0; g.clamp() }
func (g *Grid) Bottom() { g.cursor = len(g.rows) - 1; g.clamp() }

// Page is the number of body rows on screen.
func (g *Grid) Page() int { return max(1, g.H-1) }

func (g *Grid) clamp() {
	g.cursor = min(max(g.cursor, 0), max(len(g.rows)-1, 0))
	page := g.Page()
	if g.cursor < g.offset {
		g.offset = g.cursor
	}
	if g.cursor >= g.offset+page {
		g.offset = g.cursor - page + 1
	}
	g.offset = max(0, min(g.offset, len(g.rows)-page))
}

// Widths hands out w cells: a 2-cell cursor gutter, one space between
// columns, each column its minimum, the rest by flex share.
func (g *Grid) Widths() []int {
	ws := make([]int, len(g.Cols))
	spare, flex := g.w-2-(len(g.Cols)-1), 0
	for i, c := range g.Cols {
		ws[i] = c.Min
		spare -= c.Min
		flex += c.Flex
	}
	// Auto columns take what their content needs, widest first back to
	// their minimum when the window cannot hold them all.
	want := make([]int, len(g.Cols))
	for i, c := range g.Cols {
		if c.Auto {
			want[i] = max(0, g.autoWidth(i)-c.Min)
		}
	}
	for need := sum(want); need > 0 && need > max(spare, 0); need-- {
		big := 0
		for i := range want {
			if want[i] > want[big] {
				big = i
			}
		}
		want[big]--
	}
	for i := range want {
		ws[i] += want[i]
		spare -= want[i]
	}
	if spare > 0 && flex > 0 {
		last := -1
		given := 0
		for i, c := range g.Cols {
			if c.Flex > 0 {
				add := spare * c.Flex / flex
				ws[i] += add
				given += add
				last = i
			}
		}
		ws[last] += spare - given
	}
	return ws
}

// autoWidth is the widest of column i's title and cells.
func (g *Grid) autoWidth(i int) int {
	w := lipgloss.Width(g.Cols[i].Title)
	for _, r := range g.rows {
		if i < len(r) {
			w = max(w, lipgloss.Width(Safe(r[i])))
		}
	}
	return w
}

func sum(v []int) int {
	n := 0
	for _, x := range v {
		n += x
	}
	return n
}

// fitCell is Fit, or the same padded on the left for a Right column.
func fitCell(c Column, s string, w int) string {
	if c.Right {
		if pad := w - lipgloss.Width(s); pad > 0 {
			s = strings.Repeat(" ", pad) + s
		}
	}
	return Fit(s, w)
}

// View draws the header and the visible rows. active says whether the
// grid has the keyboard: the cursor row is then bold reverse, otherwise
// only reverse, so the operator sees where enter will go either way.
func (g *Grid) View(Styles Styles, active bool) string {
	ws := g.Widths()
	var b strings.Builder
	cells := make([]string, len(g.Cols))
	for i, c := range g.Cols {
		cells[i] = Styles.Header.Render(fitCell(c, c.Title, ws[i]))
	}
	b.WriteString("  " + strings.Join(cells, " "))
	end := min(len(g.rows), g.offset+g.Page())
	for r := g.offset; r < end; r++ {
		b.WriteByte('\n')
		selected := r == g.cursor
		for i, c := range g.Cols {
			text := ""
			if i < len(g.rows[r]) {
				text = fitCell(c, Safe(g.rows[r][i]), ws[i]) // cells are data
			} else {
				text = Fit("", ws[i])
			}
			switch {
			case selected && active:
				text = Styles.Selected.Render(text)
			case selected:
				text = Styles.Dimmed.Render(text)
			case r < len(g.tones) && i < len(g.tones[r]) && g.tones[r][i] != TonePlain:
				text = Styles.Tone(g.tones[r][i]).Render(text)
			}
			cells[i] = text
		}
		gutter := "  "
		if selected {
			gutter = Styles.Title.Render("▸") + " "
		}
		sep := " "
		if selected {
			sep = Styles.Selected.Render(" ")
			if !active {
				sep = Styles.Dimmed.Render(" ")
			}
		}
		b.WriteString(gutter + strings.Join(cells, sep))
	}
	return b.String()
}
