// Command spdesk is the terminal console of the Safety Pass support center.
//
// This package only parses flags and wires the packages together: the
// console is package tui, every change is package workflows, the data is
// package store, cards are package cardops, demo and scale data come from
// package fixtures.
package main

import (
	"context"
	"os"

	"charm.land/fang/v2"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	// fang gives cobra styled help and errors that look like the rest of
	// the Charm tools an operator may know; cobra itself is the common
	// choice for Go CLIs with sub-commands.
	if err := fang.Execute(context.Background(), newRoot(), fang.WithVersion(version), fang.WithoutManpage()); err != nil {
		os.Exit(1)
	}
}
