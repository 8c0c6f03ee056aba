// Package tui is the spdesk console: a Bubble Tea v2 program with a shell
// (header, one page from a stack, status line, help bar), the sign-in and
// lock gate, and the router that builds the page a ui.Nav asks for.
//
// What pages share (context, catalog, styles, grid, list keys) is in
// tui/ui; every page lives in tui/pages/<name> and no page package imports
// another: they ask for one another through ui.Nav. It asks the system only through a
// workflows.Desk (reads, what may be done now, the steps) and names records
// in the desk's vocabulary; it never imports store (TestConsoleDoesNotImportStore).
// Update and View do no I/O; every query runs in a tea.Cmd whose message
// carries the request it answers, so late or stale answers are dropped.
//
// Layout rule: every View returns exactly the lines and cells it was given
// (see ui.FitBlock), so a resize never leaves old cells behind and CJK text,
// which takes two cells a character, is measured with lipgloss.Width.
package tui
