package nar

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
)

// narOf encodes each argument as one NAR string.
func narOf(toks ...string) []byte {
	var b bytes.Buffer
	e := encoder{w: &b}
	e.strs(toks...)
	return b.Bytes()
}

// entry wraps a node's tokens in a directory entry.
func entry(name string, node ...string) []string {
	return append(append([]string{"entry", "(", "name", name, "node"}, node...), ")")
}

func file(content string) []string { return []string{"(", "type", "regular", "contents", content, ")"} }

func dirOf(entries ...[]string) []string {
	toks := []string{"(", "type", "directory"}
	for _, e := range entries {
		toks = append(toks, e...)
	}
	return append(toks, ")")
}

func withMagic(toks []string) []byte { return narOf(append([]string{magic}, toks...)...) }

// validNAR has every node kind.
func validNAR() []byte {
	return withMagic(dirOf(
		entry("a", file("hello")...),
		entry("b", "(", "type", "regular", "executable", "", "contents", "#!/bin/sh\n", ")"),
		entry("c", "(", "type", "symlink", "target", "../x", ")"),
		entry("d", dirOf(entry("e", file("")...))...),
	))
}

func TestValidateAcceptsCanonicalNARs(t *testing.T) {
	for name, n := range map[string][]byte{
		"tree":      validNAR(),
		"file":      withMagic(file("x")),
		"empty dir": withMagic(dirOf()),
		"symlink":   withMagic([]string{"(", "type", "symlink", "target", "/abs", ")"}),
	} {
		size, _, err := Validate(bytes.NewReader(n), name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if size != uint64(len(n)) {
			t.Errorf("%s: size %d, want %d", name, size, len(n))
		}
	}
}

func TestValidateRejectsEveryTruncation(t *testing.T) {
	n := validNAR()
	for i := 0; i < len(n); i++ {
		_, _, err := Validate(bytes.NewReader(n[:i]), "cut")
		if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "truncated") {
			t.Fatalf("NAR cut to %d of %d bytes: err = %v, want truncated", i, len(n), err)
		}
	}
}

func TestValidateRejectsMalformed(t *testing.T) {
	good := validNAR()
	nonZeroPad := append([]byte(nil), good...)
	// "hello" is followed by 3 padding bytes; find and spoil one.
	i := bytes.Index(nonZeroPad, []byte("hello")) + 5
	nonZeroPad[i] = 1
	tests := []struct {
		name string
		nar  []byte
		want string // substring of the error
		off  int    // expected offset, -1 to skip
	}{
		{"bad magic", narOf("nix-archive-2"), `expected "nix-archive-1"`, 0},
		{"dotdot name", withMagic(dirOf(entry("..", file("x")...))), `invalid entry name ".."`, -1},
		{"dot name", withMagic(dirOf(entry(".", file("x")...))), `invalid entry name "."`, -1},
		{"slash name", withMagic(dirOf(entry("a/b", file("x")...))), `invalid entry name "a/b"`, -1},
		{"empty name", withMagic(dirOf(entry("", file("x")...))), `invalid entry name ""`, -1},
		{"nul name", withMagic(dirOf(entry("a\x00", file("x")...))), `invalid entry name`, -1},
		{"unsorted", withMagic(dirOf(entry("b", file("x")...), entry("a", file("x")...))), `"a" is not sorted after "b"`, -1},
		{"duplicate", withMagic(dirOf(entry("a", file("x")...), entry("a", file("y")...))), `duplicate entry name "a"`, -1},
		{"unknown token in dir", withMagic([]string{"(", "type", "directory", "junk", ")"}), `expected "entry" or ")", got "junk"`, 24 + 16 + 16 + 24},
		{"unknown type", withMagic([]string{"(", "type", "fifo", ")"}), `unknown node type "fifo"`, -1},
		{"contents before executable", withMagic([]string{"(", "type", "regular", "contents", "x", "executable", "", ")"}), `expected ")", got "executable"`, -1},
		{"executable marker not empty", withMagic([]string{"(", "type", "regular", "executable", "x", "contents", "", ")"}), "executable marker is not empty", -1},
		{"empty symlink target", withMagic([]string{"(", "type", "symlink", "target", "", ")"}), "symlink target", -1},
		{"non-zero padding", nonZeroPad, "non-zero padding", i},
		{"trailing data", append(validNAR(), 0), "trailing data", len(good)},
		{"huge token", append(narOf(magic), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), "expected a token, got a string of", 24},
		{"name too long", withMagic(dirOf(entry(strings.Repeat("n", 256), file("x")...))), "entry name of 256 bytes", -1},
	}
	for _, tt := range tests {
		_, _, err := Validate(bytes.NewReader(tt.nar), "input.nar")
		if err == nil {
			t.Errorf("%s: accepted", tt.name)
			continue
		}
		msg := err.Error()
		if !errors.Is(err, ErrMalformed) || !strings.Contains(msg, tt.want) || !strings.HasPrefix(msg, "input.nar: malformed NAR at byte ") || strings.Contains(msg, "\n") {
			t.Errorf("%s: error %q, want one line naming input.nar and containing %q", tt.name, msg, tt.want)
		}
		var fe *FormatError
		if tt.off >= 0 && errors.As(err, &fe) && fe.Offset != int64(tt.off) {
			t.Errorf("%s: offset %d, want %d", tt.name, fe.Offset, tt.off)
		}
	}
}

// TestAddNARLeavesStoreUnchangedOnError feeds bad NARs through AddNAR
// (both as a seekable file and as a stream) and checks that no directory
// or PathInfo appears.
func TestAddNARLeavesStoreUnchangedOnError(t *testing.T) {
	ctx := context.Background()
	bad := withMagic(dirOf(entry("a", dirOf(entry("f", file("x")...))...), entry("a", file("y")...)))
	f := filepath.Join(t.TempDir(), "bad.nar")
	if err := os.WriteFile(f, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	fh, err := os.Open(f)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	st := store.NewMemoryStore()
	for _, r := range []struct {
		name string
		r    any
	}{{"file", fh}, {"stream", bytes.NewReader(bad)}} {
		_, err := AddNAR(ctx, st, nixpath.DefaultStoreDir, "x", r.r.(interface{ Read([]byte) (int, error) }), r.name)
		if !errors.Is(err, ErrMalformed) {
			t.Fatalf("%s: err = %v", r.name, err)
		}
	}
	assertEmpty(t, st)

	// The good NAR then goes in, and renders back identically.
	info, err := AddNAR(ctx, st, nixpath.DefaultStoreDir, "x", bytes.NewReader(validNAR()), "good")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := Write(ctx, &out, st.Blobs, st.Directories, info.Node); err != nil {
		t.Fatal(err)
	}
	requireSameBytes(t, out.Bytes(), validNAR())
}

func assertEmpty(t *testing.T, st *store.Store) {
	t.Helper()
	n := 0
	st.PathInfos.List(context.Background(), func(*storev1.PathInfo) error { n++; return nil })
	if n != 0 {
		t.Errorf("%d path infos stored after errors", n)
	}
	if di, ok := st.Directories.(store.DirectoryInventory); ok {
		di.ForEachDirectory(context.Background(), func(store.Digest, []byte) error { n++; return nil })
		if n != 0 {
			t.Errorf("%d directories stored after errors", n)
		}
	}
}

func TestImportTreeRejectsUnsupportedFiles(t *testing.T) {
	root := filepath.Join(t.TempDir(), "tree")
	if err := os.MkdirAll(filepath.Join(root, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "ok"), []byte("x"), 0o644)
	for _, p := range []string{"fifo1", "sub/fifo2"} {
		if err := mkfifo(filepath.Join(root, p)); err != nil {
			t.Skip("mkfifo:", err)
		}
	}
	st := store.NewMemoryStore()
	_, err := AddPath(context.Background(), st, nixpath.DefaultStoreDir, root)
	if !errors.Is(err, ErrUnreadable) || !strings.Contains(err.Error(), "fifo1") || !strings.Contains(err.Error(), "fifo2") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("err = %v, want one line naming both FIFOs", err)
	}
	assertEmpty(t, st)
	if has, _ := st.Blobs.Has(context.Background(), store.DigestOf([]byte("x"))); has {
		t.Error("a blob was stored although the tree was rejected")
	}
}

func TestImportTreeRejectsUnreadableFiles(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files whatever their mode; the CLI test covers this as an unprivileged user")
	}
	root := filepath.Join(t.TempDir(), "tree")
	os.MkdirAll(root, 0o755)
	os.WriteFile(filepath.Join(root, "secret"), []byte("x"), 0o000)
	st := store.NewMemoryStore()
	_, err := AddPath(context.Background(), st, nixpath.DefaultStoreDir, root)
	if !errors.Is(err, ErrUnreadable) || !strings.Contains(err.Error(), "secret") {
		t.Fatalf("err = %v", err)
	}
	assertEmpty(t, st)
}

func TestImportTreeNoticesChangedFiles(t *testing.T) {
	root := filepath.Join(t.TempDir(), "tree")
	os.MkdirAll(filepath.Join(root, "d"), 0o755)
	f := filepath.Join(root, "d", "f")
	os.WriteFile(f, []byte("before"), 0o644)
	testHookAfterRead = func() { os.WriteFile(f, []byte("after!"), 0o644) } // same size
	defer func() { testHookAfterRead = nil }()
	st := store.NewMemoryStore()
	_, err := AddPath(context.Background(), st, nixpath.DefaultStoreDir, root)
	if err == nil || !strings.Contains(err.Error(), f+": file changed while it was being added") {
		t.Fatalf("err = %v", err)
	}
	assertEmpty(t, st)
}

// TestAddKeepsExistingPathInfo adds a tree twice; the second add must not
// replace the PathInfo (which has gained a signature meanwhile).
func TestAddKeepsExistingPathInfo(t *testing.T) {
	ctx := context.Background()
	root := filepath.Join(t.TempDir(), "tree")
	os.MkdirAll(root, 0o755)
	os.WriteFile(filepath.Join(root, "f"), []byte("x"), 0o644)
	st := store.NewMemoryStore()
	info, err := AddPath(ctx, st, nixpath.DefaultStoreDir, root)
	if err != nil {
		t.Fatal(err)
	}
	info.Narinfo.Signatures = []*storev1.NARInfo_Signature{{Name: "k", Data: make([]byte, 64)}}
	if _, err := st.PathInfos.Put(ctx, info); err != nil {
		t.Fatal(err)
	}
	again, err := AddPath(ctx, st, nixpath.DefaultStoreDir, root)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Narinfo.Signatures) != 1 {
		t.Errorf("second add dropped the signature: %v", again)
	}
}
