package store

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"google.golang.org/protobuf/proto"
)

func TestValidateDirectoryMessages(t *testing.T) {
	d := make([]byte, DigestSize)
	f := func(name string) *castorev1.FileNode { return &castorev1.FileNode{Name: []byte(name), Digest: d} }
	cases := []struct {
		dir     *castorev1.Directory
		wantErr string // substring; "" means valid
	}{
		{&castorev1.Directory{}, ""},
		{&castorev1.Directory{Files: []*castorev1.FileNode{f("a"), f("b")}}, ""},
		{&castorev1.Directory{Files: []*castorev1.FileNode{f("b"), f("a")}}, `file entry 1: "a" is not sorted after "b"`},
		{&castorev1.Directory{Files: []*castorev1.FileNode{f("a"), f("a")}}, `file entry 1: duplicate name "a"`},
		{&castorev1.Directory{Files: []*castorev1.FileNode{f("x/y")}}, `file entry 0: name "x/y" contains '/'`},
		{&castorev1.Directory{Files: []*castorev1.FileNode{f("")}}, `file entry 0: empty name`},
		{&castorev1.Directory{Symlinks: []*castorev1.SymlinkNode{{Name: []byte(".."), Target: []byte("x")}}}, `symlink entry 0: name ".." is not allowed`},
		{&castorev1.Directory{
			Directories: []*castorev1.DirectoryNode{{Name: []byte("a"), Digest: d}},
			Files:       []*castorev1.FileNode{f("a")},
		}, `file entry 0: name "a" is also a directory entry`},
		{&castorev1.Directory{Directories: []*castorev1.DirectoryNode{{Name: []byte("a"), Digest: d[:20]}}}, `directory entry "a": digest is 20 bytes, want 32`},
		{&castorev1.Directory{Directories: []*castorev1.DirectoryNode{{Name: []byte("a"), Digest: d, Size: 1 << 63}, {Name: []byte("b"), Digest: d, Size: 1 << 63}}}, "overflows"},
	}
	for i, c := range cases {
		err := ValidateDirectory(c.dir)
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("case %d: unexpected error %v", i, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("case %d: error %v, want one containing %q", i, err, c.wantErr)
		case err != nil && !errors.Is(err, ErrInvalid):
			t.Errorf("case %d: error %v does not wrap ErrInvalid", i, err)
		case err != nil && strings.Contains(err.Error(), "\n"):
			t.Errorf("case %d: error is not one line: %q", i, err)
		}
	}
}

func TestParseStorePathName(t *testing.T) {
	good := "00bgd045z0d4icpbc2yyz4gx48ak44la-net-tools-1.60_p20170221182432"
	for _, ok := range []string{good, good[:33] + ".hidden"} {
		if _, err := ParseStorePathName(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{
		"", "hello", good[:32], good[:33], "e" + good[1:], good + "/x",
		good[:33] + strings.Repeat("a", 212), good + " ",
	} {
		if _, err := ParseStorePathName(bad); err == nil {
			t.Errorf("%q: accepted", bad)
		}
	}
}

// FuzzValidateDirectory decodes arbitrary bytes as a Directory and checks
// that validation never panics and that what it accepts has the
// properties the rest of the store relies on.
func FuzzValidateDirectory(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := new(castorev1.Directory)
		if proto.Unmarshal(b, dir) != nil {
			return
		}
		if err := ValidateDirectory(dir); err != nil {
			if !errors.Is(err, ErrInvalid) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q is not a one-line ErrInvalid", err)
			}
			return
		}
		seen := map[string]bool{}
		var names [][]byte
		for _, d := range dir.Directories {
			names = append(names, d.Name)
		}
		for _, f := range dir.Files {
			names = append(names, f.Name)
		}
		for _, s := range dir.Symlinks {
			names = append(names, s.Name)
		}
		for _, n := range names {
			if ValidateName(n) != nil || seen[string(n)] {
				t.Fatalf("accepted bad or duplicate name %q", n)
			}
			seen[string(n)] = true
		}
		enc, d, err := EncodeDirectory(dir)
		if err != nil {
			t.Fatal(err)
		}
		back, err := DecodeDirectory(enc, d)
		if err != nil || !proto.Equal(back, dir) {
			t.Fatalf("round trip: %v", err)
		}
		if enc2, _, _ := EncodeDirectory(back); !bytes.Equal(enc, enc2) {
			t.Fatal("encoding is not deterministic")
		}
	})
}

// FuzzValidatePathInfo decodes arbitrary bytes as a PathInfo (as the gRPC
// server receives them) and checks that validation never panics and that
// what it accepts is keyed by its root node's store path hash.
func FuzzValidatePathInfo(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		info := new(storev1.PathInfo)
		if proto.Unmarshal(b, info) != nil {
			return
		}
		h, err := ValidatePathInfo(info)
		if err != nil {
			if !errors.Is(err, ErrInvalid) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q is not a one-line ErrInvalid", err)
			}
			return
		}
		h2, err := ParseStorePathName(string(NodeName(info.Node)))
		if err != nil || h2 != h {
			t.Fatalf("accepted path info whose root name does not parse to its key: %v", err)
		}
		for _, r := range info.References {
			if len(r) != StorePathHashSize {
				t.Fatalf("accepted a %d-byte reference", len(r))
			}
		}
	})
}
