package store_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/storetest"
)

// TestVerifyAllFindsDamage damages a populated memory store in one way at
// a time and checks that VerifyAll reports exactly that, naming the item.
func TestVerifyAllFindsDamage(t *testing.T) {
	cases := []struct {
		name   string
		damage func(t *testing.T, st *store.Store, tr *storetest.Tree, big store.Digest)
		want   []string // substrings of the expected problem lines
	}{
		{"clean", func(*testing.T, *store.Store, *storetest.Tree, store.Digest) {}, nil},
		{"directory bytes replaced", func(t *testing.T, st *store.Store, tr *storetest.Tree, _ store.Digest) {
			store.ReplaceMemoryDirectory(st.Directories, tr.MidD, []byte("garbage"))
		}, []string{"directory " + "b3:", "digest mismatch"}},
		{"child directory missing", func(t *testing.T, st *store.Store, tr *storetest.Tree, _ store.Digest) {
			store.ReplaceMemoryDirectory(st.Directories, tr.LeafD, nil)
		}, []string{"child directory", "is missing"}},
		{"chunk of a blob missing", func(t *testing.T, st *store.Store, _ *storetest.Tree, big store.Digest) {
			cs, err := st.Blobs.Chunks(t.Context(), big)
			if err != nil || len(cs) < 2 {
				t.Fatalf("chunks: %v %v", cs, err)
			}
			store.DeleteMemoryChunk(st.Blobs, cs[1].Digest)
		}, []string{"blob b3:", "is missing or has another size"}},
		{"root of a path info missing", func(t *testing.T, st *store.Store, tr *storetest.Tree, _ store.Digest) {
			store.ReplaceMemoryDirectory(st.Directories, tr.RootD, nil)
		}, []string{"path info", "root directory", "not found"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := t.Context()
			st := store.NewMemoryStore()
			r := storetest.NewRand(t)
			big, _, err := st.Blobs.Put(ctx, bytes.NewReader(storetest.RandomBytes(r, 2<<20)))
			if err != nil {
				t.Fatal(err)
			}
			tr, _ := storetest.PutTreePath(t, st, r)
			c.damage(t, st, tr, big)
			var problems []string
			stats, err := store.VerifyAll(ctx, st, func(e error) { problems = append(problems, e.Error()) })
			if err != nil {
				t.Fatal(err)
			}
			if stats.Problems != len(problems) {
				t.Errorf("stats say %d problems, %d reported", stats.Problems, len(problems))
			}
			if len(c.want) == 0 {
				if len(problems) > 0 {
					t.Fatalf("clean store: %v", problems)
				}
				return
			}
			all := strings.Join(problems, "\n")
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("problems %q do not mention %q", problems, w)
				}
			}
		})
	}
}

// TestVerifyAllWithoutInventory checks the fallback for stores that
// cannot enumerate: everything reachable from PathInfos is checked.
func TestVerifyAllWithoutInventory(t *testing.T) {
	ctx := t.Context()
	st := store.NewMemoryStore()
	r := storetest.NewRand(t)
	tr, _ := storetest.PutTreePath(t, st, r)
	blind := &store.Store{ // hides the inventories
		Blobs:       struct{ store.BlobService }{st.Blobs},
		Directories: struct{ store.DirectoryService }{st.Directories},
		PathInfos:   st.PathInfos,
	}
	var problems []error
	stats, err := store.VerifyAll(ctx, blind, func(e error) { problems = append(problems, e) })
	if err != nil || len(problems) > 0 || stats.Directories != 3 || stats.Blobs != 2 || stats.PathInfos != 1 {
		t.Fatalf("clean store: %+v, err %v, problems %v", stats, err, problems)
	}
	store.CorruptMemoryChunk(st.Blobs, store.DigestOf(tr.FileContent))
	problems = nil
	if _, err := store.VerifyAll(ctx, blind, func(e error) { problems = append(problems, e) }); err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || !strings.Contains(problems[0].Error(), "digest mismatch") {
		t.Errorf("after corrupting one blob: problems %v, want one digest mismatch", problems)
	}
}
