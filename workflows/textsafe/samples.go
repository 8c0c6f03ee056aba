package textsafe

// Samples are the escape sequences a security review put in member names
// and addresses, for the tests of every output that shows data: a window
// title (OSC 0), a link (OSC 8), a device control string (DCS), conceal
// (SGR 8), clear screen, C1 CSI and OSC, DEL, a bidi override and a byte
// that is not UTF-8. Each holds a visible word so a test can find where it
// went.
var Samples = []string{
	"\x1b]0;pwned-title\x07",
	"\x1b]8;;https://evil.example/\x1b\\click-me\x1b]8;;\x1b\\",
	"\x1bP+q544e\x1b\\dcs",
	"\x1b[8mconcealed\x1b[0m",
	"\x1b[2J\x1b[Hcleared",
	"\u009b2Jc1-csi",
	"\u009d0;c1-title\u009c",
	"del\x7fete",
	"\u202eevil-bidi",
	"broken\x9b2J",
}
