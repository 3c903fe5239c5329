package p2p

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/localstore"
	"github.com/p2pnix/tvix/store/storetest"
)

// TestEvict: node 0's shard is over its capacity. Of its paths, the one
// least recently used that two other peers hold is evicted (deleted,
// collected, no longer provided) and can still be fetched from them; a
// pinned one, one only node 0 holds and one used recently stay.
func TestEvict(t *testing.T) {
	sk, trust := testKey(t)
	var nodes []*Node
	var stores []*store.Store
	var maint store.Maintainer
	for i := range 4 {
		cfg := testConfig(t)
		trust(i, &cfg)
		cfg.Replicas = 2
		if i > 0 {
			cfg.Bootstrap = nodes[0].Addrs()
		}
		local, err := localstore.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { local.Close() })
		if i == 0 {
			maint = local.Maintenance
			cfg.Shard = maint
			cfg.Capacity = 1 // always over: eviction decides by the rules alone
			cfg.EvictInterval = time.Hour
			cfg.EvictMinAge = time.Hour
		}
		nd, err := New(ctxT(t), cfg, local)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { nd.Close() })
		nodes, stores = append(nodes, nd), append(stores, local)
	}
	for _, nd := range nodes {
		eventually(t, "routing table", func() bool { return nd.dht.RoutingTable().Size() > 0 })
	}
	r := storetest.NewRand(t)
	var infos []*storev1.PathInfo
	var hs [][store.StorePathHashSize]byte
	for _, name := range []string{"old", "pinned", "alone", "recent"} {
		info := putFilePath(t, stores[0], r, name, storetest.RandomBytes(r, 300<<10), &sk)
		announce(t, nodes[0], info)
		h, _ := store.ValidatePathInfo(info)
		infos, hs = append(infos, info), append(hs, h)
	}
	// Nodes 1 and 2 fetch all but "alone".
	for _, i := range []int{1, 2} {
		for _, k := range []int{0, 1, 3} {
			if _, err := nodes[i].Store().PathInfos.Get(ctxT(t), hs[k]); err != nil {
				t.Fatalf("node %d fetch %d: %v", i, k, err)
			}
		}
		if err := nodes[i].WaitAnnounced(ctxT(t)); err != nil {
			t.Fatal(err)
		}
	}
	if err := maint.Pin(ctxT(t), hs[1]); err != nil {
		t.Fatal(err)
	}
	long := time.Now().Add(-2 * time.Hour)
	nodes[0].use.mu.Lock()
	for k, h := range hs {
		nodes[0].use.last[h] = long.Add(time.Duration(k) * time.Minute)
	}
	nodes[0].use.last[hs[3]] = time.Now()
	nodes[0].use.mu.Unlock()

	before, _ := maint.Size(ctxT(t))
	st, err := nodes[0].Evict(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Evicted) != 1 || st.Evicted[0].Narinfo.GetNarSha256() == nil {
		t.Fatalf("evicted %d paths, want 1 (stats %+v)", len(st.Evicted), st)
	}
	if got, _ := store.ValidatePathInfo(st.Evicted[0]); got != hs[0] {
		t.Fatalf("evicted the wrong path")
	}
	if st.Pinned != 1 || st.InUse != 1 || st.FewReplicas != 1 {
		t.Errorf("kept: pinned %d, in use %d, few replicas %d; want 1 each", st.Pinned, st.InUse, st.FewReplicas)
	}
	if _, err := stores[0].PathInfos.Get(ctxT(t), hs[0]); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("evicted path still in the shard: %v", err)
	}
	blob := store.Digest(infos[0].Node.GetFile().Digest)
	if ok, _ := stores[0].Blobs.Has(ctxT(t), blob); ok {
		t.Error("evicted path's blob was not collected")
	}
	if nodes[0].Provides(StorePathCID(hs[0])) || nodes[0].Provides(BlobCID(blob)) {
		t.Error("node 0 still provides what it evicted")
	}
	if after, _ := maint.Size(ctxT(t)); after >= before || st.SizeAfter != after {
		t.Errorf("size %d -> %d (stats say %d)", before, after, st.SizeAfter)
	}
	for _, k := range []int{1, 2, 3} {
		if _, err := stores[0].PathInfos.Get(ctxT(t), hs[k]); err != nil {
			t.Errorf("path %d was evicted: %v", k, err)
		}
	}
	// The evicted path is still in the cluster.
	if _, err := nodes[3].Store().PathInfos.Get(ctxT(t), hs[0]); err != nil {
		t.Fatalf("fetching the evicted path elsewhere: %v", err)
	}
	// Within capacity nothing happens.
	nodes[0].cfg.Capacity = 1 << 40
	if st, err := nodes[0].Evict(context.Background()); err != nil || len(st.Evicted) != 0 {
		t.Errorf("under capacity: %+v, %v", st, err)
	}
}

// TestEvictDurableTier: a lone node whose shard caches a durable tier
// evicts the path the tier holds, though no peer does, and keeps the one
// only the shard holds.
func TestEvictDurableTier(t *testing.T) {
	sk, trust := testKey(t)
	local, err := localstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { local.Close() })
	durable := store.NewMemoryStore()
	cfg := testConfig(t)
	trust(0, &cfg)
	cfg.Shard, cfg.ShardPaths, cfg.Durable = local.Maintenance, local.PathInfos, durable.PathInfos
	cfg.Capacity = 1 // always over: eviction decides by the rules alone
	cfg.EvictInterval, cfg.EvictMinAge = time.Hour, time.Hour
	nd, err := New(ctxT(t), cfg, local)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nd.Close() })
	r := storetest.NewRand(t)
	data := storetest.RandomBytes(r, 64<<10)
	inTier := putFilePath(t, local, r, "in-tier", data, &sk)
	if _, _, err := durable.Blobs.Put(ctxT(t), bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	if _, err := durable.PathInfos.Put(ctxT(t), inTier); err != nil {
		t.Fatal(err)
	}
	onlyHere := putFilePath(t, local, r, "only-here", storetest.RandomBytes(r, 64<<10), &sk)
	st, err := nd.Evict(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := store.ValidatePathInfo(inTier)
	if len(st.Evicted) != 1 || st.FewReplicas != 1 {
		t.Fatalf("evicted %d, few replicas %d; want 1 and 1", len(st.Evicted), st.FewReplicas)
	}
	if got, _ := store.ValidatePathInfo(st.Evicted[0]); got != want {
		t.Errorf("evicted the path only the shard holds")
	}
	h, _ := store.ValidatePathInfo(onlyHere)
	if _, err := local.PathInfos.Get(ctxT(t), h); err != nil {
		t.Errorf("the path only the shard holds: %v", err)
	}
}
