package builder_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixpath"
)

// TestCollectCheckouts: Collect keeps the closure of the live paths
// (references read from the store), removes the other checkouts and
// their store-dir links, and removes nothing while a build holds the
// lock or when a live path is unknown.
func TestCollectCheckouts(t *testing.T) {
	ctx := context.Background()
	st := store.NewMemoryStore()
	dir := nixpath.StoreDir(t.TempDir())
	paths := map[string]string{}
	for _, name := range []string{"a", "b", "c"} {
		src := filepath.Join(t.TempDir(), name)
		os.MkdirAll(filepath.Join(src, "sub"), 0o755)
		os.WriteFile(filepath.Join(src, "sub", "f"), []byte(name), 0o644)
		info, err := nar.AddPath(ctx, st, dir, src)
		if err != nil {
			t.Fatal(err)
		}
		paths[name] = string(dir) + "/" + string(store.NodeName(info.Node))
	}
	// a refers to b.
	sa, _ := dir.Parse(paths["a"])
	sb, _ := dir.Parse(paths["b"])
	info, err := st.PathInfos.Get(ctx, sa.Hash)
	if err != nil {
		t.Fatal(err)
	}
	info.References = [][]byte{sb.Hash[:]}
	info.Narinfo.ReferenceNames = []string{filepath.Base(paths["b"])}
	if _, err := st.PathInfos.Put(ctx, info); err != nil {
		t.Fatal(err)
	}
	co := &builder.Checkouts{Store: st, StoreDir: dir, Dir: filepath.Join(t.TempDir(), "checkout"), LinkStoreDir: true}
	for _, n := range []string{"a", "c"} {
		if _, err := co.Path(ctx, paths[n]); err != nil {
			t.Fatal(err)
		}
	}
	os.Mkdir(filepath.Join(co.Dir, "x.tmp-1"), 0o755) // left by a crash
	checkout := func(n string) string { return filepath.Join(co.Dir, filepath.Base(paths[n])) }
	present := func() []string {
		var got []string
		for _, n := range []string{"a", "b", "c"} {
			_, err := os.Stat(checkout(n))
			_, lerr := os.Stat(paths[n]) // the store-dir link
			if (err == nil) != (lerr == nil) {
				t.Errorf("%s: checkout %v, link %v", n, err, lerr)
			}
			if err == nil {
				got = append(got, n)
			}
		}
		return got
	}
	if got := present(); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Fatalf("checked out %v", got)
	}
	roots := func(ps ...string) func() ([]string, error) {
		return func() ([]string, error) { return ps, nil }
	}

	unlock, err := co.LockShared()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := co.Collect(ctx, roots()); !errors.Is(err, builder.ErrCheckoutsBusy) {
		t.Errorf("Collect during a build: %v", err)
	}
	unlock()
	if _, err := co.Collect(ctx, roots(string(dir)+"/00000000000000000000000000000000-gone")); err == nil {
		t.Error("Collect with an unknown live path succeeded")
	}
	if _, err := co.Collect(ctx, func() ([]string, error) { return nil, errors.New("no roots") }); err == nil {
		t.Error("Collect ignored the roots' error")
	}
	if got := present(); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Fatalf("failed Collects removed checkouts: left %v", got)
	}

	removed, err := co.Collect(ctx, roots(paths["a"]))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{checkout("c"), filepath.Join(co.Dir, "x.tmp-1")}
	slices.Sort(want)
	if !slices.Equal(removed, want) {
		t.Errorf("removed %v, want %v", removed, want)
	}
	if got := present(); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("left %v, want a and b (a's closure)", got)
	}
	if removed, err = co.Collect(ctx, roots()); err != nil || len(removed) != 2 {
		t.Errorf("removed %v, %v", removed, err)
	}
	if ents, _ := os.ReadDir(co.Dir); len(ents) != 0 || len(present()) != 0 {
		t.Errorf("%d entries left", len(ents))
	}
}
