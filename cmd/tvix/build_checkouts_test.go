package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/builder"
)

// TestCollectCheckouts: tvix build records its result links as roots in
// $TVIX_HOME/gcroots/auto; tvix store collect-checkouts deletes exactly
// the checkouts outside the closures (as nix-store -qR gives them) of the
// links still in place, refuses while a build holds the checkouts' lock,
// and forgets roots whose link is gone or points elsewhere.
func TestCollectCheckouts(t *testing.T) {
	requireBuildHost(t)
	hello, _ := filepath.Abs("../../examples/hello.nix")
	corpus, _ := filepath.Abs("../../builder/testdata/corpus.nix")
	// Nix builds them too: it is the oracle for their closures.
	for _, args := range [][]string{{hello}, {corpus, "-A", "chain"}, {corpus, "-A", "multi"}} {
		if _, stderr, err := nixBuild(t, append([]string{"--no-out-link"}, args...)...); err != nil {
			t.Fatalf("nix-build %q: %v\n%s", args, err, stderr)
		}
	}
	c := newCLI(t)
	dir := t.TempDir()
	helloOut := strings.TrimSpace(c.ok(nil, "build", "-o", filepath.Join(dir, "result"), hello))
	chainOut := strings.TrimSpace(c.ok(nil, "build", "-o", filepath.Join(dir, "chain"), corpus, "-A", "chain"))
	multiOut := strings.TrimSpace(c.ok(nil, "build", "--no-out-link", corpus, "-A", "multi"))
	roots := filepath.Join(c.home, "gcroots", "auto")
	if ents, err := os.ReadDir(roots); err != nil || len(ents) != 2 {
		t.Fatalf("%s: %d roots (%v), want 2", roots, len(ents), err)
	}
	closure := func(ps ...string) map[string]bool {
		m := map[string]bool{}
		for _, p := range ps {
			for _, q := range strings.Fields(nixQuery(t, "-qR", p)) {
				m[filepath.Join(c.home, "checkout", filepath.Base(q))] = true
			}
		}
		return m
	}
	// want lists the checkouts of the closure of gone minus that of kept.
	want := func(gone []string, kept ...string) []string {
		k := closure(kept...)
		var w []string
		for p := range closure(gone...) {
			if !k[p] {
				w = append(w, p)
			}
		}
		slices.Sort(w)
		return w
	}
	collect := func(wantRemoved []string) {
		t.Helper()
		got := strings.Fields(c.ok(nil, "store", "collect-checkouts"))
		if !slices.Equal(got, wantRemoved) {
			t.Errorf("removed %q, want %q", got, wantRemoved)
		}
		for _, p := range wantRemoved {
			if _, err := os.Lstat(p); err == nil {
				t.Errorf("%s is still there", p)
			}
		}
	}

	// A running build holds the lock: nothing is removed.
	co := &builder.Checkouts{Dir: filepath.Join(c.home, "checkout")}
	unlock, err := co.LockShared()
	if err != nil {
		t.Fatal(err)
	}
	c.fails(nil, []string{"store", "collect-checkouts"}, "running build")
	unlock()

	collect(want([]string{multiOut}, helloOut, chainOut))
	if _, err := os.Stat(filepath.Join(dir, "result", "greeting.txt")); err != nil {
		t.Errorf("result after collecting: %v", err)
	}
	// result now points elsewhere, chain is removed: all goes.
	os.Remove(filepath.Join(dir, "result"))
	os.Symlink(dir, filepath.Join(dir, "result"))
	collect(want([]string{helloOut}, chainOut))
	os.Remove(filepath.Join(dir, "chain"))
	collect(want([]string{chainOut}))
	if ents, err := os.ReadDir(roots); err != nil || len(ents) != 0 {
		t.Errorf("%d roots left (%v)", len(ents), err)
	}
}
