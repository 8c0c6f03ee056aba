// Package cardtest is the card test page: it reads a card in a reader
// (PC/SC or the demo's tray), checks it against the issuer key and the
// member's record, and says what the operator should do next. It owns its
// keys and the names of the card codes; the root opens it (ctrl+t, or
// for a member's card from the member page).
package cardtest
