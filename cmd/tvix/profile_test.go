package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCPUProfileFlag checks that --cpuprofile writes a profile (gzipped,
// as pprof writes them), with the command's output unchanged, and that a profile that
// cannot be created fails the command.
func TestCPUProfileFlag(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "hello")
	if err := os.WriteFile(src, []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	plain := c.ok(nil, "store", "add", src)
	prof := filepath.Join(dir, "cpu.prof")
	if got := c.ok(nil, "--cpuprofile", prof, "store", "add", src); got != plain {
		t.Errorf("with --cpuprofile: printed %q, want %q", got, plain)
	}
	checkProfile(t, prof)
	// instantiate parses its own flags, the root's among them.
	prof2 := filepath.Join(dir, "eval.prof")
	if got := c.ok(nil, "instantiate", "--eval", "-E", "1 + 2", "--cpuprofile", prof2); got != "3\n" {
		t.Errorf("instantiate with --cpuprofile: printed %q, want 3", got)
	}
	checkProfile(t, prof2)
	c.fails(nil, []string{"--cpuprofile", filepath.Join(dir, "missing", "cpu.prof"), "store", "add", src}, "--cpuprofile")
}

// checkProfile fails unless file holds a gzipped profile.
func checkProfile(t *testing.T, file string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte{0x1f, 0x8b}) {
		t.Errorf("%s: profile of %d bytes is not gzipped", file, len(b))
	}
}
