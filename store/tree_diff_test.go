package store_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixpath"
)

// TestDiffTrees: two trees that differ in a file's content, mode, a
// symlink's target, an entry's type and entries only one has; equal
// subtrees report nothing.
func TestDiffTrees(t *testing.T) {
	ctx := context.Background()
	st := store.NewMemoryStore()
	write := func(root string, files map[string]string) {
		for p, c := range files {
			full := filepath.Join(root, p)
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			switch {
			case c[0] == '@':
				if err := os.Symlink(c[1:], full); err != nil {
					t.Fatal(err)
				}
			case c[0] == '*':
				if err := os.WriteFile(full, []byte(c[1:]), 0o755); err != nil {
					t.Fatal(err)
				}
			default:
				if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	// node adds a tree of files (content; "*content" executable,
	// "@target" a symlink) and returns its root node.
	node := func(files map[string]string) *castorev1.Node {
		root := filepath.Join(t.TempDir(), "out")
		if err := os.Mkdir(root, 0o755); err != nil {
			t.Fatal(err)
		}
		write(root, files)
		info, err := nar.AddPath(ctx, st, nixpath.DefaultStoreDir, root)
		if err != nil {
			t.Fatal(err)
		}
		return info.GetNode()
	}
	first := map[string]string{
		"same": "x", "lib/same": "y", "random": "1", "tool": "#!", "link": "@a",
		"kind": "file", "gone": "z", "dir/gone/f": "q",
	}
	second := map[string]string{
		"same": "x", "lib/same": "y", "random": "2", "tool": "*#!", "link": "@b",
		"kind/inner": "file", "new": "n",
	}
	a, b := node(first), node(second)
	got, err := store.DiffTrees(ctx, st.Directories, a, b)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.TreeChange{
		{Path: "dir", What: "only in the first"},
		{Path: "gone", What: "only in the first"},
		{Path: "kind", What: "type (regular file, now directory)"},
		{Path: "link", What: "symlink target"},
		{Path: "new", What: "only in the second"},
		{Path: "random", What: "content"},
		{Path: "tool", What: "executable bit"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DiffTrees:\n got %v\nwant %v", got, want)
	}
	if got, err := store.DiffTrees(ctx, st.Directories, a, node(first)); err != nil || len(got) != 0 {
		t.Errorf("equal trees: %v, %v", got, err)
	}
}
