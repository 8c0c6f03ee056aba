// Command spdesk is the terminal console of the Safety Pass support center.
//
// This package only parses flags and wires the packages together: the
// console is package tui, every change is package workflows, the data is
// package store, cards are package cardops, demo and scale data come from
// package fixtures.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"charm.land/fang/v2"
	"github.com/mattn/go-isatty"

	"spdesk/store"
	"spdesk/workflows/textsafe"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	// fang gives cobra styled help and errors that look like the rest of
	// the Charm tools an operator may know; cobra itself is the common
	// choice for Go CLIs with sub-commands.
	if err := fang.Execute(context.Background(), newRoot(), fang.WithVersion(version), fang.WithoutManpage(),
		fang.WithErrorHandler(showError)); err != nil {
		os.Exit(1)
	}
}

// showError prints an error as it was written: fang's default handler
// capitalises the first word, which mangles paths and flag names, and
// the operator must be able to copy those.
func showError(w io.Writer, styles fang.Styles, err error) {
	text := textsafe.ShowLines(errorText(err))
	if !isatty.IsTerminal(os.Stderr.Fd()) {
		fmt.Fprintln(w, "spdesk: "+text)
		return
	}
	fmt.Fprintln(w, styles.ErrorHeader.String())
	// An error may quote data (a path, a value typed or read): shown safe.
	fmt.Fprintln(w, styles.ErrorText.UnsetTransform().Render(text))
	fmt.Fprintln(w)
}

// damagedHint is what to do when a read met a damaged page: reads do not
// wait for the open's damage check, so SQLite's own words ("database disk
// image is malformed") may come first, and they say nothing of what to do.
const damagedHint = "the database file is damaged; nothing was changed (spdesk writes nothing to a damaged file): restore it from a backup"

// errorText is err as the operator reads it, with what to do when the
// database file turned out damaged.
func errorText(err error) string {
	text := err.Error()
	if store.IsCorrupt(err) && !strings.Contains(text, "restore it from a backup") {
		text += "\n" + damagedHint
	}
	return text
}
