package main

import (
	"bytes"
	"encoding/json"
	"io"

	"spdesk/workflows/textsafe"
)

// Every output of data goes through textsafe: a name, address or reader
// name holding an escape sequence must reach the terminal as visible
// marks (␛), never as a sequence it obeys.

// safe is textsafe.Show, for one table cell or one value in a line.
func safe(s string) string { return textsafe.Show(s) }

// printJSON writes v as JSON (indented when indent) that reads back to the
// same data but holds no raw control character (textsafe.JSON): a script
// gets the data, a terminal gets no sequence.
func printJSON(w io.Writer, v any, indent bool) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	if indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(textsafe.JSON(buf.Bytes()))
	return err
}

// safeLines passes whole lines (one Write each, as fmt.Fprintln does)
// through textsafe.ShowLines, for output written by other packages.
type safeLines struct{ w io.Writer }

func (s safeLines) Write(p []byte) (int, error) {
	if _, err := io.WriteString(s.w, textsafe.ShowLines(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
