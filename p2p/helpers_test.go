package p2p

import (
	"bytes"
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/p2pnix/tvix/store/storetest"
)

// testWait bounds every wait in these tests.
const testWait = 20 * time.Second

// testConfig returns a config listening on loopback TCP only, without
// mDNS, with a fresh in-memory identity.
func testConfig(t testing.TB) Config {
	t.Helper()
	sk, _, err := crypto.GenerateEd25519Key(nil)
	if err != nil {
		t.Fatal(err)
	}
	return Config{
		Identity:    sk,
		ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"},
		NoMDNS:      true,
	}
}

// startNode starts a node over a new memory store and closes it at the
// end of the test.
func startNode(t testing.TB, cfg Config) (*Node, *store.Store) {
	t.Helper()
	local := store.NewMemoryStore()
	ctx, cancel := context.WithTimeout(context.Background(), testWait)
	defer cancel()
	n, err := New(ctx, cfg, local)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	return n, local
}

// eventually polls cond every few milliseconds until it holds or testWait
// passes, and fails the test then.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(testWait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// startCluster starts n nodes, each bootstrapped from the first, and
// waits until every routing table holds a peer. mod, if set, adjusts
// each node's config.
func startCluster(t testing.TB, n int, mod func(i int, c *Config)) ([]*Node, []*store.Store) {
	t.Helper()
	var nodes []*Node
	var stores []*store.Store
	for i := range n {
		cfg := testConfig(t)
		if i > 0 {
			cfg.Bootstrap = nodes[0].Addrs()
		}
		if mod != nil {
			mod(i, &cfg)
		}
		nd, st := startNode(t, cfg)
		nodes = append(nodes, nd)
		stores = append(stores, st)
	}
	for _, nd := range nodes {
		if n == 1 {
			break // a lone node never has a peer
		}
		eventually(t, "routing table to fill", func() bool { return nd.dht.RoutingTable().Size() > 0 })
	}
	return nodes, stores
}

// putFilePath stores data as a blob and a PathInfo naming it, signed by
// sk when sk is not nil.
func putFilePath(t testing.TB, st *store.Store, r *rand.Rand, name string, data []byte, sk *nixsig.SecretKey) *storev1.PathInfo {
	t.Helper()
	ctx := context.Background()
	d, size, err := st.Blobs.Put(ctx, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	info, _ := storetest.MakePathInfo(r, name, &castorev1.Node{Node: &castorev1.Node_File{File: &castorev1.FileNode{Name: []byte("x"), Digest: d[:], Size: size}}})
	info.Narinfo.Signatures = nil
	if sk != nil {
		if err := nixsig.Sign(nixpath.DefaultStoreDir, *sk, info); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.PathInfos.Put(ctx, info); err != nil {
		t.Fatal(err)
	}
	return info
}
