package letterpdf

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/image/font/sfnt"
)

// The letters are set in the IPA fonts Debian packages as
// fonts-ipafont-mincho (ipam.ttf, body and address) and
// fonts-ipafont-gothic (ipag.ttf, titles and the sender). They are found
// at run time, never shipped in the binary: SPDESK_FONT_DIR first, then
// the folders fontconfig reads on Debian.
const (
	MinchoFile = "ipam.ttf"
	GothicFile = "ipag.ttf"
)

// FontDirEnv names a folder holding ipam.ttf and ipag.ttf, searched first.
const FontDirEnv = "SPDESK_FONT_DIR"

var fontRoots = []string{"/usr/share/fonts", "/usr/local/share/fonts"}

// Fonts are the two faces a letter is set in.
type Fonts struct {
	MinchoPath, GothicPath string
	mincho, gothic         []byte
	minchoFace             *sfnt.Font
}

// MissingFontError says which font file was not found and where we looked.
type MissingFontError struct {
	File, Package string
	Searched      []string
}

func (e *MissingFontError) Error() string {
	return fmt.Sprintf("font %s not found (looked in %s): install the Debian package %s, or set %s to a folder holding it",
		e.File, strings.Join(e.Searched, ", "), e.Package, FontDirEnv)
}

// FindFonts finds and reads the IPA fonts.
func FindFonts() (*Fonts, error) {
	var dirs []string
	if d := os.Getenv(FontDirEnv); d != "" {
		dirs = append(dirs, d)
	}
	if h, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(h, ".local/share/fonts"), filepath.Join(h, ".fonts"))
	}
	dirs = append(dirs, fontRoots...)
	f := &Fonts{}
	var err error
	if f.MinchoPath, err = findFont(dirs, MinchoFile, "fonts-ipafont-mincho"); err != nil {
		return nil, err
	}
	if f.GothicPath, err = findFont(dirs, GothicFile, "fonts-ipafont-gothic"); err != nil {
		return nil, err
	}
	if f.mincho, err = os.ReadFile(f.MinchoPath); err != nil {
		return nil, err
	}
	if f.gothic, err = os.ReadFile(f.GothicPath); err != nil {
		return nil, err
	}
	if f.minchoFace, err = sfnt.Parse(f.mincho); err != nil {
		return nil, fmt.Errorf("font %s: %w", f.MinchoPath, err)
	}
	return f, nil
}

// findFont looks for name directly in each folder (SPDESK_FONT_DIR) and
// then anywhere below it (the system's font trees).
func findFont(dirs []string, name, pkg string) (string, error) {
	for _, d := range dirs {
		p := filepath.Join(d, name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, nil
		}
	}
	errFound := errors.New("found")
	for _, d := range dirs {
		var hit string
		filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if !e.IsDir() && e.Name() == name {
				hit = p
				return errFound
			}
			return nil
		})
		if hit != "" {
			return hit, nil
		}
	}
	return "", &MissingFontError{File: name, Package: pkg, Searched: dirs}
}

// Has reports whether the body font has a glyph for r.
func (f *Fonts) Has(r rune) bool {
	if r == ' ' || r == '\n' {
		return true
	}
	var b sfnt.Buffer
	i, err := f.minchoFace.GlyphIndex(&b, r)
	return err == nil && i != 0
}

// Missing is the first character of s the font lacks, and whether there
// is one.
func (f *Fonts) Missing(s string) (rune, bool) {
	for _, r := range s {
		if !f.Has(r) {
			return r, true
		}
	}
	return 0, false
}

// Stand is the mark printed in place of a character the font lacks: the
// geta mark 〓, the usual stand-in for a character a typeface cannot set.
const Stand = '〓'
