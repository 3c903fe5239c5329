package store

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/nix-community/go-nix/pkg/storepath"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
)

// Sizes of fixed-length fields.
const (
	StorePathHashSize = 20 // a store path's hash part, nixbase32-decoded
	narSHA256Size     = 32
	ed25519SigSize    = 64
	maxStoreNameLen   = 211 // Nix's limit on the name part of a store path
)

// ValidateName checks a directory entry name: non-empty, no '/', no NUL,
// not "." or "..".
func ValidateName(name []byte) error {
	switch {
	case len(name) == 0:
		return fmt.Errorf("empty name")
	case string(name) == "." || string(name) == "..":
		return fmt.Errorf("name %q is not allowed", name)
	case bytes.IndexByte(name, '/') >= 0:
		return fmt.Errorf("name %q contains '/'", name)
	case bytes.IndexByte(name, 0) >= 0:
		return fmt.Errorf("name %q contains NUL", name)
	}
	return nil
}

// ValidateDirectory checks everything about dir that can be checked without
// looking at other directories: every name is valid, each list is sorted,
// names are unique across the three lists, digests are 32 bytes, symlink
// targets are non-empty without NUL, and the total size does not overflow.
// Errors wrap ErrInvalid and name the offending entry.
func ValidateDirectory(dir *castorev1.Directory) error {
	if dir == nil {
		return fmt.Errorf("%w directory: nil message", ErrInvalid)
	}
	seen := make(map[string]string, len(dir.Directories)+len(dir.Files)+len(dir.Symlinks))
	check := func(kind string, i int, name, prev []byte) error {
		if err := ValidateName(name); err != nil {
			return fmt.Errorf("%w directory: %s entry %d: %v", ErrInvalid, kind, i, err)
		}
		if i > 0 && bytes.Compare(prev, name) >= 0 {
			if bytes.Equal(prev, name) {
				return fmt.Errorf("%w directory: %s entry %d: duplicate name %q", ErrInvalid, kind, i, name)
			}
			return fmt.Errorf("%w directory: %s entry %d: %q is not sorted after %q", ErrInvalid, kind, i, name, prev)
		}
		if other, dup := seen[string(name)]; dup {
			return fmt.Errorf("%w directory: %s entry %d: name %q is also a %s entry", ErrInvalid, kind, i, name, other)
		}
		seen[string(name)] = kind
		return nil
	}
	var size uint64
	for i, d := range dir.Directories {
		if err := check("directory", i, d.GetName(), prevName(dir.Directories, i)); err != nil {
			return err
		}
		if len(d.Digest) != DigestSize {
			return fmt.Errorf("%w directory: directory entry %q: digest is %d bytes, want %d", ErrInvalid, d.Name, len(d.Digest), DigestSize)
		}
		if d.Size == math.MaxUint64 || size > math.MaxUint64-1-d.Size {
			return fmt.Errorf("%w directory: directory entry %q: size %d overflows", ErrInvalid, d.Name, d.Size)
		}
		size += 1 + d.Size
	}
	for i, f := range dir.Files {
		if err := check("file", i, f.GetName(), prevName(dir.Files, i)); err != nil {
			return err
		}
		if len(f.Digest) != DigestSize {
			return fmt.Errorf("%w directory: file entry %q: digest is %d bytes, want %d", ErrInvalid, f.Name, len(f.Digest), DigestSize)
		}
	}
	for i, s := range dir.Symlinks {
		if err := check("symlink", i, s.GetName(), prevName(dir.Symlinks, i)); err != nil {
			return err
		}
		if err := validateTarget(s.Target); err != nil {
			return fmt.Errorf("%w directory: symlink entry %q: %v", ErrInvalid, s.Name, err)
		}
	}
	if size > math.MaxUint64-uint64(len(dir.Files)+len(dir.Symlinks)) {
		return fmt.Errorf("%w directory: total size overflows", ErrInvalid)
	}
	return nil
}

// named is any directory entry.
type named interface{ GetName() []byte }

func prevName[T named](list []T, i int) []byte {
	if i == 0 {
		return nil
	}
	return list[i-1].GetName()
}

func validateTarget(t []byte) error {
	switch {
	case len(t) == 0:
		return fmt.Errorf("empty target")
	case bytes.IndexByte(t, 0) >= 0:
		return fmt.Errorf("target %q contains NUL", t)
	}
	return nil
}

// DirectorySize is the size a DirectoryNode pointing at dir must carry: the
// number of entries, plus for each child directory its own size. It
// assumes dir passed ValidateDirectory (no overflow).
func DirectorySize(dir *castorev1.Directory) uint64 {
	n := uint64(len(dir.Files) + len(dir.Symlinks))
	for _, d := range dir.Directories {
		n += 1 + d.Size
	}
	return n
}

// ValidateNode checks a single node (a PathInfo's root): exactly one kind
// set, a valid name, 32-byte digests, a valid symlink target.
func ValidateNode(n *castorev1.Node) error {
	switch {
	case n.GetDirectory() != nil:
		d := n.GetDirectory()
		if err := ValidateName(d.Name); err != nil {
			return fmt.Errorf("%w node: %v", ErrInvalid, err)
		}
		if len(d.Digest) != DigestSize {
			return fmt.Errorf("%w node %q: directory digest is %d bytes, want %d", ErrInvalid, d.Name, len(d.Digest), DigestSize)
		}
	case n.GetFile() != nil:
		f := n.GetFile()
		if err := ValidateName(f.Name); err != nil {
			return fmt.Errorf("%w node: %v", ErrInvalid, err)
		}
		if len(f.Digest) != DigestSize {
			return fmt.Errorf("%w node %q: file digest is %d bytes, want %d", ErrInvalid, f.Name, len(f.Digest), DigestSize)
		}
	case n.GetSymlink() != nil:
		s := n.GetSymlink()
		if err := ValidateName(s.Name); err != nil {
			return fmt.Errorf("%w node: %v", ErrInvalid, err)
		}
		if err := validateTarget(s.Target); err != nil {
			return fmt.Errorf("%w node %q: %v", ErrInvalid, s.Name, err)
		}
	default:
		return fmt.Errorf("%w node: no directory, file or symlink set", ErrInvalid)
	}
	return nil
}

// NodeName returns the name of whichever kind n is.
func NodeName(n *castorev1.Node) []byte {
	switch {
	case n.GetDirectory() != nil:
		return n.GetDirectory().Name
	case n.GetFile() != nil:
		return n.GetFile().Name
	default:
		return n.GetSymlink().GetName()
	}
}

// ParseStorePathName parses a store path base name "<hash>-<name>" (32
// nixbase32 characters, '-', a valid Nix name of at most 211 characters;
// Nix 2.8 accepts names starting with '.') and returns its 20-byte hash part.
func ParseStorePathName(base string) ([StorePathHashSize]byte, error) {
	var h [StorePathHashSize]byte
	if strings.Contains(base, "/") {
		return h, fmt.Errorf("store path name %q contains '/'", base)
	}
	sp, err := storepath.FromString(base)
	if err != nil {
		// The library's message ends with the path as it is, control
		// characters too: escape them to keep the error on one line.
		msg := strconv.Quote(err.Error())
		return h, fmt.Errorf("store path name %q: %s", base, msg[1:len(msg)-1])
	}
	switch {
	case len(sp.Name) == 0:
		return h, fmt.Errorf("store path name %q: empty name", base)
	case len(sp.Name) > maxStoreNameLen:
		return h, fmt.Errorf("store path name %q: name longer than %d characters", base, maxStoreNameLen)
	case len(sp.Digest) != StorePathHashSize:
		return h, fmt.Errorf("store path name %q: hash part is %d bytes", base, len(sp.Digest))
	}
	copy(h[:], sp.Digest)
	return h, nil
}

// ValidatePathInfo checks info and returns the hash part of its store path
// (the key it is stored under): the root node is valid and named like a
// store path; references are 20 bytes each; NAR sha256 is 32 bytes;
// reference names, when given, match the references one to one; signatures
// and the deriver are well-formed. Errors wrap ErrInvalid.
func ValidatePathInfo(info *storev1.PathInfo) ([StorePathHashSize]byte, error) {
	var h [StorePathHashSize]byte
	if info == nil {
		return h, fmt.Errorf("%w path info: nil message", ErrInvalid)
	}
	if err := ValidateNode(info.Node); err != nil {
		return h, fmt.Errorf("path info: %w", err)
	}
	name := string(NodeName(info.Node))
	h, err := ParseStorePathName(name)
	if err != nil {
		return h, fmt.Errorf("%w path info: root node: %v", ErrInvalid, err)
	}
	where := "path info " + name
	for i, r := range info.References {
		if len(r) != StorePathHashSize {
			return h, fmt.Errorf("%w %s: reference %d is %d bytes, want %d", ErrInvalid, where, i, len(r), StorePathHashSize)
		}
	}
	ni := info.Narinfo
	if ni == nil {
		return h, fmt.Errorf("%w %s: missing narinfo", ErrInvalid, where)
	}
	if len(ni.NarSha256) != narSHA256Size {
		return h, fmt.Errorf("%w %s: nar_sha256 is %d bytes, want %d", ErrInvalid, where, len(ni.NarSha256), narSHA256Size)
	}
	if len(ni.ReferenceNames) != len(info.References) {
		return h, fmt.Errorf("%w %s: %d reference names for %d references", ErrInvalid, where, len(ni.ReferenceNames), len(info.References))
	}
	for i, rn := range ni.ReferenceNames {
		rh, err := ParseStorePathName(rn)
		if err != nil {
			return h, fmt.Errorf("%w %s: reference name %d: %v", ErrInvalid, where, i, err)
		}
		if !bytes.Equal(rh[:], info.References[i]) {
			return h, fmt.Errorf("%w %s: reference name %d %q does not match reference digest", ErrInvalid, where, i, rn)
		}
	}
	for i, s := range ni.Signatures {
		if s.GetName() == "" || len(s.GetData()) != ed25519SigSize {
			return h, fmt.Errorf("%w %s: signature %d: want a key name and %d bytes, got %q and %d bytes", ErrInvalid, where, i, ed25519SigSize, s.GetName(), len(s.GetData()))
		}
	}
	if d := ni.Deriver; d != nil {
		if len(d.Digest) != StorePathHashSize {
			return h, fmt.Errorf("%w %s: deriver digest is %d bytes, want %d", ErrInvalid, where, len(d.Digest), StorePathHashSize)
		}
		if d.Name == "" || strings.Contains(d.Name, "/") {
			return h, fmt.Errorf("%w %s: invalid deriver name %q", ErrInvalid, where, d.Name)
		}
	}
	return h, nil
}
