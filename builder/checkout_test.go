package builder_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nar/nartest"
	"github.com/p2pnix/tvix/store/nixpath"
)

// TestCheckoutRoundTrip checks out a store path made from a tree full of
// NAR edge cases and imports the checkout again: same NAR hash, and the
// tree is read-only as in a Nix store.
func TestCheckoutRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := filepath.Join(t.TempDir(), "edge")
	if err := nartest.WriteEdgeCases(src); err != nil {
		t.Fatal(err)
	}
	st := store.NewMemoryStore()
	dir := nixpath.DefaultStoreDir
	info, err := nar.AddPath(ctx, st, dir, src)
	if err != nil {
		t.Fatal(err)
	}
	sp := string(dir) + "/" + string(store.NodeName(info.Node))
	co := &builder.Checkouts{Store: st, StoreDir: dir, Dir: t.TempDir()}
	got, err := co.Path(ctx, sp)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(co.Dir, filepath.Base(sp)); got != want {
		t.Fatalf("checkout at %s, want %s", got, want)
	}
	_, _, sum, err := nar.ImportTree(ctx, store.NewMemoryBlobService(), store.NewMemoryDirectoryService(), got)
	if err != nil {
		t.Fatal(err)
	}
	if [32]byte(info.Narinfo.NarSha256) != sum {
		t.Errorf("checkout's NAR hash differs from the store path's")
	}
	for _, p := range []string{got, filepath.Join(got, "sub/deeper")} {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm() != 0o555 || fi.ModTime().Unix() != 1 {
			t.Errorf("%s: %v %v", p, fi.Mode(), err)
		}
	}
	if fi, err := os.Stat(filepath.Join(got, "one")); err != nil || fi.Mode().Perm() != 0o444 {
		t.Errorf("file mode %v %v", fi.Mode(), err)
	}
	// A second call finds the checkout.
	if again, err := co.Path(ctx, sp); err != nil || again != got {
		t.Errorf("second Path: %s %v", again, err)
	}
	// A missing path is an error and leaves nothing behind.
	if _, err := co.Path(ctx, string(dir)+"/00000000000000000000000000000000-missing"); err == nil {
		t.Error("missing path checked out")
	}
	ents, _ := os.ReadDir(co.Dir)
	if len(ents) != 1 {
		t.Errorf("checkout dir has %d entries", len(ents))
	}
}
