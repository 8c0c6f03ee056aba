package ui

import (
	"time"

	"spdesk/cardops"
	"spdesk/workflows"
)

// Options are what cmd/spdesk hands the console.
type Options struct {
	// Desk is what the console reads (the workflows service, also in a
	// read-only console); nil: no database is open.
	Desk     workflows.Desk
	Lang     string // "ja" or "en"; empty: DetectLang(os.Getenv)
	Demo     bool   // shows DEMO loudly in the header
	Operator string // shown in the header; empty: a placeholder
	Now      func() time.Time

	// Service runs every change (cases, letters), the same desk as Desk;
	// nil: the console is read-only and says so where a change would start.
	Service workflows.Desk
	// Cards is the reader provider for the card test: PC/SC, or the
	// in-process virtual reader of the demo. Nil: no reader support.
	Cards cardops.Provider
	// CardsErr says why Cards is nil (e.g. cardops.ErrPCSCNotBuilt).
	CardsErr error
	// Tray is the demo's virtual reader, whose cards the operator inserts
	// and removes with a key; nil outside the demo.
	Tray *cardops.VirtualReader
	// MasterKey is the issuer master key the card test checks MACs with.
	MasterKey []byte

	// Operators are the names that may act at this console, switched with
	// ctrl+o on any page; empty: just Operator.
	Operators []string
	// SpoolDir is where the letters print screen prints; empty: a folder
	// beside the database (<db>-spool).
	SpoolDir string

	// Accounts signs operators in and locks the console (lock.go): with
	// it and no Operator the console starts on the sign-in screen; with an
	// Operator (the demo) that account is signed in already. Nil: no
	// sign-in and no lock (tests of single screens).
	Accounts workflows.Desk
	// IdleLock is how long without a key locks the console; zero: the
	// Accounts service's setting (13 minutes).
	IdleLock time.Duration
	// ReadOnly says so in the header; changes are off because Service is nil.
	ReadOnly bool
	// Clock runs the idle lock and the account recheck; nil: the wall clock.
	Clock Clock
	// Live follows other desks' changes (Desk.Watch) and re-reads what is
	// on screen. Off, the console reads on its own keys only: tests that
	// run every command to its end cannot hold a feed that never ends.
	Live bool
}
