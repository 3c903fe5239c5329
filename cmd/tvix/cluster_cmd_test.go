package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/node/nodeclient"
	"github.com/p2pnix/tvix/p2p"
)

// clusterWait bounds how long the cluster may take to connect, announce
// and fetch.
const clusterWait = 20 * time.Second

// startClusterNode starts a tvix-node with libp2p on loopback (and, as
// every test node, mDNS off).
func startClusterNode(t *testing.T, extra ...string) *runningNode {
	t.Helper()
	args := append([]string{"--p2p-listen", "/ip4/127.0.0.1/tcp/0"}, extra...)
	return startTestNode(t, t.TempDir(), args...)
}

// clusterPeers runs tvix cluster peers --json against the node at addr.
func clusterPeers(t *testing.T, addr string) []nodeclient.PeerInfo {
	t.Helper()
	var peers []nodeclient.PeerInfo
	out := tvixEnvOK(t, nil, "--node", addr, "cluster", "peers", "--json")
	if err := json.Unmarshal([]byte(out), &peers); err != nil {
		t.Fatalf("cluster peers --json: %v: %q", err, out)
	}
	return peers
}

// waitFor retries cond every 200ms until it holds or clusterWait passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(clusterWait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, clusterWait)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func TestClusterNewPSK(t *testing.T) {
	out := tvixEnvOK(t, nil, "cluster", "new-psk")
	if _, err := p2p.ParsePSK([]byte(out)); err != nil {
		t.Fatalf("cluster new-psk printed %q: %v", out, err)
	}
	if other := tvixEnvOK(t, nil, "cluster", "new-psk"); other == out {
		t.Fatalf("two runs printed the same key %q", out)
	}
}

// TestClusterFetchThroughPeer: three tvix-node processes in one private
// network (shared PSK, --join, no mDNS; C joins A by its unix socket);
// a path added on A is dumped through C byte for byte as A dumps it (and as nix-store --dump does the
// source tree, when Nix is there). A fourth node without the PSK cannot
// join and cannot fetch the path.
func TestClusterFetchThroughPeer(t *testing.T) {
	pskFile := filepath.Join(t.TempDir(), "swarm.key")
	if err := os.WriteFile(pskFile, []byte(tvixEnvOK(t, nil, "cluster", "new-psk")), 0o600); err != nil {
		t.Fatal(err)
	}
	a := startClusterNode(t, "--psk-file", pskFile)
	b := startClusterNode(t, "--psk-file", pskFile, "--join", a.addr)
	c := startClusterNode(t, "--psk-file", pskFile, "--join", tvixhome.Dir(a.DataDir).NodeSocket()+","+b.addr)

	peerIDs := func(addr string) map[string]nodeclient.PeerInfo {
		m := map[string]nodeclient.PeerInfo{}
		for _, p := range clusterPeers(t, addr) {
			m[p.ID] = p
		}
		return m
	}
	var aInfo nodeclient.P2PInfo
	if err := json.Unmarshal([]byte(mustGet(t, a.addr, nodeclient.P2PInfoPath)), &aInfo); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "A sees B and C", func() bool { return len(peerIDs(a.addr)) >= 2 })
	if p, ok := peerIDs(c.addr)[aInfo.ID]; !ok || p.Found != "join" {
		t.Errorf("C's peers: A (%s) = %+v, %v; want found by join", aInfo.ID, p, ok)
	}
	if out := tvixEnvOK(t, nil, "--node", c.addr, "cluster", "peers"); !strings.Contains(out, aInfo.ID) {
		t.Errorf("cluster peers on C does not list A %s:\n%s", aInfo.ID, out)
	}

	tree := filepath.Join(t.TempDir(), "tree")
	if err := os.MkdirAll(filepath.Join(tree, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"a.txt": "hello\n", "sub/big": strings.Repeat("tvix p2p ", 300000)} {
		if err := os.WriteFile(filepath.Join(tree, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("a.txt", filepath.Join(tree, "link")); err != nil {
		t.Fatal(err)
	}
	path := strings.TrimSpace(tvixEnvOK(t, nil, "--node", a.addr, "store", "add", tree))
	want := tvixEnvOK(t, nil, "--node", a.addr, "store", "dump", path)

	var got, stderr string
	defer func() {
		if t.Failed() {
			t.Logf("stderr %s\nA:\n%s\nB:\n%s\nC:\n%s", stderr, a.logText(), b.logText(), c.logText())
		}
	}()
	waitFor(t, "C fetches "+path, func() bool {
		var code int
		got, stderr, code = tvixEnv(t, nil, "--node", c.addr, "store", "dump", path)
		return code == 0
	})
	if got != want {
		t.Fatalf("dump through C: %d bytes, through A %d bytes (stderr %s)", len(got), len(want), stderr)
	}
	t.Run("nix-store --dump", func(t *testing.T) {
		nixStore := nixtest.RequireNix(t, "nix-store")
		nar, err := exec.Command(nixStore, "--dump", tree).Output()
		if err != nil {
			t.Fatal(err)
		}
		if string(nar) != got {
			t.Errorf("nix-store --dump: %d bytes, tvix through C %d bytes", len(nar), len(got))
		}
	})

	// A node without the PSK: the handshake with A fails, so it has no
	// peers, A does not list it, and the path stays out of reach.
	d := startClusterNode(t, "--join", a.addr)
	var dInfo nodeclient.P2PInfo
	if err := json.Unmarshal([]byte(mustGet(t, d.addr, nodeclient.P2PInfoPath)), &dInfo); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := tvixEnv(t, nil, "--node", d.addr, "store", "dump", path); code == 0 {
		t.Errorf("node without the PSK dumped %s (stderr %s)", path, stderr)
	}
	if ps := clusterPeers(t, d.addr); len(ps) != 0 {
		t.Errorf("node without the PSK has peers %+v", ps)
	}
	if _, ok := peerIDs(a.addr)[dInfo.ID]; ok {
		t.Errorf("A lists the node without the PSK (%s) as a peer", dInfo.ID)
	}
	if !strings.Contains(d.logText(), "bootstrap peer "+aInfo.ID+": failed") {
		t.Errorf("node without the PSK logged no failed connection to A:\n%s", d.logText())
	}
}

// mustGet fetches path from the HTTP API of the node at addr.
func mustGet(t *testing.T, addr, path string) string {
	t.Helper()
	b, err := nodeclient.Get(t.Context(), addr, path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
