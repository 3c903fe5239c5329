package p2p

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/p2pnix/tvix/store/storetest"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// testKey returns a signing key and a config modifier trusting it.
func testKey(t testing.TB) (nixsig.SecretKey, func(int, *Config)) {
	t.Helper()
	sk, pk, err := nixsig.GenerateKey("test-cluster-1")
	if err != nil {
		t.Fatal(err)
	}
	return sk, func(_ int, c *Config) { c.TrustedKeys = []nixsig.PublicKey{pk} }
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testWait)
	t.Cleanup(cancel)
	return ctx
}

// putTreePath stores a directory tree and a signed PathInfo naming it.
func putTreePath(t *testing.T, st *store.Store, sk nixsig.SecretKey) (*storev1.PathInfo, *storetest.Tree) {
	return putTreePathVia(t, st, sk, st.PathInfos)
}

// putTreePathVia is putTreePath with the PathInfo put into infos.
func putTreePathVia(t *testing.T, st *store.Store, sk nixsig.SecretKey, infos store.PathInfoService) (*storev1.PathInfo, *storetest.Tree) {
	t.Helper()
	r := storetest.NewRand(t)
	tree := storetest.MakeTree(t, st, r)
	if _, err := storetest.PutDirectories(context.Background(), st, tree.Leaf, tree.Mid, tree.Root); err != nil {
		t.Fatal(err)
	}
	info, _ := storetest.MakePathInfo(r, "tree", &castorev1.Node{Node: &castorev1.Node_Directory{Directory: &castorev1.DirectoryNode{
		Name: []byte("x"), Digest: tree.RootD[:], Size: store.DirectorySize(tree.Root),
	}}})
	info.Narinfo.Signatures = nil
	if err := nixsig.Sign(nixpath.DefaultStoreDir, sk, info); err != nil {
		t.Fatal(err)
	}
	if _, err := infos.Put(context.Background(), info); err != nil {
		t.Fatal(err)
	}
	return info, tree
}

func readAll(t testing.TB, bs store.BlobService, d store.Digest) []byte {
	t.Helper()
	rc, err := bs.Open(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func announce(t testing.TB, n *Node, info *storev1.PathInfo) {
	t.Helper()
	ctx := ctxT(t)
	if err := n.Announce(ctx, info); err != nil {
		t.Fatal(err)
	}
	if err := n.WaitAnnounced(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestFetchPathFromPeer(t *testing.T) {
	sk, trust := testKey(t)
	nodes, stores := startCluster(t, 3, trust)
	info, tree := putTreePath(t, stores[0], sk)
	announce(t, nodes[0], info)
	h, _ := store.ValidatePathInfo(info)
	ctx := ctxT(t)

	got, err := nodes[2].Store().PathInfos.Get(ctx, h)
	if err != nil {
		t.Fatalf("fetch: %v", err)
	}
	if store.NodeName(got.Node) == nil || !bytes.Equal(store.NodeName(got.Node), store.NodeName(info.Node)) {
		t.Fatalf("fetched %v", got)
	}
	// Everything is now in node 2's own shard, verified by its store.
	local := stores[2]
	if _, err := local.PathInfos.Get(ctx, h); err != nil {
		t.Fatalf("path info not stored locally: %v", err)
	}
	var dirs int
	if err := local.Directories.GetRecursive(ctx, tree.RootD, func(store.Digest, *castorev1.Directory) error { dirs++; return nil }); err != nil || dirs != 3 {
		t.Fatalf("directories stored locally: %d, %v", dirs, err)
	}
	for _, want := range [][]byte{tree.FileContent, tree.FileContent2} {
		if got := readAll(t, local.Blobs, store.DigestOf(want)); !bytes.Equal(got, want) {
			t.Fatal("blob content differs")
		}
	}
	if !nodes[2].Provides(StorePathCID(h)) || !nodes[2].Provides(DirectoryCID(tree.RootD)) {
		t.Error("fetched path is not announced by the fetcher")
	}
	// A blob or directory alone is fetched by digest too.
	if _, err := nodes[1].Store().Directories.Get(ctx, tree.MidD); err == nil {
		t.Error("a directory nobody announced was found") // only roots are announced
	}
	if got := readAll(t, nodes[1].Store().Blobs, store.DigestOf(tree.FileContent2)); !bytes.Equal(got, tree.FileContent2) {
		t.Error("blob fetched by digest differs")
	}
}

func TestFetchMissingPath(t *testing.T) {
	_, trust := testKey(t)
	nodes, _ := startCluster(t, 2, trust)
	var h [store.StorePathHashSize]byte
	h[0] = 1
	_, err := nodes[1].Store().PathInfos.Get(ctxT(t), h)
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown path: %v, want ErrNotFound", err)
	}
	if _, err := nodes[1].Store().Blobs.Open(ctxT(t), store.Digest{1}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown blob: %v, want ErrNotFound", err)
	}
}

func TestUntrustedPathInfoRejected(t *testing.T) {
	sk, _ := testKey(t) // nobody trusts it
	_, trustOther := testKey(t)
	nodes, stores := startCluster(t, 2, trustOther)
	info, _ := putTreePath(t, stores[0], sk)
	announce(t, nodes[0], info)
	h, _ := store.ValidatePathInfo(info)
	_, err := nodes[1].Store().PathInfos.Get(ctxT(t), h)
	if !errors.Is(err, ErrUntrusted) {
		t.Fatalf("path signed by an untrusted key: %v, want ErrUntrusted", err)
	}
	if _, err := stores[1].PathInfos.Get(ctxT(t), h); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("untrusted path info entered the store: %v", err)
	}
	// Pushing it is refused as well.
	if _, err := nodes[0].Replicate(ctxT(t), info); err == nil {
		t.Fatal("replica of an untrusted path accepted")
	}
	if _, err := stores[1].PathInfos.Get(ctxT(t), h); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("pushed untrusted path info entered the store: %v", err)
	}
}

// lyingBlobs corrupts every blob it serves.
type lyingBlobs struct{ store.BlobService }

func (l *lyingBlobs) Open(ctx context.Context, d store.Digest) (io.ReadCloser, error) {
	rc, err := l.BlobService.Open(ctx, d)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(rc)
	rc.Close()
	if len(b) > 0 {
		b[len(b)/2] ^= 0x55
	}
	return io.NopCloser(bytes.NewReader(b)), err
}

// stallingBlobs never answers a read before the caller gives up.
type stallingBlobs struct{ store.BlobService }

func (s *stallingBlobs) Open(ctx context.Context, d store.Digest) (io.ReadCloser, error) {
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-time.After(testWait):
		return nil, errors.New("stalled")
	}
}

// brokenBlobs fails every read.
type brokenBlobs struct{ store.BlobService }

func (b *brokenBlobs) Open(ctx context.Context, d store.Digest) (io.ReadCloser, error) {
	return nil, errors.New("disk on fire")
}

// vanishingBlobs serves two reads, then shuts its node down in the middle
// of the third.
type vanishingBlobs struct {
	store.BlobService
	self  func() *Node
	reads atomic.Int32
}

func (v *vanishingBlobs) Open(ctx context.Context, d store.Digest) (io.ReadCloser, error) {
	if v.reads.Add(1) <= 2 {
		return v.BlobService.Open(ctx, d)
	}
	go v.self().Close()
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestBadProvidersAvoided: node 0 is honest, node 1 serves the same path
// but misbehaves; node 2 fetches a many-chunk blob and must get it right,
// with node 1's share of the chunks refetched from node 0.
func TestBadProvidersAvoided(t *testing.T) {
	for _, tc := range []struct {
		name string
		wrap func(b store.BlobService, self func() *Node) store.BlobService
		lies bool
	}{
		{"corrupt chunks", func(b store.BlobService, _ func() *Node) store.BlobService { return &lyingBlobs{b} }, true},
		{"stalling", func(b store.BlobService, _ func() *Node) store.BlobService { return &stallingBlobs{b} }, false},
		{"failing", func(b store.BlobService, _ func() *Node) store.BlobService { return &brokenBlobs{b} }, false},
		{"disappearing", func(b store.BlobService, self func() *Node) store.BlobService {
			return &vanishingBlobs{BlobService: b, self: self}
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sk, trust := testKey(t)
			r := storetest.NewRand(t)
			data := storetest.RandomBytes(r, 4<<20)
			honest := store.NewMemoryStore()
			badBacking := store.NewMemoryStore()
			var nodes []*Node
			self := func() *Node { return nodes[1] }
			for i, st := range []*store.Store{honest, {Blobs: tc.wrap(badBacking.Blobs, self), Directories: badBacking.Directories, PathInfos: badBacking.PathInfos}, store.NewMemoryStore()} {
				cfg := testConfig(t)
				trust(i, &cfg)
				cfg.ProviderTimeout = 5 * time.Second
				cfg.FetchBatchBytes = 256 << 10 // many requests: the bad provider gets several
				if i > 0 {
					cfg.Bootstrap = nodes[0].Addrs()
				}
				nd, err := New(ctxT(t), cfg, st)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { nd.Close() })
				nodes = append(nodes, nd)
			}
			for _, nd := range nodes {
				eventually(t, "routing table", func() bool { return nd.dht.RoutingTable().Size() > 0 })
			}
			info := putFilePath(t, honest, r, "big", data, &sk)
			putFilePath(t, badBacking, r, "other", data, &sk) // same blob
			if _, err := badBacking.PathInfos.Put(ctxT(t), info); err != nil {
				t.Fatal(err)
			}
			announce(t, nodes[0], info)
			announce(t, nodes[1], info)
			h, _ := store.ValidatePathInfo(info)
			fetcher := nodes[2]
			if got := len(fetcher.FindProviders(ctxT(t), StorePathCID(h), 5)); got != 2 {
				t.Fatalf("%d providers, want 2", got)
			}
			if _, err := fetcher.Store().PathInfos.Get(ctxT(t), h); err != nil {
				t.Fatalf("fetch: %v", err)
			}
			if got := readAll(t, fetcher.local.Blobs, store.DigestOf(data)); !bytes.Equal(got, data) {
				t.Fatal("fetched blob differs")
			}
			if tc.name == "disappearing" && nodes[1].ctx.Err() == nil {
				t.Error("the vanishing provider was never asked for a third chunk")
			}
			if p := fetcher.PeerPenalty(nodes[1].ID()); tc.lies && (p.Rejected == 0 || p.RejectedBytes == 0 || !p.Blocked(time.Now())) {
				t.Errorf("the lying provider was not penalised: %+v", p)
			}
			if fetcher.Misbehaved(nodes[0].ID()) != 0 {
				t.Error("the honest provider was blamed")
			}
		})
	}
}

func TestOnlyMissingChunksFetched(t *testing.T) {
	sk, trust := testKey(t)
	nodes, stores := startCluster(t, 2, trust)
	r := storetest.NewRand(t)
	old := storetest.RandomBytes(r, 8<<20)
	changed := bytes.Clone(old)
	copy(changed[len(changed)/2:], storetest.RandomBytes(r, len(changed)/100))
	if _, _, err := stores[1].Blobs.Put(ctxT(t), bytes.NewReader(old)); err != nil {
		t.Fatal(err)
	}
	info := putFilePath(t, stores[0], r, "changed", changed, &sk)
	announce(t, nodes[0], info)
	h, _ := store.ValidatePathInfo(info)
	if _, err := nodes[1].Store().PathInfos.Get(ctxT(t), h); err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, stores[1].Blobs, store.DigestOf(changed)); !bytes.Equal(got, changed) {
		t.Fatal("assembled blob differs")
	}
	fetched := nodes[1].fetched.Load()
	// A change of 1% in the middle touches a few chunks of at most
	// ChunkMaxSize each: far less than the blob.
	if fetched == 0 || fetched > 3*store.ChunkMaxSize {
		t.Errorf("fetched %d chunk bytes of an %d-byte blob that differs by 1%%", fetched, len(changed))
	}
	if got := nodes[1].Received(); got > 4<<20 {
		t.Errorf("%d bytes received over the store protocol", got)
	}
}

// TestReplication: a path is replicated to Replicas-1 peers, which pull
// it (one fetch with any of their own) and announce it.
func TestReplication(t *testing.T) {
	sk, trust := testKey(t)
	nodes, stores := startCluster(t, 4, func(i int, c *Config) { trust(i, c); c.Replicas = 3 })
	info, tree := putTreePath(t, stores[0], sk)
	h, _ := store.ValidatePathInfo(info)
	got, err := nodes[0].Replicate(ctxT(t), info)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("replicated to %v, want 2 peers", got)
	}
	holders := 0
	for i, st := range stores[1:] {
		if _, err := st.PathInfos.Get(ctxT(t), h); err == nil {
			holders++
			if ok, _ := st.Blobs.Has(ctxT(t), store.DigestOf(tree.FileContent2)); !ok {
				t.Errorf("replica %d lacks a blob", i+1)
			}
			if !nodes[i+1].Provides(StorePathCID(h)) {
				t.Errorf("replica %d does not announce the path", i+1)
			}
			if nodes[i+1].fetched.Load() == 0 {
				t.Errorf("replica %d did not pull the path through the chunk protocol", i+1)
			}
		}
	}
	if holders != 2 {
		t.Errorf("%d peers hold the path, want 2", holders)
	}
}

func TestPutReplicatesInBackground(t *testing.T) {
	sk, trust := testKey(t)
	nodes, stores := startCluster(t, 3, trust) // Replicas defaults to 2
	info, _ := putTreePathVia(t, stores[0], sk, nodes[0].Store().PathInfos)
	h, _ := store.ValidatePathInfo(info)
	if !nodes[0].Provides(StorePathCID(h)) {
		t.Error("path put through the p2p store is not announced")
	}
	eventually(t, "one replica", func() bool {
		n := 0
		for _, st := range stores[1:] {
			if _, err := st.PathInfos.Get(context.Background(), h); err == nil {
				n++
			}
		}
		return n == 1
	})
}

func TestAllowPeerRefuses(t *testing.T) {
	sk, trust := testKey(t)
	nodes, stores := startCluster(t, 2, func(i int, c *Config) {
		trust(i, c)
		if i == 0 {
			c.AllowPeer = func(id peer.ID) bool { return false }
		}
	})
	info, _ := putTreePath(t, stores[0], sk)
	if err := nodes[0].Announce(ctxT(t), info); err != nil {
		t.Fatal(err)
	}
	h, _ := store.ValidatePathInfo(info)
	_, err := nodes[1].Store().PathInfos.Get(ctxT(t), h)
	if status.Code(err) != codes.PermissionDenied || !strings.Contains(fmt.Sprint(err), "not allowed") {
		t.Fatalf("fetch from a node that refuses the peer: %v, want PermissionDenied", err)
	}
	if _, err := stores[1].PathInfos.Get(ctxT(t), h); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("refused fetch stored something: %v", err)
	}
}

// TestClusterTrust: in a private network a PathInfo signed by the PSK's
// cluster key is taken from a peer; one signed only by a member's own key
// (even one the peer announced), or by the cluster key of another (an
// earlier, rotated) PSK, is not; nor is anything without a PSK or with
// NoClusterTrust.
func TestClusterTrust(t *testing.T) {
	own, pk, err := nixsig.GenerateKey("node-0-1")
	if err != nil {
		t.Fatal(err)
	}
	psk, _ := NewPSK()
	old, _ := NewPSK()
	for _, tc := range []struct {
		name    string
		psk     *PSK
		noTrust bool
		sk      nixsig.SecretKey
		ok      bool
	}{
		{"cluster key", &psk, false, psk.ClusterKey(), true},
		{"a member's own key", &psk, false, own, false},
		{"a rotated psk's cluster key", &psk, false, old.ClusterKey(), false},
		{"no-cluster-trust", &psk, true, psk.ClusterKey(), false},
		{"no psk", nil, false, psk.ClusterKey(), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nodes, stores := startCluster(t, 2, func(i int, c *Config) {
				c.PSK, c.NoClusterTrust = tc.psk, tc.noTrust
				if i == 0 {
					c.SigningKey = &pk
				}
			})
			info, _ := putTreePath(t, stores[0], tc.sk)
			if err := nodes[0].Announce(ctxT(t), info); err != nil {
				t.Fatal(err)
			}
			if tc.psk != nil && !tc.noTrust {
				eventually(t, "node 1 to learn node 0's key", func() bool { return nodes[1].PeerKeys()[nodes[0].ID()] == pk.String() })
			}
			h, _ := store.ValidatePathInfo(info)
			_, err := nodes[1].Store().PathInfos.Get(ctxT(t), h)
			if tc.ok && err != nil {
				t.Fatalf("fetch signed by the cluster key: %v", err)
			}
			if !tc.ok && !errors.Is(err, ErrUntrusted) {
				t.Fatalf("fetch: %v, want ErrUntrusted", err)
			}
		})
	}
}

func TestFetchClosure(t *testing.T) {
	sk, trust := testKey(t)
	nodes, stores := startCluster(t, 2, trust)
	r := storetest.NewRand(t)
	ctx := ctxT(t)
	// dep <- app (app refers to dep and to itself).
	dep := putFilePath(t, stores[0], r, "dep", storetest.RandomBytes(r, 3000), nil)
	depH, _ := store.ValidatePathInfo(dep)
	dep.References, dep.Narinfo.ReferenceNames = nil, nil
	d, size, err := stores[0].Blobs.Put(ctx, bytes.NewReader(storetest.RandomBytes(r, 5000)))
	if err != nil {
		t.Fatal(err)
	}
	app, appH := storetest.MakePathInfo(r, "app", &castorev1.Node{Node: &castorev1.Node_File{File: &castorev1.FileNode{Name: []byte("x"), Digest: d[:], Size: size}}})
	depName := string(store.NodeName(dep.Node))
	app.References = [][]byte{depH[:], appH[:]}
	app.Narinfo.ReferenceNames = []string{depName, string(store.NodeName(app.Node))}
	app.Narinfo.Signatures = nil
	for _, info := range []*storev1.PathInfo{dep, app} {
		if err := nixsig.Sign(nixpath.DefaultStoreDir, sk, info); err != nil {
			t.Fatal(err)
		}
		if _, err := stores[0].PathInfos.Put(ctx, info); err != nil {
			t.Fatal(err)
		}
		if err := nodes[0].Announce(ctx, info); err != nil {
			t.Fatal(err)
		}
	}
	got, err := nodes[1].FetchClosure(ctx, appH)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("closure of %d paths, want 2", len(got))
	}
	for _, h := range [][store.StorePathHashSize]byte{appH, depH} {
		if _, err := stores[1].PathInfos.Get(ctx, h); err != nil {
			t.Errorf("closure member not local: %v", err)
		}
	}
	var missing [store.StorePathHashSize]byte
	missing[3] = 9
	if _, err := nodes[1].FetchClosure(ctx, missing); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("closure of an unknown path: %v, want ErrNotFound", err)
	}
}

// TestFetchFallsBackToConnectedPeers: the only provider the DHT lists
// for a path is gone; the fetch then asks the peers it is connected to
// and finds a holder that never announced it.
func TestFetchFallsBackToConnectedPeers(t *testing.T) {
	sk, trust := testKey(t)
	nodes, stores := startCluster(t, 3, trust)
	r := storetest.NewRand(t)
	data := storetest.RandomBytes(r, 64<<10)
	info := putFilePath(t, stores[1], r, "file", data, &sk)
	announce(t, nodes[1], info)
	// Node 0 holds it too, and never announced it.
	if _, _, err := stores[0].Blobs.Put(ctxT(t), bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	if _, err := stores[0].PathInfos.Put(ctxT(t), info); err != nil {
		t.Fatal(err)
	}
	h, _ := store.ValidatePathInfo(info)
	// The premise: the DHT lists node 1 to node 2 before node 1 goes.
	eventually(t, "node 2 finds node 1 as the provider", func() bool {
		ps := nodes[2].FindProviders(ctxT(t), StorePathCID(h), 1)
		return len(ps) == 1 && ps[0].ID == nodes[1].ID()
	})
	nodes[1].Close()
	if _, err := nodes[2].Store().PathInfos.Get(ctxT(t), h); err != nil {
		t.Fatalf("fetch: %v", err)
	}
	if _, err := stores[2].PathInfos.Get(ctxT(t), h); err != nil {
		t.Fatalf("not stored by the fetcher: %v", err)
	}
}
