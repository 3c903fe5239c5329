package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/store/nar/nartest"
)

// TestVerifyFindsDamage changes one byte of stored content behind the
// store's back; verify must report the store path and exit non-zero.
func TestVerifyFindsDamage(t *testing.T) {
	c := newCLI(t)
	tree := filepath.Join(t.TempDir(), "tree")
	if err := nartest.WriteRandom(tree, 4, 2<<20, 512<<10); err != nil {
		t.Fatal(err)
	}
	sp := strings.TrimSpace(c.ok(nil, "store", "add", tree))
	if out := c.ok(nil, "store", "verify", sp); !strings.Contains(out, "1 store paths: 0 problems") {
		t.Fatalf("verify before damage: %s", out)
	}
	// Damage the largest file under the store directory (a chunk).
	storeDir := strings.TrimPrefix(c.store, "local:")
	var victim string
	var size int64
	filepath.Walk(storeDir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode().IsRegular() && !strings.HasSuffix(p, ".db") && fi.Size() > size {
			victim, size = p, fi.Size()
		}
		return nil
	})
	if victim == "" {
		t.Fatal("no chunk file found")
	}
	b, err := os.ReadFile(victim)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0xff
	if err := os.WriteFile(victim, b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := c.run(nil, "store", "verify", sp)
	if code == 0 || !strings.Contains(stderr, sp) || !strings.Contains(stderr, "NAR hash") {
		t.Errorf("verify after damage: exit %d, stderr %q", code, stderr)
	}
	_, stderr, code = c.run(nil, "store", "verify", "--all")
	if code == 0 || !strings.Contains(stderr, "problem:") {
		t.Errorf("verify --all after damage: exit %d, stderr %q", code, stderr)
	}
}
