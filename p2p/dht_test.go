package p2p

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/ipfs/go-cid"
	"github.com/multiformats/go-multihash"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/storetest"
)

func TestKeys(t *testing.T) {
	d := store.DigestOf([]byte("hello"))
	for _, tc := range []struct {
		c     cid.Cid
		codec uint64
	}{{BlobCID(d), cid.Raw}, {DirectoryCID(d), CodecDirectory}} {
		dm, err := multihash.Decode(tc.c.Hash())
		if err != nil {
			t.Fatal(err)
		}
		if tc.c.Version() != 1 || tc.c.Type() != tc.codec || dm.Code != 0x1e || string(dm.Digest) != string(d[:]) {
			t.Errorf("%s: version %d codec %#x multihash %#x %x", tc.c, tc.c.Version(), tc.c.Type(), dm.Code, dm.Digest)
		}
		back, err := cid.Decode(tc.c.String())
		if err != nil || !back.Equals(tc.c) {
			t.Errorf("%s does not round-trip: %v", tc.c, err)
		}
	}
	var h [store.StorePathHashSize]byte
	copy(h[:], "0123456789abcdefghij")
	c := StorePathCID(h)
	dm, _ := multihash.Decode(c.Hash())
	if c.Type() != CodecStorePath || dm.Code != multihash.IDENTITY || string(dm.Digest) != string(h[:]) {
		t.Errorf("store path key %s: codec %#x multihash %#x %x", c, c.Type(), dm.Code, dm.Digest)
	}
	if BlobCID(d).Equals(DirectoryCID(d)) {
		t.Error("blob and directory CIDs of one digest are equal")
	}
}

func TestProvideAndFind(t *testing.T) {
	nodes, stores := startCluster(t, 4, nil)
	r := storetest.NewRand(t)
	info := putFilePath(t, stores[1], r, "hello", storetest.RandomBytes(r, 1000), nil)
	h, _ := store.ValidatePathInfo(info)
	ctx, cancel := context.WithTimeout(context.Background(), testWait)
	defer cancel()
	if err := nodes[1].Announce(ctx, info); err != nil {
		t.Fatal(err)
	}
	if err := nodes[1].WaitAnnounced(ctx); err != nil {
		t.Fatal(err)
	}
	for i, nd := range nodes {
		want := 1
		if i == 1 {
			want = 0 // itself is left out
		}
		for _, c := range []cid.Cid{StorePathCID(h), BlobCID(store.Digest(info.Node.GetFile().Digest))} {
			got := nd.FindProviders(ctx, c, 3)
			if len(got) != want || (want == 1 && got[0].ID != nodes[1].ID()) {
				t.Errorf("node %d: providers of %s: %v, want node 1", i, c, got)
			}
		}
	}
	var other [store.StorePathHashSize]byte
	if got := nodes[2].FindProviders(ctx, StorePathCID(other), 3); len(got) != 0 {
		t.Errorf("providers of an unknown path: %v", got)
	}
}

// forgetBlobs and forgetInfos serve a store until forget is set, then
// have nothing.
type forgetBlobs struct {
	store.BlobService
	forget *atomic.Bool
}

func (f *forgetBlobs) Has(ctx context.Context, d store.Digest) (bool, error) {
	if f.forget.Load() {
		return false, nil
	}
	return f.BlobService.Has(ctx, d)
}

type forgetInfos struct {
	store.PathInfoService
	forget *atomic.Bool
}

func (f *forgetInfos) Get(ctx context.Context, h [store.StorePathHashSize]byte) (*storev1.PathInfo, error) {
	if f.forget.Load() {
		return nil, store.ErrNotFound
	}
	return f.PathInfoService.Get(ctx, h)
}

func TestWithdraw(t *testing.T) {
	mem := store.NewMemoryStore()
	var forget atomic.Bool
	cfg := testConfig(t)
	n, err := New(t.Context(), cfg, &store.Store{Blobs: &forgetBlobs{mem.Blobs, &forget}, Directories: mem.Directories, PathInfos: &forgetInfos{mem.PathInfos, &forget}})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	r := storetest.NewRand(t)
	ctx := t.Context()
	info := putFilePath(t, mem, r, "a", storetest.RandomBytes(r, 100), nil)
	if err := n.Announce(ctx, info); err != nil {
		t.Fatal(err)
	}
	h, _ := store.ValidatePathInfo(info)
	blob := BlobCID(store.Digest(info.Node.GetFile().Digest))
	if !n.Provides(StorePathCID(h)) || !n.Provides(blob) {
		t.Fatal("announced keys not provided")
	}
	if err := n.Withdraw(ctx, info); err == nil {
		t.Fatal("withdrew a path still stored")
	}
	forget.Store(true)
	if err := n.Withdraw(ctx, info); err != nil {
		t.Fatal(err)
	}
	if n.Provides(StorePathCID(h)) || n.Provides(blob) {
		t.Fatal("withdrawn keys still provided")
	}
}
