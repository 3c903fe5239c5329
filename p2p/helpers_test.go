package p2p

import (
	"context"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/p2pnix/tvix/store"
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
