// Package cardops owns everything spdesk does with IC cards and readers.
//
// It holds:
//
//   - one small reader/card interface ([Provider], [Card]) with two
//     implementations: real PC/SC through github.com/ebfe/scard ([NewPCSC],
//     left out by the nopcsc build tag or without cgo) and an in-process
//     [VirtualReader] with a tray of [VirtualCard]s;
//   - live reader and card events ([Event]) from either implementation;
//   - the transmit discipline every caller needs ([Session]): a deadline on
//     every transmit, 61xx and 6Cxx handling, responses without a status
//     word refused;
//   - ATR decoding with TCK check and pcsc_scan-like rendering ([ParseATR],
//     [DescribeATR]) and naming of foreign cards from pcsc-tools'
//     smartcard_list.txt ([ATRList]);
//   - a strict BER-TLV parser ([ParseTLV]);
//   - the "spdesk card v1" profile (DESIGN.md): its ATR, AID, card data,
//     key derivation and MAC;
//   - the card test ([RunCardTest]), one piece of code over [Provider], and
//     the pure final judgement with the database's view ([Verdict]);
//   - typed error kinds with stable message keys and ja/en advice for
//     operators ([ErrorKind], [Advice]);
//   - the virtual card speaking the profile, in process or plugged into
//     pcscd through the vsmartcard vpcd driver ([ServeVPCD]).
//
// cardops imports only the standard library, ebfe/scard and one leaf,
// spdesk/store/luhn (the check digit of card and member numbers, with no
// imports of its own): it knows nothing of the database or the terminal. The caller looks the card up and passes
// what it found as a [DBCard].
//
// Decisions where DESIGN.md is silent:
//
//   - The card data file is a flat sequence of primitive BER-TLV objects;
//     unknown tags are ignored (room for a v2), duplicated known tags make
//     the data corrupt, and C3 is required on, and only on, credit-function
//     cards. '00'/'FF' padding between objects is skipped, as ISO 7816-4
//     allows.
//   - READ BINARY past the end of the file answers 6B00, the ISO 7816-4
//     answer for an offset outside the EF, which the profile does not cover.
//   - VERIFY before the application is selected answers 6982, like INTERNAL
//     AUTHENTICATE. VERIFY with data spends a try on the virtual card: it
//     knows no password, so every presented one is wrong.
//   - A card test connects exclusively, so another program holding the card
//     shows as "reader in use", and leaves the card powered (no reset). A
//     reader whose card we already gave up on (mute) reports mute again,
//     not "in use", until the card is removed.
//   - A card test cancelled through its context ends with KindIO; callers
//     that cancel discard the result.
//   - PC/SC reader state comes from one process-wide watcher goroutine (the
//     only caller of SCardGetStatusChange, which ebfe/scard does not make
//     safe for concurrent use); it runs while anyone watches or lists.
//
// Tests: `go test ./cardops` runs the real-stack tests too. They take a
// machine-wide lock (so two test processes do not share vpcd ports), start
// a private `pcscd --foreground --auto-exit` unless one already runs, plug
// virtual cards in through vpcd, and stop their pcscd by its pid at the
// end. They skip only when pcscd or vsmartcard-vpcd is not installed.
package cardops
