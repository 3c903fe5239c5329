package node_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/node/nodeclient"
	"github.com/p2pnix/tvix/node/nodetest"
	"github.com/p2pnix/tvix/p2p"
)

// lanWait bounds each step of the LAN test: discovery, a fetch, a command.
const lanWait = nodetest.LANWait

// TestLANDiscoveryFetchAndFailover runs three real tvix-node processes
// on a LAN of network namespaces with nothing but a shared --psk-file
// (default ports, data in $TVIX_HOME, mDNS on): they find each other by
// mDNS; a path added on A is fetched on B (path-info and dump through
// B's API); A is killed; C still fetches the path, from the copies that
// remain, byte for byte the NAR A served.
func TestLANDiscoveryFetchAndFailover(t *testing.T) {
	nixtest.RequireRoot(t)
	bin := buildNode(t)
	tvix := nodetest.Build(t, "github.com/p2pnix/tvix/cmd/tvix", nodetest.BinDir(t))
	l := nodetest.NewLAN(t, 3)

	psk, err := p2p.NewPSK()
	if err != nil {
		t.Fatal(err)
	}
	pskFile := filepath.Join(t.TempDir(), "swarm.key")
	if err := os.WriteFile(pskFile, psk.Format(), 0o600); err != nil {
		t.Fatal(err)
	}
	var procs []*nodetest.Proc
	for i := range l.Hosts {
		home := t.TempDir()
		p := nodetest.Start(t, home, []string{"TVIX_HOME=" + home}, l.Exec(i, bin, "--psk-file", pskFile)...)
		procs = append(procs, p)
	}
	defer func() {
		if t.Failed() {
			for i, p := range procs {
				t.Logf("node %d log:\n%s", i, p.Log())
			}
		}
	}()
	tvixIn := func(i int, args ...string) (string, string, error) {
		return l.Run(i, nil, append([]string{tvix, "--node", procs[i].Addr}, args...)...)
	}
	mustTvix := func(i int, args ...string) string {
		t.Helper()
		out, stderr, err := tvixIn(i, args...)
		if err != nil {
			t.Fatalf("node %d: tvix %s: %v: %s", i, strings.Join(args, " "), err, stderr)
		}
		return out
	}

	// Discovery by mDNS alone.
	nodetest.WaitFor(t, lanWait, "every node sees the other two by mDNS", func() bool {
		for i := range procs {
			var peers []nodeclient.PeerInfo
			out, _, err := tvixIn(i, "cluster", "peers", "--json")
			if err != nil || json.Unmarshal([]byte(out), &peers) != nil || len(peers) < 2 {
				return false
			}
		}
		return true
	})

	tree := filepath.Join(t.TempDir(), "lan-tree")
	os.MkdirAll(filepath.Join(tree, "sub"), 0o755)
	r := rand.New(rand.NewPCG(6, 7))
	big := make([]byte, 3<<20)
	for i := range big {
		big[i] = byte(r.Uint32())
	}
	os.WriteFile(filepath.Join(tree, "big"), big, 0o644)
	os.WriteFile(filepath.Join(tree, "sub", "small"), []byte("on a LAN\n"), 0o644)
	os.Symlink("../big", filepath.Join(tree, "sub", "link"))

	path := strings.TrimSpace(mustTvix(0, "store", "add", tree))
	want := mustTvix(0, "store", "dump", path)

	fetch := func(i int) {
		t.Helper()
		var got string
		nodetest.WaitFor(t, lanWait, fmt.Sprintf("node %d fetches %s", i, path), func() bool {
			out, _, err := tvixIn(i, "store", "path-info", path)
			if err != nil || strings.TrimSpace(out) != path {
				return false
			}
			got, _, err = tvixIn(i, "store", "dump", path)
			return err == nil
		})
		if got != want {
			t.Fatalf("node %d: dump of %s differs from A's (%d bytes, want %d)", i, path, len(got), len(want))
		}
	}
	fetch(1)

	procs[0].Kill()
	fetch(2)
}
