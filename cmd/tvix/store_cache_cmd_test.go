package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
)

// TestStoreImportExportCache: tvix store import-cache takes a directory
// nix copy --to file:// wrote (refusing it without the signer's key),
// export-cache writes the closure back for nix copy --from file://.
func TestStoreImportExportCache(t *testing.T) {
	paths := nixtest.UpstreamClosure(t)
	sk, pk := nixtest.CacheKey(t, t.TempDir(), "usb-site-a-1")
	usb := filepath.Join(t.TempDir(), "usb")
	nixtest.NixCopyTo(t, usb, "xz", sk, paths[0], paths[2])
	want := map[string]string{}
	for _, p := range paths {
		want[p] = nixtest.Run(t, "nix-store", "--query", "--hash", p)
	}
	c := newCLI(t)
	_, otherPK := nixtest.CacheKey(t, t.TempDir(), "someone-else-1")
	c.fails(nil, []string{"store", "import-cache", "--trusted-public-keys", otherPK, usb}, "refused", "no valid signature")
	if out := c.ok(nil, "store", "import-cache", "--trusted-public-keys", pk, usb); len(strings.Fields(out)) != len(paths) {
		t.Fatalf("import-cache printed %q", out)
	}
	siteB := filepath.Join(t.TempDir(), "site-b")
	keyB, pkB := nixtest.CacheKey(t, t.TempDir(), "site-b-1")
	if out := c.ok(nil, "store", "export-cache", "--key-file", keyB, siteB, paths[2], paths[0]); len(strings.Fields(out)) != len(paths) {
		t.Fatalf("export-cache printed %q", out)
	}
	if _, err := os.Stat(filepath.Join(siteB, "nix-cache-info")); err != nil {
		t.Fatal(err)
	}
	nixtest.Run(t, "nix-store", "--delete", paths[2], paths[1], paths[0])
	nixtest.Run(t, "nix", "--extra-experimental-features", "nix-command", "copy", "--from", "file://"+siteB,
		"--option", "trusted-public-keys", pkB, paths[0], paths[2])
	for _, p := range paths {
		if got := nixtest.Run(t, "nix-store", "--query", "--hash", p); got != want[p] {
			t.Errorf("%s: %s after the round trip, want %s", p, got, want[p])
		}
	}
}
