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
	b, err := os.ReadFile(prof)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte{0x1f, 0x8b}) {
		t.Errorf("profile of %d bytes is not gzipped", len(b))
	}
	c.fails(nil, []string{"--cpuprofile", filepath.Join(dir, "missing", "cpu.prof"), "store", "add", src}, "--cpuprofile")
}
