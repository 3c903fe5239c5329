package node_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/node/nodeclient"
	"github.com/p2pnix/tvix/node/nodetest"
	"github.com/p2pnix/tvix/p2p"
)

// lanWait bounds each step of the LAN test: discovery, a fetch, a command.
const lanWait = 60 * time.Second

// lan is a LAN of network namespaces: one holding a bridge with
// multicast, and one per host, each joined to the bridge by a veth pair
// (eth0 in the host's namespace, 10.77.<net>.<i+1>/24).
type lan struct {
	t      *testing.T
	bridge string   // namespace holding the bridge
	hosts  []string // host namespaces
}

// ipCmd runs ip with args and fails the test on error.
func (l *lan) ip(args ...string) {
	l.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), lanWait)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "ip", args...).CombinedOutput(); err != nil {
		l.t.Fatalf("ip %s: %v: %s", strings.Join(args, " "), err, out)
	}
}

// newLAN creates n host namespaces on one bridge and removes them all at
// the end of the test, whatever happened (namespaces are registered for
// removal before anything is created in them).
func newLAN(t *testing.T, n int) *lan {
	t.Helper()
	if _, err := exec.LookPath("ip"); err != nil {
		nixtest.Unavailable(t, "ip (iproute2) not installed")
	}
	id := fmt.Sprintf("%d-%d", os.Getpid()%100000, rand.IntN(1000))
	l := &lan{t: t, bridge: "tvixlan-br-" + id}
	del := func(ns string) {
		t.Cleanup(func() {
			if out, err := exec.Command("ip", "netns", "del", ns).CombinedOutput(); err != nil {
				t.Logf("ip netns del %s: %v: %s", ns, err, out)
			}
		})
	}
	del(l.bridge)
	l.ip("netns", "add", l.bridge)
	l.ip("-n", l.bridge, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0")
	l.ip("-n", l.bridge, "link", "set", "br0", "up")
	net := 1 + rand.IntN(250)
	for i := range n {
		ns := fmt.Sprintf("tvixlan-%s-%d", id, i)
		veth := fmt.Sprintf("veth%d", i)
		del(ns)
		l.ip("netns", "add", ns)
		l.ip("-n", l.bridge, "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns)
		l.ip("-n", l.bridge, "link", "set", veth, "master", "br0", "up")
		l.ip("-n", ns, "link", "set", "lo", "up")
		l.ip("-n", ns, "addr", "add", fmt.Sprintf("10.77.%d.%d/24", net, i+1), "dev", "eth0")
		l.ip("-n", ns, "link", "set", "eth0", "multicast", "on", "up")
		l.ip("-n", ns, "route", "add", "224.0.0.0/4", "dev", "eth0")
		l.hosts = append(l.hosts, ns)
	}
	return l
}

// run runs a command in host i's namespace, bounded by lanWait, and
// returns its stdout, stderr and error.
func (l *lan) run(i int, env []string, argv ...string) (string, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), lanWait)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ip", append([]string{"netns", "exec", l.hosts[i]}, argv...)...)
	cmd.Env = append(os.Environ(), "TVIX_STORE=", "TVIX_NODE=")
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.String(), stderr.String(), err
}

// TestLANDiscoveryFetchAndFailover runs three real tvix-node processes
// on a LAN of network namespaces with nothing but a shared --psk-file
// (default ports, data in $TVIX_HOME, mDNS on): they find each other by
// mDNS; a path added on A is fetched on B (path-info and dump through
// B's API); A is killed; C still fetches the path, from the copies that
// remain, byte for byte the NAR A served.
func TestLANDiscoveryFetchAndFailover(t *testing.T) {
	nixtest.RequireRoot(t)
	bin := buildNode(t)
	tvix := nodetest.Build(t, "github.com/p2pnix/tvix/cmd/tvix", buildDir)
	l := newLAN(t, 3)

	psk, err := p2p.NewPSK()
	if err != nil {
		t.Fatal(err)
	}
	pskFile := filepath.Join(t.TempDir(), "swarm.key")
	if err := os.WriteFile(pskFile, psk.Format(), 0o600); err != nil {
		t.Fatal(err)
	}
	var procs []*nodetest.Proc
	for i := range l.hosts {
		home := t.TempDir()
		p := nodetest.Start(t, home, []string{"TVIX_HOME=" + home}, "ip", "netns", "exec", l.hosts[i], bin, "--psk-file", pskFile)
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
		return l.run(i, nil, append([]string{tvix, "--node", procs[i].Addr}, args...)...)
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
	waitLAN(t, "every node sees the other two by mDNS", func() bool {
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
		waitLAN(t, fmt.Sprintf("node %d fetches %s", i, path), func() bool {
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

// waitLAN retries cond every 250ms until it holds or lanWait passes.
func waitLAN(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(lanWait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v: %s", lanWait, what)
		}
		time.Sleep(250 * time.Millisecond)
	}
}
