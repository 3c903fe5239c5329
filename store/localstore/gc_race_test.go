package localstore_test

import (
	"bytes"
	"sync"
	"testing"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/storetest"
)

// TestCollectGarbageRacesUploads: a path is deleted and collected while
// an upload brings its content back (by Put, by PutChunks, or finding it
// with Has) and then puts its own PathInfo. Whichever wins, the uploaded
// path reads back whole, and the store verifies clean at the end.
func TestCollectGarbageRacesUploads(t *testing.T) {
	ctx := t.Context()
	st, _ := openTemp(t)
	m := st.Maintenance
	r := storetest.NewRand(t)
	contents := [][]byte{
		storetest.RandomBytes(r, 3<<20), // many chunks, in packs
		storetest.RandomBytes(r, 200<<10),
		storetest.RandomBytes(r, 3000), // one inline chunk
	}
	filePath := func(name string, d store.Digest, n int) *castorev1.Node {
		return &castorev1.Node{Node: &castorev1.Node_File{File: &castorev1.FileNode{Digest: d[:], Size: uint64(n)}}}
	}
	putPath := func(name string, d store.Digest, n int) [store.StorePathHashSize]byte {
		info, h := storetest.MakePathInfo(r, name, filePath(name, d, n))
		if _, err := st.PathInfos.Put(ctx, info); err != nil {
			t.Fatal(err)
		}
		return h
	}
	// Paths that make the mark take a while.
	for i := range 200 {
		b := storetest.RandomBytes(r, 100)
		putPath("other", putBlob(t, st, append(b, byte(i))), len(b)+1)
	}
	cp := st.Blobs.(store.ChunkPutter)
	rounds := 60
	if testing.Short() {
		rounds = 15
	}
	for round := range rounds {
		data := contents[round%len(contents)]
		d := putBlob(t, st, data)
		if err := m.Delete(ctx, putPath("old", d, len(data))); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var gcErr error
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, gcErr = m.CollectGarbage(ctx)
		}()
		// The upload, alongside the collection.
		switch round % 3 {
		case 0:
			putBlob(t, st, data)
		case 1:
			_, cs, bs := storetest.Split(t, data)
			if err := cp.PutChunks(ctx, d, cs, func(i int) ([]byte, error) { return bs[i], nil }); err != nil {
				t.Fatal(err)
			}
		case 2:
			if ok, err := st.Blobs.Has(ctx, d); err != nil {
				t.Fatal(err)
			} else if !ok {
				putBlob(t, st, data)
			}
		}
		h := putPath("new", d, len(data))
		wg.Wait()
		if gcErr != nil {
			t.Fatal(gcErr)
		}
		if got, err := readBlob(t, st, d); err != nil || !bytes.Equal(got, data) {
			t.Fatalf("round %d: the uploaded path's content: %d bytes, %v", round, len(got), err)
		}
		// Dead again for the next round.
		if err := m.Delete(ctx, h); err != nil {
			t.Fatal(err)
		}
		if _, err := m.CollectGarbage(ctx); err != nil {
			t.Fatal(err)
		}
	}
	verifyPaths(t, st, 200)
}
