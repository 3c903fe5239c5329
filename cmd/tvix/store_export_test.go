package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/store/nar/nartest"
)

// TestExportImportWithNix moves a path from tvix to Nix and back through
// export bundles.
func TestExportImportWithNix(t *testing.T) {
	nixtest.RequireNix(t, "nix-store")
	nixtest.RequireRoot(t)
	c := newCLI(t)
	tree := filepath.Join(t.TempDir(), "bundle-tree")
	if err := nartest.WriteRandom(tree, uint64(os.Getpid()), 3<<20, 1<<20); err != nil {
		t.Fatal(err)
	}
	sp := strings.TrimSpace(c.ok(nil, "store", "add", tree))
	bundle := filepath.Join(t.TempDir(), "bundle")
	c.ok(nil, "store", "export", "--closure", "-o", bundle, sp)

	imp := exec.Command("nix-store", "--import")
	f, err := os.Open(bundle)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	imp.Stdin = f
	out, err := imp.Output()
	if err != nil || strings.TrimSpace(string(out)) != sp {
		t.Fatalf("nix-store --import of tvix's bundle: %q, %v", out, err)
	}
	if got, want := c.ok(nil, "store", "export", sp), nixOut(t, "nix-store", "--export", sp); got != string(want) {
		t.Errorf("tvix store export differs from nix-store --export (%d vs %d bytes)", len(got), len(want))
	}

	// Nix's export into a fresh tvix store.
	d := c.fresh()
	nixBundle := nixOut(t, "nix-store", "--export", sp)
	d.fails(nixBundle[:len(nixBundle)/2], []string{"store", "import"}, "import", "stdin", "malformed")
	if ps := d.storePaths(); len(ps) != 0 {
		t.Fatalf("paths after a failed import: %v", ps)
	}
	if got := strings.TrimSpace(d.ok(nixBundle, "store", "import")); got != sp {
		t.Errorf("import printed %q, want %s", got, sp)
	}
	if got, want := d.ok(nil, "store", "dump", sp), nixOut(t, "nix-store", "--dump", sp); got != string(want) {
		t.Error("dump after import differs from nix-store --dump")
	}
}
