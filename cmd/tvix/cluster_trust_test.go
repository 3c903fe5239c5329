package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/node/nodeclient"
)

// churnWait bounds waits that span a replication and a statistics refresh
// (node/status caches them for 10s).
const churnWait = 60 * time.Second

// writePSK writes a new swarm.key into a temporary directory.
func writePSK(t *testing.T) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "swarm.key")
	if err := os.WriteFile(f, []byte(tvixEnvOK(t, nil, "cluster", "new-psk")), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// trustNode starts a node of the private network of psk on data, joined
// to the nodes at join.
func trustNode(t *testing.T, data, psk string, join ...string) *runningNode {
	t.Helper()
	args := []string{"--p2p-listen", "/ip4/127.0.0.1/tcp/0", "--psk-file", psk}
	if len(join) > 0 {
		args = append(args, "--join", strings.Join(join, ","))
	}
	return startTestNode(t, data, args...)
}

var storePathsMetric = regexp.MustCompile(`(?m)^tvix_store_paths (\d+)$`)

// localPaths is how many paths the node's own shard holds (its metrics).
func localPaths(t *testing.T, n *runningNode) int {
	t.Helper()
	m := storePathsMetric.FindStringSubmatch(mustGet(t, n.addr, "/metrics"))
	if m == nil {
		t.Fatalf("no tvix_store_paths in the metrics of %s", n.addr)
	}
	v, _ := strconv.Atoi(m[1])
	return v
}

// waitDump waits until the node dumps path as want (fetching it from a
// peer when it lacks it, which verifies its signature).
func waitDump(t *testing.T, n *runningNode, path, want string) {
	t.Helper()
	deadline := time.Now().Add(churnWait)
	for {
		got, stderr, code := tvixEnv(t, nil, "--node", n.addr, "store", "dump", path)
		if code == 0 && got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("node %s does not dump %s (exit %d, %d bytes of %d): %s\nnode log:\n%s", n.addr, path, code, len(got), len(want), stderr, n.logText())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// narinfoSigs are the key names of the Sig lines of the node's narinfo
// of path.
func narinfoSigs(t *testing.T, n *runningNode, path string) []string {
	t.Helper()
	text := mustGet(t, n.addr, "/"+filepath.Base(path)[:32]+".narinfo")
	var names []string
	for _, line := range strings.Split(text, "\n") {
		if sig, ok := strings.CutPrefix(line, "Sig: "); ok {
			name, _, _ := strings.Cut(sig, ":")
			names = append(names, name)
		}
	}
	return names
}

// TestClusterKeySurvivesChurn: with a PSK every node signs with the one
// cluster key `tvix cluster key` prints. A path A held before it joined
// (signed by its own key) is re-signed at start and fetched by B; a path
// added on A is replicated to B; A leaves (SIGTERM) and a newcomer D
// fetches both from B, verified. Then B and D restart one at a time, and
// then after kill -9 all at once, and a fresh node still finds both
// through the DHT.
func TestClusterKeySurvivesChurn(t *testing.T) {
	psk := writePSK(t)
	key := strings.TrimSpace(tvixEnvOK(t, nil, "cluster", "key", "--psk-file", psk))
	name, _, _ := strings.Cut(key, ":")
	if !strings.HasPrefix(name, "tvix-cluster-") {
		t.Fatalf("cluster key %q", key)
	}
	dataA, dataB, dataD := t.TempDir(), t.TempDir(), t.TempDir()

	// Outside a private network A signs with its own key.
	a := startTestNode(t, dataA, "--p2p-listen", "/ip4/127.0.0.1/tcp/0")
	old := strings.TrimSpace(tvixEnvOK(t, nil, "--node", a.addr, "store", "add", uniqueTree(t, "before-psk")))
	wantOld := tvixEnvOK(t, nil, "--node", a.addr, "store", "dump", old)
	if got := strings.TrimSpace(mustGet(t, a.addr, nodeclient.PublicKeyPath)); got == key {
		t.Fatalf("a node without a PSK signs with the cluster key %s", got)
	}
	if err := a.Stop(); err != nil {
		t.Fatal(err)
	}

	a = trustNode(t, dataA, psk)
	b := trustNode(t, dataB, psk, a.addr)
	for _, n := range []*runningNode{a, b} {
		if got := strings.TrimSpace(mustGet(t, n.addr, nodeclient.PublicKeyPath)); got != key {
			t.Errorf("node %s signs with %s, want the cluster key %s", n.addr, got, key)
		}
	}
	path := strings.TrimSpace(tvixEnvOK(t, nil, "--node", a.addr, "store", "add", uniqueTree(t, "churn")))
	want := tvixEnvOK(t, nil, "--node", a.addr, "store", "dump", path)
	if sigs := narinfoSigs(t, a, path); !slices.Contains(sigs, name) {
		t.Errorf("A's narinfo of %s is signed by %v, not by %s", path, sigs, name)
	}
	waitDump(t, b, old, wantOld)
	deadline := time.Now().Add(churnWait)
	for localPaths(t, b) < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("B holds %d paths, want 2 (one replicated, one fetched):\nA:\n%s\nB:\n%s", localPaths(t, b), a.logText(), b.logText())
		}
		time.Sleep(500 * time.Millisecond)
	}
	if err := a.Stop(); err != nil {
		t.Fatal(err)
	}

	d := trustNode(t, dataD, psk, b.addr)
	waitDump(t, d, path, want)
	waitDump(t, d, old, wantOld)

	t.Log("restarting B, then D")
	if err := b.Stop(); err != nil {
		t.Fatal(err)
	}
	b = trustNode(t, dataB, psk, d.addr)
	if err := d.Stop(); err != nil {
		t.Fatal(err)
	}
	d = trustNode(t, dataD, psk, b.addr)
	e := trustNode(t, t.TempDir(), psk, d.addr)
	waitDump(t, e, path, want)
	waitDump(t, e, old, wantOld)

	t.Log("kill -9 of every node, then restarting them")
	b.Kill()
	d.Kill()
	e.Kill()
	b = trustNode(t, dataB, psk)
	d = trustNode(t, dataD, psk, b.addr)
	f := trustNode(t, t.TempDir(), psk, d.addr)
	waitDump(t, f, path, want)
	waitDump(t, f, old, wantOld)
}

// TestClusterExpel: E, a member, is expelled by rotating the PSK (tvix
// cluster rotate) and restarting A and B with the new one. The new
// cluster key is another; what A and B held stays usable (re-signed with
// it, the old key's signature dropped; a newcomer fetches it); E cannot
// connect any more, and a path E signs with the old key is refused by
// A's binary cache.
func TestClusterExpel(t *testing.T) {
	psk := writePSK(t)
	pskE := filepath.Join(t.TempDir(), "swarm.key")
	b, err := os.ReadFile(psk)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pskE, b, 0o600); err != nil {
		t.Fatal(err)
	}
	oldKey := strings.TrimSpace(tvixEnvOK(t, nil, "cluster", "key", "--psk-file", psk))
	dataA, dataB := t.TempDir(), t.TempDir()
	a := trustNode(t, dataA, psk)
	nb := trustNode(t, dataB, psk, a.addr)
	e := trustNode(t, t.TempDir(), pskE, a.addr)
	path := strings.TrimSpace(tvixEnvOK(t, nil, "--node", a.addr, "store", "add", uniqueTree(t, "expel")))
	want := tvixEnvOK(t, nil, "--node", a.addr, "store", "dump", path)
	waitDump(t, nb, path, want) // B holds it, replicated or fetched
	defer func() {
		if t.Failed() {
			t.Logf("A:\n%s\nB:\n%s\nE:\n%s", a.logText(), nb.logText(), e.logText())
		}
	}()

	newKey := strings.TrimSpace(tvixEnvOK(t, nil, "cluster", "rotate", "--psk-file", psk))
	if got := strings.TrimSpace(tvixEnvOK(t, nil, "cluster", "key", "--psk-file", psk)); got != newKey || newKey == oldKey {
		t.Fatalf("after rotate: cluster key %s, rotate printed %s, old key %s", got, newKey, oldKey)
	}
	for _, n := range []*runningNode{a, nb} {
		if err := n.Stop(); err != nil {
			t.Fatal(err)
		}
	}
	a = trustNode(t, dataA, psk)
	nb = trustNode(t, dataB, psk, a.addr)
	oldName, _, _ := strings.Cut(oldKey, ":")
	newName, _, _ := strings.Cut(newKey, ":")
	for _, n := range []*runningNode{a, nb} {
		if got := strings.TrimSpace(mustGet(t, n.addr, nodeclient.PublicKeyPath)); got != newKey {
			t.Errorf("node %s signs with %s after the rotation, want %s", n.addr, got, newKey)
		}
		if sigs := narinfoSigs(t, n, path); !slices.Contains(sigs, newName) || slices.Contains(sigs, oldName) {
			t.Errorf("node %s: narinfo of %s signed by %v, want %s and not %s", n.addr, path, sigs, newName, oldName)
		}
	}
	c := trustNode(t, t.TempDir(), psk, nb.addr)
	waitDump(t, c, path, want)

	// E, with the old PSK, cannot connect to A.
	if err := e.Stop(); err != nil {
		t.Fatal(err)
	}
	e = trustNode(t, e.DataDir, pskE, a.addr)
	aID := clusterPeersID(t, a.addr)
	if !strings.Contains(e.logText(), "bootstrap peer "+aID+": failed") {
		t.Errorf("the expelled node logged no failed connection to A:\n%s", e.logText())
	}
	if ps := clusterPeers(t, e.addr); len(ps) != 0 {
		t.Errorf("the expelled node has peers %+v", ps)
	}
	// What E signs with the old cluster key is refused.
	pe := strings.TrimSpace(tvixEnvOK(t, nil, "--node", e.addr, "store", "add", uniqueTree(t, "expelled")))
	info := mustGet(t, e.addr, "/"+filepath.Base(pe)[:32]+".narinfo")
	_, nar := httpGet(t, "http://"+e.addr+"/"+narinfoField(info, "URL"))
	if code, msg := httpPut(t, "http://"+a.addr+"/"+narinfoField(info, "URL"), nar); code != 200 {
		t.Fatalf("NAR upload to A: %d %s", code, msg)
	}
	if code, msg := httpPut(t, "http://"+a.addr+"/"+filepath.Base(pe)[:32]+".narinfo", []byte(info)); code != 403 || !strings.Contains(msg, "no signature by a trusted key") {
		t.Errorf("upload of a path signed by the old cluster key: %d %s, want 403", code, msg)
	}
	if _, _, code := tvixEnv(t, nil, "--node", nb.addr, "store", "path-info", pe); code == 0 {
		t.Errorf("B has %s, which only the expelled node holds", pe)
	}
}

// clusterPeersID is the libp2p ID of the node at addr.
func clusterPeersID(t *testing.T, addr string) string {
	t.Helper()
	var info nodeclient.P2PInfo
	if err := json.Unmarshal([]byte(mustGet(t, addr, nodeclient.P2PInfoPath)), &info); err != nil {
		t.Fatal(err)
	}
	return info.ID
}
