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

	"charm.land/fang/v2"
	"github.com/mattn/go-isatty"

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
	if !isatty.IsTerminal(os.Stderr.Fd()) {
		fmt.Fprintln(w, "spdesk: "+textsafe.ShowLines(err.Error()))
		return
	}
	fmt.Fprintln(w, styles.ErrorHeader.String())
	// An error may quote data (a path, a value typed or read): shown safe.
	fmt.Fprintln(w, styles.ErrorText.UnsetTransform().Render(textsafe.ShowLines(err.Error())))
	fmt.Fprintln(w)
}
