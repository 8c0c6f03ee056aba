package tui

import (
	"strings"
)

// tone is a cell's meaning; the style for it is looked up when drawing,
// so a background change restyles rows already on screen.
type tone int

const (
	tonePlain tone = iota
	toneInfo
	toneWarn
	toneBad
	toneMuted
)

// column is one grid column: min cells, and a share of the spare width
// (flex 0: never grows). Cells are cut with "…" when they do not fit.
type column struct {
	title string
	min   int
	flex  int
}

// grid is a read-only table with a cursor, drawn to an exact size. It is
// ours rather than bubbles/table because every cell is measured in
// terminal cells (CJK names), rows carry a style of their own (badges),
// and the keys that move it belong to the screen's key map, so help
// shows the same keys that work.
type grid struct {
	cols   []column
	rows   [][]string
	tones  [][]tone // per cell; missing: plain
	cursor int
	offset int
	w, h   int // h counts the header line
}

func (g *grid) SetSize(w, h int) {
	g.w, g.h = w, h
	g.clamp()
}

// SetRows replaces the rows and puts the cursor back on top.
func (g *grid) SetRows(rows [][]string, tones [][]tone) {
	g.rows, g.tones = rows, tones
	g.cursor, g.offset = 0, 0
}

func (g *grid) Len() int    { return len(g.rows) }
func (g *grid) Cursor() int { return g.cursor }

// Move moves the cursor by n rows, stopping at either end.
func (g *grid) Move(n int) {
	g.cursor += n
	g.clamp()
}

func (g *grid) Top()    { g.cursor = 0; g.clamp() }
func (g *grid) Bottom() { g.cursor = len(g.rows) - 1; g.clamp() }

// Page is the number of body rows on screen.
func (g *grid) Page() int { return max(1, g.h-1) }

func (g *grid) clamp() {
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

// widths hands out w cells: a 2-cell cursor gutter, one space between
// columns, each column its minimum, the rest by flex share.
func (g *grid) widths() []int {
	ws := make([]int, len(g.cols))
	spare, flex := g.w-2-(len(g.cols)-1), 0
	for i, c := range g.cols {
		ws[i] = c.min
		spare -= c.min
		flex += c.flex
	}
	if spare > 0 && flex > 0 {
		last := -1
		given := 0
		for i, c := range g.cols {
			if c.flex > 0 {
				add := spare * c.flex / flex
				ws[i] += add
				given += add
				last = i
			}
		}
		ws[last] += spare - given
	}
	return ws
}

// View draws the header and the visible rows. active says whether the
// grid has the keyboard: the cursor row is then bold reverse, otherwise
// only reverse, so the operator sees where enter will go either way.
func (g *grid) View(st styles, active bool) string {
	ws := g.widths()
	var b strings.Builder
	cells := make([]string, len(g.cols))
	for i, c := range g.cols {
		cells[i] = st.Header.Render(fit(c.title, ws[i]))
	}
	b.WriteString("  " + strings.Join(cells, " "))
	end := min(len(g.rows), g.offset+g.Page())
	for r := g.offset; r < end; r++ {
		b.WriteByte('\n')
		selected := r == g.cursor
		for i := range g.cols {
			text := ""
			if i < len(g.rows[r]) {
				text = fit(safe(g.rows[r][i]), ws[i]) // cells are data
			} else {
				text = fit("", ws[i])
			}
			switch {
			case selected && active:
				text = st.Selected.Render(text)
			case selected:
				text = st.Dimmed.Render(text)
			case r < len(g.tones) && i < len(g.tones[r]) && g.tones[r][i] != tonePlain:
				text = st.tone(g.tones[r][i]).Render(text)
			}
			cells[i] = text
		}
		gutter := "  "
		if selected {
			gutter = st.Title.Render("▸") + " "
		}
		sep := " "
		if selected {
			sep = st.Selected.Render(" ")
			if !active {
				sep = st.Dimmed.Render(" ")
			}
		}
		b.WriteString(gutter + strings.Join(cells, sep))
	}
	return b.String()
}
