// Command gen writes internal/kanjivar/table.go from the Debian data sets
// (apt-get install unicode-data kanjidic-xml); run by go generate.
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"os"

	"spdesk/internal/kanjivar/vardata"
)

func main() {
	t, err := vardata.Build()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kanjivar gen:", err)
		os.Exit(1)
	}
	var b bytes.Buffer
	if err := vardata.Write(&b, t); err != nil {
		fmt.Fprintln(os.Stderr, "kanjivar gen:", err)
		os.Exit(1)
	}
	src, err := format.Source(b.Bytes())
	if err != nil {
		fmt.Fprintln(os.Stderr, "kanjivar gen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile("table.go", src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "kanjivar gen:", err)
		os.Exit(1)
	}
}
