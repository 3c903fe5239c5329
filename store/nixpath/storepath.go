// Package nixpath parses Nix store paths and computes them exactly as Nix
// 2.8 does: source paths (nix-store --add), text paths (builtins.toFile,
// .drv files) and fixed-output paths, for any store directory.
package nixpath

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/nix-community/go-nix/pkg/nixbase32"
)

// DefaultStoreDir is the store directory Nix uses unless configured.
const DefaultStoreDir StoreDir = "/nix/store"

// HashSize is the length of a store path's hash part in bytes; it is
// nixbase32-encoded as EncodedHashLen characters.
const HashSize = 20

// EncodedHashLen is the length of the nixbase32 hash part of a store path.
const EncodedHashLen = 32

// MaxNameLen is the longest store path name Nix 2.8 accepts.
const MaxNameLen = 211

// ErrInvalidPath is wrapped by every parse or validation error.
var ErrInvalidPath = errors.New("invalid store path")

// StoreDir is an absolute store directory such as /nix/store, without a
// trailing slash.
type StoreDir string

// StorePath is a direct child of a store directory: a 20-byte hash and a
// name. It does not record the store directory.
type StorePath struct {
	Hash [HashSize]byte
	Name string
}

// HashPart returns the nixbase32 encoding of the hash (32 characters).
func (p StorePath) HashPart() string { return nixbase32.EncodeToString(p.Hash[:]) }

// Base returns "<hash>-<name>", the store path's base name.
func (p StorePath) Base() string { return p.HashPart() + "-" + p.Name }

// Absolute returns the store path under store directory d.
func (d StoreDir) Absolute(p StorePath) string { return string(d) + "/" + p.Base() }

// ValidateName checks a store path name as Nix 2.8 does: 1 to 211
// characters from [a-zA-Z0-9+-._?=].
func ValidateName(name string) error {
	if name == "" {
		return fmt.Errorf("%w: empty name", ErrInvalidPath)
	}
	if len(name) > MaxNameLen {
		return fmt.Errorf("%w: name %q is longer than %d characters", ErrInvalidPath, name, MaxNameLen)
	}
	for i, r := range name {
		if r >= utf8.RuneSelf || !nameChar(name[i]) {
			return fmt.Errorf("%w: name %q contains illegal character %q", ErrInvalidPath, name, r)
		}
	}
	return nil
}

func nameChar(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("+-._?=", c) >= 0
}

// ParseHashPart decodes a 32-character nixbase32 hash part.
func ParseHashPart(s string) ([HashSize]byte, error) {
	var h [HashSize]byte
	if len(s) != EncodedHashLen {
		return h, fmt.Errorf("%w: hash part %q is not %d characters", ErrInvalidPath, s, EncodedHashLen)
	}
	b, err := nixbase32.DecodeString(s)
	if err != nil {
		return h, fmt.Errorf("%w: hash part %q: %v", ErrInvalidPath, s, err)
	}
	copy(h[:], b)
	return h, nil
}

// ParseBase parses "<hash>-<name>".
func ParseBase(base string) (StorePath, error) {
	if len(base) < EncodedHashLen+2 || base[EncodedHashLen] != '-' {
		return StorePath{}, fmt.Errorf("%w: %q is not <hash>-<name>", ErrInvalidPath, base)
	}
	h, err := ParseHashPart(base[:EncodedHashLen])
	if err != nil {
		return StorePath{}, err
	}
	name := base[EncodedHashLen+1:]
	if err := ValidateName(name); err != nil {
		return StorePath{}, err
	}
	return StorePath{Hash: h, Name: name}, nil
}

// Parse parses an absolute store path that is a direct child of d.
func (d StoreDir) Parse(abs string) (StorePath, error) {
	p, sub, err := d.ParseWithSub(abs)
	if err != nil {
		return StorePath{}, err
	}
	if sub != "" {
		return StorePath{}, fmt.Errorf("%w: %q is below a store path", ErrInvalidPath, abs)
	}
	return p, nil
}

// ParseWithSub parses an absolute path inside store directory d and splits
// it into the store path and the rest ("" or a relative path such as
// "bin/hello"). The path is cleaned first; it may not leave the store
// path.
func (d StoreDir) ParseWithSub(abs string) (StorePath, string, error) {
	prefix := string(d) + "/"
	clean := path.Clean(abs)
	if !strings.HasPrefix(clean, prefix) {
		return StorePath{}, "", fmt.Errorf("%w: %q is not in %s", ErrInvalidPath, abs, d)
	}
	rest := clean[len(prefix):]
	base, sub, _ := strings.Cut(rest, "/")
	p, err := ParseBase(base)
	if err != nil {
		return StorePath{}, "", err
	}
	return p, sub, nil
}

// Validate checks that d is absolute and clean.
func (d StoreDir) Validate() error {
	s := string(d)
	if !strings.HasPrefix(s, "/") || path.Clean(s) != s || s == "/" {
		return fmt.Errorf("invalid store directory %q: must be absolute and clean", s)
	}
	return nil
}
