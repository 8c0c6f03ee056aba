// Package ui is what every console page shares, in the manner of
// soft-serve's pkg/ui/common: the Shared context (catalog, styles, clock,
// desk, operator, banner), the Page interface and the Nav a page returns
// to ask the root for another page, the catalog and its texts, styles,
// the grid, layout and format helpers, and the job that runs a workflow
// step under a form. It knows no page: tui builds pages from Navs.
//
// The layout rule of package tui holds here: every View returns exactly
// the lines and cells it was given (FitBlock).
package ui
