package localstore_test

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/localstore"
	"github.com/p2pnix/tvix/store/storetest"
)

func putBlob(t *testing.T, st *store.Store, data []byte) store.Digest {
	t.Helper()
	d, _, err := st.Blobs.Put(t.Context(), bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func readBlob(t *testing.T, st *store.Store, d store.Digest) ([]byte, error) {
	t.Helper()
	rc, err := st.Blobs.Open(t.Context(), d)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// verifyPaths checks st verifies clean and holds wantPaths paths.
func verifyPaths(t *testing.T, st *store.Store, wantPaths int) {
	t.Helper()
	if stats := verifyClean(t, st); stats.PathInfos != wantPaths {
		t.Fatalf("VerifyAll: %+v, want %d paths", stats, wantPaths)
	}
}

// TestDeleteAndCollectGarbage: two paths share a file; deleting one and
// collecting removes only what the other does not need (the mostly dead
// pack is compacted), pins refuse deletion, and everything verifies
// clean, also after reopening.
func TestDeleteAndCollectGarbage(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	st, err := localstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := st.Maintenance
	if m == nil {
		t.Fatal("no Maintainer for a local store")
	}
	r := storetest.NewRand(t)
	big := storetest.RandomBytes(r, 2<<20)
	shared := storetest.RandomBytes(r, 100<<10)
	unique := storetest.RandomBytes(r, 3000)
	bigD, sharedD, uniqueD := putBlob(t, st, big), putBlob(t, st, shared), putBlob(t, st, unique)
	file := func(name string, d store.Digest, n int) *castorev1.FileNode {
		return &castorev1.FileNode{Name: []byte(name), Digest: d[:], Size: uint64(n)}
	}
	d1 := &castorev1.Directory{Files: []*castorev1.FileNode{file("big", bigD, len(big)), file("shared", sharedD, len(shared))}}
	d2 := &castorev1.Directory{Files: []*castorev1.FileNode{file("shared", sharedD, len(shared)), file("unique", uniqueD, len(unique))}}
	// The blobs were put before the first commit: they share one pack.
	var roots []store.Digest
	for _, d := range []*castorev1.Directory{d1, d2} {
		root, err := storetest.PutDirectories(ctx, st, d)
		if err != nil {
			t.Fatal(err)
		}
		roots = append(roots, root)
	}
	var hs [][store.StorePathHashSize]byte
	for i, d := range []*castorev1.Directory{d1, d2} {
		info, h := storetest.MakePathInfo(r, []string{"one", "two"}[i], &castorev1.Node{Node: &castorev1.Node_Directory{Directory: &castorev1.DirectoryNode{
			Name: []byte("x"), Digest: roots[i][:], Size: store.DirectorySize(d)}}})
		if _, err := st.PathInfos.Put(ctx, info); err != nil {
			t.Fatal(err)
		}
		hs = append(hs, h)
	}
	before, err := m.Size(ctx)
	if err != nil || before < uint64(len(big)) {
		t.Fatalf("size %d, %v", before, err)
	}

	// Pins.
	if err := m.Pin(ctx, hs[1]); err != nil {
		t.Fatal(err)
	}
	if err := m.Pin(ctx, [store.StorePathHashSize]byte{1}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("pinning a missing path: %v", err)
	}
	if pins, err := m.Pins(ctx); err != nil || len(pins) != 1 || pins[0].Hash != hs[1] || pins[0].Name == "" {
		t.Errorf("pins: %v, %v", pins, err)
	}
	if err := m.Delete(ctx, hs[1]); !errors.Is(err, store.ErrPinned) {
		t.Errorf("deleting a pinned path: %v", err)
	}

	// Access times survive for stored paths only.
	now := time.Unix(time.Now().Unix(), 0)
	if err := m.SaveAccessTimes(ctx, map[[store.StorePathHashSize]byte]time.Time{hs[0]: now, {9}: now}); err != nil {
		t.Fatal(err)
	}
	if at, err := m.AccessTimes(ctx); err != nil || len(at) != 1 || !at[hs[0]].Equal(now) {
		t.Errorf("access times: %v, %v", at, err)
	}

	if err := m.Delete(ctx, hs[0]); err != nil {
		t.Fatal(err)
	}
	if err := m.Delete(ctx, hs[0]); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleting twice: %v", err)
	}
	stats, err := m.CollectGarbage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Directories != 1 || stats.Blobs != 1 || stats.Chunks < 2 || stats.PacksRemoved == 0 {
		t.Errorf("stats %+v, want one directory, the big blob, its chunks and a pack", stats)
	}
	after, _ := m.Size(ctx)
	if after >= before-uint64(len(big))/2 {
		t.Errorf("size %d -> %d: the big file's pack space was not freed", before, after)
	}
	if ok, _ := st.Blobs.Has(ctx, bigD); ok {
		t.Error("the deleted path's own blob is still there")
	}
	for _, c := range [][]byte{shared, unique} {
		if got, err := readBlob(t, st, store.DigestOf(c)); err != nil || !bytes.Equal(got, c) {
			t.Fatalf("a blob the pinned path needs: %v", err)
		}
	}
	verifyPaths(t, st, 1)
	if st, err := m.CollectGarbage(ctx); err != nil || st != (store.GCStats{}) {
		t.Errorf("second collection: %+v, %v", st, err)
	}

	// Reopened: the same state; then the last path goes too.
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if st, err = localstore.Open(dir); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	verifyPaths(t, st, 1)
	m = st.Maintenance
	if was, err := m.Unpin(ctx, hs[1]); err != nil || !was {
		t.Fatalf("unpin: %v %v", was, err)
	}
	if err := m.Delete(ctx, hs[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := m.CollectGarbage(ctx); err != nil {
		t.Fatal(err)
	}
	if size, _ := m.Size(ctx); size != 0 {
		t.Errorf("empty store holds %d bytes of packs", size)
	}
	verifyPaths(t, st, 0)
}
