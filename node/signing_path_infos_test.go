package node

import (
	"errors"
	"testing"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/p2pnix/tvix/store/storetest"
)

// TestSigningPathInfosPutMany: over a batching service the wrapper keeps
// PutMany, signs every PathInfo it puts, and puts none of a bad batch.
func TestSigningPathInfosPutMany(t *testing.T) {
	ctx := t.Context()
	sk, pk, err := nixsig.GenerateKey("node-1")
	if err != nil {
		t.Fatal(err)
	}
	mem := store.NewMemoryStore()
	ps := newSigningPathInfos(mem.PathInfos, nixpath.DefaultStoreDir, sk)
	b, ok := ps.(store.PathInfoBatcher)
	if !ok {
		t.Fatal("the signing wrapper over a memory store has no PutMany")
	}
	r := storetest.NewRand(t)
	var infos []*storev1.PathInfo
	var hs [][store.StorePathHashSize]byte
	for _, name := range []string{"a", "b", "c"} {
		info, h := storetest.MakePathInfo(r, name, &castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: &castorev1.SymlinkNode{Name: []byte("x"), Target: []byte("/" + name)}}})
		infos, hs = append(infos, info), append(hs, h)
	}
	bad := append(append([]*storev1.PathInfo(nil), infos[:2]...), &storev1.PathInfo{})
	if _, err := b.PutMany(ctx, bad); err == nil {
		t.Fatal("PutMany of a batch with an empty PathInfo succeeded")
	}
	for _, h := range hs {
		if _, err := mem.PathInfos.Get(ctx, h); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("after a refused batch: Get = %v, want ErrNotFound", err)
		}
	}
	if _, err := b.PutMany(ctx, infos); err != nil {
		t.Fatal(err)
	}
	for i, h := range hs {
		got, err := mem.PathInfos.Get(ctx, h)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := nixsig.Verify(nixpath.DefaultStoreDir, []nixsig.PublicKey{pk}, got); n != 1 {
			t.Errorf("PathInfo %d stored without the node's signature", i)
		}
	}
}
