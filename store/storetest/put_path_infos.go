package storetest

import (
	"errors"
	"testing"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"google.golang.org/protobuf/proto"
)

// testPutPathInfos: store.PutPathInfos stores several PathInfos and
// returns them in order; on a backend offering store.PathInfoBatcher, a
// batch with one invalid PathInfo stores none of them.
func testPutPathInfos(t *testing.T, h Harness) {
	st := h.New(t)
	ctx := ctxFor(t)
	r := NewRand(t)
	batch := func() ([]*storev1.PathInfo, [][store.StorePathHashSize]byte) {
		var infos []*storev1.PathInfo
		var hs [][store.StorePathHashSize]byte
		for _, name := range []string{"out", "dev", "doc"} {
			d := putBlob(t, st, RandomBytes(r, 50))
			info, h := MakePathInfo(r, name, &castorev1.Node{Node: &castorev1.Node_File{File: &castorev1.FileNode{Digest: d[:], Size: 50}}})
			infos, hs = append(infos, info), append(hs, h)
		}
		return infos, hs
	}
	infos, hs := batch()
	stored, err := store.PutPathInfos(ctx, st.PathInfos, infos)
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range hs {
		got, err := st.PathInfos.Get(ctx, h)
		if err != nil || !proto.Equal(got, stored[i]) || !proto.Equal(got.Node, infos[i].Node) {
			t.Errorf("PathInfo %d: %v (err %v), want %v", i, got, err, infos[i])
		}
	}
	if _, ok := st.PathInfos.(store.PathInfoBatcher); !ok {
		return
	}
	infos, hs = batch()
	infos[2].Narinfo = nil
	if _, err := store.PutPathInfos(ctx, st.PathInfos, infos); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("a batch with an invalid PathInfo: %v, want ErrInvalid", err)
	}
	for _, h := range hs {
		_, err := st.PathInfos.Get(ctx, h)
		mustNotFound(t, "Get(a PathInfo of a refused batch)", err)
	}
}
