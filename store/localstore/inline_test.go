package localstore_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/localstore"
	"github.com/p2pnix/tvix/store/storetest"
)

// TestSmallBlobsInline: a small file committed with its PathInfo needs no
// pack (its chunk lives in its meta.db record), reads back after
// reopening, and its corruption is found by VerifyAll; a file just over
// the limit goes to a pack.
func TestSmallBlobsInline(t *testing.T) {
	ctx := t.Context()
	st, dir := openUnclosed(t)
	var err error
	r := storetest.NewRand(t)
	small := storetest.RandomBytes(r, 4096)
	d := putBlob(t, st, small)
	info, _ := storetest.MakePathInfo(r, "small", &castorev1.Node{Node: &castorev1.Node_File{File: &castorev1.FileNode{
		Name: []byte("x"), Digest: d[:], Size: uint64(len(small))}}})
	if _, err := st.PathInfos.Put(ctx, info); err != nil {
		t.Fatal(err)
	}
	packs := func() int {
		entries, _ := os.ReadDir(filepath.Join(dir, "packs"))
		tmp, _ := os.ReadDir(filepath.Join(dir, "tmp"))
		return len(entries) + len(tmp)
	}
	if n := packs(); n != 0 {
		t.Errorf("%d pack files after committing a 4 KiB file, want none", n)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if st, err = localstore.Open(dir); err != nil {
		t.Fatal(err)
	}
	defer func() { st.Close() }()
	if got, err := readBlob(t, st, d); err != nil || !bytes.Equal(got, small) {
		t.Fatalf("small blob after reopening: %d bytes, %v", len(got), err)
	}
	verifyClean(t, st)

	putBlob(t, st, storetest.RandomBytes(r, 4097))
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if n := packs(); n != 1 {
		t.Errorf("%d pack files after a 4097-byte file, want 1", n)
	}

	// bbolt may still hold an old copy in a freed page.
	if n, err := localstore.CorruptChunk(dir, small); err != nil || n == 0 {
		t.Fatalf("corrupting the inline chunk: %d copies, %v", n, err)
	}
	if st, err = localstore.Open(dir); err != nil {
		t.Fatal(err)
	}
	var problems []error
	if _, err := store.VerifyAll(ctx, st, func(e error) { problems = append(problems, e) }); err != nil || len(problems) == 0 {
		t.Errorf("VerifyAll after corrupting the inline chunk: %v, problems %v", err, problems)
	}
}
