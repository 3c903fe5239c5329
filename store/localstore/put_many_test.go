package localstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/localstore"
	"github.com/p2pnix/tvix/store/storetest"
)

// openUnclosed opens a new local store that the test closes itself.
func openUnclosed(t *testing.T) (*store.Store, string) {
	dir := t.TempDir()
	st, err := localstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return st, dir
}

// manyPutter is the batch Put of the local store's PathInfo service.
type manyPutter interface {
	PutMany(context.Context, []*storev1.PathInfo) ([]*storev1.PathInfo, error)
}

// TestPutMany: PathInfos put together are all there, also after
// reopening; a batch with one whose content is missing puts nothing.
func TestPutMany(t *testing.T) {
	ctx := t.Context()
	st, dir := openUnclosed(t)
	pm, ok := st.PathInfos.(manyPutter)
	if !ok {
		t.Fatal("the local PathInfo service has no PutMany")
	}
	r := storetest.NewRand(t)
	file := func(content []byte) *castorev1.Node {
		d := putBlob(t, st, content)
		return &castorev1.Node{Node: &castorev1.Node_File{File: &castorev1.FileNode{Name: []byte("x"), Digest: d[:], Size: uint64(len(content))}}}
	}
	var infos []*storev1.PathInfo
	var hashes [][store.StorePathHashSize]byte
	for i, n := range []int{10, 5000, 300000} {
		info, h := storetest.MakePathInfo(r, []string{"a", "b", "c"}[i], file(storetest.RandomBytes(r, n)))
		infos, hashes = append(infos, info), append(hashes, h)
	}
	if _, err := pm.PutMany(ctx, infos); err != nil {
		t.Fatal(err)
	}
	missing, mh := storetest.MakePathInfo(r, "missing", &castorev1.Node{Node: &castorev1.Node_File{File: &castorev1.FileNode{
		Name: []byte("x"), Digest: make([]byte, store.DigestSize), Size: 1}}})
	other, oh := storetest.MakePathInfo(r, "other", file([]byte("other")))
	if _, err := pm.PutMany(ctx, []*storev1.PathInfo{other, missing}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("batch with missing content: %v, want ErrInvalid", err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st2, err := localstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	for _, h := range hashes {
		if _, err := st2.PathInfos.Get(ctx, h); err != nil {
			t.Errorf("put together, then reopened: %v", err)
		}
	}
	for _, h := range [][store.StorePathHashSize]byte{mh, oh} {
		if _, err := st2.PathInfos.Get(ctx, h); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("path of the failed batch: %v, want ErrNotFound", err)
		}
	}
	verifyClean(t, st2)
}
