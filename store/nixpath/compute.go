package nixpath

import (
	"crypto/sha256"
	"fmt"
	"sort"
	"strings"

	"github.com/nix-community/go-nix/pkg/nixhash"
)

// Method says how a content-addressed path's hash was taken.
type Method int

const (
	// Flat hashes a single regular file's bytes (fixed-output, flat).
	Flat Method = iota
	// Recursive hashes the NAR serialisation (fixed-output, recursive).
	Recursive
	// Text hashes a text file with sha256 and may have references
	// (builtins.toFile, .drv files).
	Text
)

// MakeStorePath is Nix's makeStorePath: the path named name whose hash is
// the first 20 bytes (XOR-folded) of sha256("<typ>:<algo>:<hex>:<dir>:<name>").
func (d StoreDir) MakeStorePath(typ string, h *nixhash.Hash, name string) (StorePath, error) {
	if err := ValidateName(name); err != nil {
		return StorePath{}, err
	}
	s := typ + ":" + h.Format(nixhash.Base16, true) + ":" + string(d) + ":" + name
	sum := sha256.Sum256([]byte(s))
	var p StorePath
	copy(p.Hash[:], nixhash.CompressHash(sum[:], HashSize))
	p.Name = name
	return p, nil
}

// makeType is Nix's makeType: typ, then ":<ref>" for every reference in
// sorted order, then ":self" when the path refers to itself.
func (d StoreDir) makeType(typ string, refs []string, self bool) (string, error) {
	sorted := append([]string(nil), refs...)
	sort.Strings(sorted)
	var b strings.Builder
	b.WriteString(typ)
	for i, r := range sorted {
		if i > 0 && sorted[i-1] == r {
			continue
		}
		if _, err := d.Parse(r); err != nil {
			return "", fmt.Errorf("reference: %w", err)
		}
		b.WriteString(":")
		b.WriteString(r)
	}
	if self {
		b.WriteString(":self")
	}
	return b.String(), nil
}

// MakeTextPath is the path of a text file with the given sha256 of its
// contents and references (absolute store paths), as builtins.toFile and
// .drv files use.
func (d StoreDir) MakeTextPath(name string, contentSHA256 [32]byte, refs []string) (StorePath, error) {
	typ, err := d.makeType("text", refs, false)
	if err != nil {
		return StorePath{}, err
	}
	return d.MakeStorePath(typ, nixhash.MustNewHash(nixhash.SHA256, contentSHA256[:]), name)
}

// MakeFixedOutputPath is Nix's makeFixedOutputPath. Recursive sha256
// paths use the "source" type and may have references (and self); any
// other combination must have none.
func (d StoreDir) MakeFixedOutputPath(method Method, h *nixhash.Hash, name string, refs []string, self bool) (StorePath, error) {
	switch method {
	case Recursive:
		if h.Algo() == nixhash.SHA256 {
			typ, err := d.makeType("source", refs, self)
			if err != nil {
				return StorePath{}, err
			}
			return d.MakeStorePath(typ, h, name)
		}
	case Flat:
	default:
		return StorePath{}, fmt.Errorf("fixed-output path: method %d is not flat or recursive", method)
	}
	if len(refs) > 0 || self {
		return StorePath{}, fmt.Errorf("fixed-output path %q: only recursive sha256 paths may have references", name)
	}
	r := ""
	if method == Recursive {
		r = "r:"
	}
	inner := sha256.Sum256([]byte("fixed:out:" + r + h.Format(nixhash.Base16, true) + ":"))
	return d.MakeStorePath("output:out", nixhash.MustNewHash(nixhash.SHA256, inner[:]), name)
}

// MakeSourcePath is the path nix-store --add gives a tree whose NAR has
// the given sha256: a recursive sha256 fixed-output path.
func (d StoreDir) MakeSourcePath(name string, narSHA256 [32]byte) (StorePath, error) {
	return d.MakeFixedOutputPath(Recursive, nixhash.MustNewHash(nixhash.SHA256, narSHA256[:]), name, nil, false)
}

// MakeContentAddressedPath computes the store path that content address
// ca gives name, as Nix's makeFixedOutputPathFromCA does.
func (d StoreDir) MakeContentAddressedPath(name string, ca ContentAddress, refs []string, self bool) (StorePath, error) {
	if ca.Method == Text {
		if self {
			return StorePath{}, fmt.Errorf("text path %q cannot refer to itself", name)
		}
		if ca.Hash.Algo() != nixhash.SHA256 {
			return StorePath{}, fmt.Errorf("text path %q: hash must be sha256", name)
		}
		var sum [32]byte
		copy(sum[:], ca.Hash.Digest())
		return d.MakeTextPath(name, sum, refs)
	}
	return d.MakeFixedOutputPath(ca.Method, ca.Hash, name, refs, self)
}
