//go:build !cgo || nopcsc

package cardops

// PCSCBuiltIn reports whether this binary has real reader support.
const PCSCBuiltIn = false

// NewPCSC reports ErrPCSCNotBuilt: this binary was built with the nopcsc
// tag or without cgo. Use a VirtualReader.
func NewPCSC() (Provider, error) { return nil, ErrPCSCNotBuilt }
