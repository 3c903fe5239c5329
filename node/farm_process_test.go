package node_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/node/nodeclient"
	"github.com/p2pnix/tvix/node/nodetest"
	"github.com/p2pnix/tvix/proto/nodev1"
	"google.golang.org/protobuf/encoding/protojson"
)

// farmBuildTimeout bounds one build request in these tests.
const farmBuildTimeout = 3 * time.Minute

// farmCluster is a few tvix-node processes on loopback sharing a PSK,
// joined through the first, with one build slot each.
type farmCluster struct {
	t     testing.TB
	tvix  string
	procs []*nodetest.Proc
	dead  []bool
}

func startFarmCluster(t testing.TB, n int) *farmCluster {
	t.Helper()
	return startFarmClusterWith(t, n, nil)
}

// startFarmClusterWith is startFarmCluster with nodeArgs(i) added to node
// i's flags (nodeArgs may be nil).
func startFarmClusterWith(t testing.TB, n int, nodeArgs func(i int) []string) *farmCluster {
	t.Helper()
	nixtest.RequireRoot(t)
	if _, err := os.Stat("/usr/bin/busybox"); err != nil {
		nixtest.Unavailable(t, "busybox-static not installed (make deps)")
	}
	bin := buildNode(t)
	c := &farmCluster{t: t, tvix: nodetest.Build(t, "github.com/p2pnix/tvix/cmd/tvix", filepath.Dir(bin))}
	// The sandbox helper next to tvix-node, as make build installs it.
	nodetest.Build(t, "github.com/p2pnix/tvix/cmd/tvix-sandbox", filepath.Dir(bin))
	dir := t.TempDir()
	psk := filepath.Join(dir, "swarm.key")
	if out, err := exec.Command(c.tvix, "cluster", "new-psk").Output(); err != nil {
		t.Fatalf("new-psk: %v", err)
	} else if err := os.WriteFile(psk, out, 0o600); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		// Free ports for libp2p and gossip: the default port after the
		// API's may be taken on a busy machine.
		args := []string{"--psk-file", psk, "--max-builds", "1", "--p2p-listen", "/ip4/127.0.0.1/tcp/0", "--gossip-listen", "127.0.0.1:0"}
		if i > 0 {
			args = append(args, "--join", c.procs[0].Addr)
		}
		if nodeArgs != nil {
			args = append(args, nodeArgs(i)...)
		}
		c.procs = append(c.procs, nodetest.StartLoopback(t, bin, filepath.Join(dir, fmt.Sprintf("n%d", i)), nil, args...))
		c.dead = append(c.dead, false)
	}
	// Every node must see every other as a gossip member with a slot.
	deadline := time.Now().Add(30 * time.Second)
	for i := range c.procs {
		for {
			st := c.status(i)
			if len(st.Peers) == n {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("node %d sees %d gossip members, want %d:\n%s", i, len(st.Peers), n, c.procs[i].Log())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	return c
}

func (c *farmCluster) client(i int) *nodeclient.BuildClient {
	c.t.Helper()
	bc, err := nodeclient.DialBuildClient(c.procs[i].Addr)
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { bc.Close() })
	return bc
}

func (c *farmCluster) status(i int) *nodev1.StatusResponse {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	st, err := c.client(i).Status(ctx)
	if err != nil {
		c.t.Fatalf("status of node %d: %v", i, err)
	}
	return st
}

// instantiate writes the DAG with salt into node i's store and returns
// the top .drv.
func (c *farmCluster) instantiate(i int, salt string, extra ...string) string {
	c.t.Helper()
	args := append([]string{"--argstr", "salt", salt}, extra...)
	return c.instantiateFile(i, "testdata/farm_dag.nix", args...)
}

// instantiateFile writes the derivations of file into node i's store and
// returns their paths, one per line.
func (c *farmCluster) instantiateFile(i int, file string, args ...string) string {
	c.t.Helper()
	cmd := exec.Command(c.tvix, append(append([]string{"instantiate"}, args...), file)...)
	cmd.Env = append(os.Environ(), "TVIX_NODE="+c.procs[i].Addr, "TVIX_STORE=")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		c.t.Fatalf("tvix instantiate: %v\n%s", err, stderr.String())
	}
	return strings.TrimSpace(string(out))
}

// build asks node i to build drv and returns the results by derivation.
func (c *farmCluster) build(i int, drv string) (map[string]*nodev1.DrvResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), farmBuildTimeout)
	defer cancel()
	res := map[string]*nodev1.DrvResult{}
	done, err := c.client(i).Build(ctx, &nodev1.BuildRequest{DrvPaths: []string{drv}}, func(ev *nodev1.BuildEvent) error {
		if r := ev.GetResult(); r != nil {
			res[r.DrvPath] = r
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	if done.Failed > 0 {
		return res, fmt.Errorf("%d failed: %v", done.Failed, res[drv].GetError())
	}
	return res, nil
}

// builtCounts counts, over the live nodes, how often each derivation was
// really built (outputs produced, not found).
func (c *farmCluster) builtCounts() map[string]int {
	counts := map[string]int{}
	for i := range c.procs {
		if c.dead[i] {
			continue
		}
		for _, f := range c.status(i).Finished {
			if f.Built && f.Error == "" {
				counts[f.DrvPath]++
			}
		}
	}
	return counts
}

func (c *farmCluster) logs() string {
	var b strings.Builder
	for i, p := range c.procs {
		fmt.Fprintf(&b, "--- node %d:\n%s", i, p.Log())
	}
	return b.String()
}

// dump returns the NAR of path as node i serves it.
func (c *farmCluster) dump(i int, path string) []byte {
	c.t.Helper()
	cmd := exec.Command(c.tvix, "store", "dump", "--node", c.procs[i].Addr, path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		c.t.Fatalf("tvix store dump %s: %v\n%s", path, err, stderr.String())
	}
	return out
}

// TestFarmProcesses runs 4 tvix-node processes building a DAG of busybox
// derivations: the work spreads, outputs match a single-machine build, a
// second build elsewhere substitutes everything, and two simultaneous
// requests from two nodes build each derivation once.
func TestFarmProcesses(t *testing.T) {
	c := startFarmCluster(t, 4)
	salt := fmt.Sprintf("spread-%d", time.Now().UnixNano())
	top := c.instantiate(0, salt)

	t.Run("spread", func(t *testing.T) {
		res, err := c.build(0, top)
		if err != nil {
			t.Fatalf("build: %v\n%s", err, c.logs())
		}
		if len(res) != 10 {
			t.Errorf("got %d results, want 10 (6 leaves, 3 middles, the top)", len(res))
		}
		on := map[string]bool{}
		for d, r := range res {
			if r.BuiltOn == "" {
				t.Errorf("%s: not built (substituted from %q)", d, r.SubstitutedFrom)
			}
			on[r.BuiltOn] = true
		}
		if len(on) < 2 {
			t.Errorf("all builds ran on %v, want at least 2 nodes", on)
		}
		for d, n := range c.builtCounts() {
			if n != 1 {
				t.Errorf("%s built %d times", d, n)
			}
		}
	})

	t.Run("identical to a single-machine build", func(t *testing.T) {
		nixtest.RequireNix(t, "nix-instantiate")
		// The same expression through Nix writes the same .drvs into
		// /nix/store, from where tvix build-drv builds them alone.
		out, err := exec.Command("nix-instantiate", "--argstr", "salt", salt, "testdata/farm_dag.nix").Output()
		if err != nil {
			t.Fatalf("nix-instantiate: %v", err)
		}
		if got := strings.TrimSpace(string(out)); got != top {
			t.Fatalf("nix-instantiate wrote %s, tvix instantiate %s", got, top)
		}
		home := t.TempDir()
		env := append(os.Environ(), "TVIX_HOME="+home, "TVIX_STORE=local:"+filepath.Join(home, "store"), "TVIX_NODE=")
		cmd := exec.Command(c.tvix, "build-drv", "--quiet", top)
		cmd.Env = env
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		paths, err := cmd.Output()
		if err != nil {
			t.Fatalf("tvix build-drv: %v\n%s", err, stderr.String())
		}
		outPath := strings.TrimSpace(string(paths))
		dump := exec.Command(c.tvix, "store", "dump", outPath)
		dump.Env = env
		want, err := dump.Output()
		if err != nil {
			t.Fatalf("tvix store dump (single machine): %v", err)
		}
		for i := range c.procs {
			if got := c.dump(i, outPath); !bytes.Equal(got, want) {
				t.Errorf("node %d: NAR of %s differs from the single-machine build (%d vs %d bytes)", i, outPath, len(got), len(want))
			}
		}
	})

	t.Run("second build substitutes", func(t *testing.T) {
		before := c.builtCounts()
		if got := c.instantiate(2, salt); got != top {
			t.Fatalf("instantiate on node 2: %s, want %s", got, top)
		}
		// Through the CLI this time: tvix cluster build --json.
		cmd := exec.Command(c.tvix, "cluster", "build", "--json", "--node", c.procs[2].Addr, top)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("tvix cluster build: %v\n%s\n%s", err, stderr.String(), c.logs())
		}
		type record struct {
			DrvPath, BuiltOn, SubstitutedFrom string
			Outputs                           map[string]string
		}
		var recs []record
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			var r record
			if err := json.Unmarshal([]byte(l), &r); err != nil {
				t.Fatalf("%v: %q", err, l)
			}
			recs = append(recs, r)
		}
		// The top's outputs may already be on node 2 (replicated to it),
		// or are fetched from a peer; either way nothing is built.
		if len(recs) != 1 || recs[0].DrvPath != top || recs[0].BuiltOn != "" || recs[0].Outputs["out"] == "" {
			t.Errorf("records %+v, want one for the top, not built", recs)
		}
		if after := c.builtCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("builds ran: before %v, after %v", before, after)
		}
	})

	t.Run("tvix cluster status", func(t *testing.T) {
		out, err := exec.Command(c.tvix, "cluster", "status", "--json", "--node", c.procs[1].Addr).Output()
		if err != nil {
			t.Fatalf("tvix cluster status: %v", err)
		}
		var st nodev1.StatusResponse
		if err := protojson.Unmarshal(out, &st); err != nil {
			t.Fatalf("%v:\n%s", err, out)
		}
		self := 0
		for _, p := range st.Peers {
			if p.Self {
				self++
				if p.PeerId != st.PeerId || p.TotalSlots != 1 {
					t.Errorf("self: %v", p)
				}
			}
		}
		if len(st.Peers) != 4 || self != 1 || st.GossipAddr == "" {
			t.Errorf("status: %d peers, %d self, gossip %q", len(st.Peers), self, st.GossipAddr)
		}
		text, err := exec.Command(c.tvix, "cluster", "status", "--node", c.procs[1].Addr).Output()
		if err != nil || !strings.Contains(string(text), st.PeerId+" (self)") {
			t.Errorf("tvix cluster status: %v\n%s", err, text)
		}
	})

	t.Run("tvix build through a node", func(t *testing.T) {
		salt := fmt.Sprintf("cli-%d", time.Now().UnixNano())
		cmd := exec.Command(c.tvix, "build", "--node", c.procs[3].Addr, "--json", "--no-out-link", "--argstr", "salt", salt, "testdata/farm_dag.nix")
		cmd.Env = append(os.Environ(), "TVIX_HOME="+t.TempDir(), "TVIX_STORE=", "TVIX_NODE=")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("tvix build: %v\n%s\n%s", err, stderr.String(), c.logs())
		}
		peers := map[string]bool{}
		for _, p := range c.status(0).Peers {
			peers[p.PeerId] = true
		}
		on := map[string]bool{}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		for _, l := range lines {
			var r struct{ DrvPath, BuiltOn string }
			if err := json.Unmarshal([]byte(l), &r); err != nil {
				t.Fatalf("%v: %q", err, l)
			}
			if !peers[r.BuiltOn] {
				t.Errorf("%s: builtOn %q is not a node of the cluster", r.DrvPath, r.BuiltOn)
			}
			on[r.BuiltOn] = true
		}
		if len(lines) != 10 || len(on) < 2 {
			t.Errorf("%d records built on %d nodes, want 10 on at least 2", len(lines), len(on))
		}
	})

	t.Run("two coordinators build once", func(t *testing.T) {
		salt := fmt.Sprintf("twice-%d", time.Now().UnixNano())
		tops := []string{c.instantiate(1, salt), c.instantiate(3, salt)}
		if tops[0] != tops[1] {
			t.Fatalf("different derivations: %v", tops)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		res := make([]map[string]*nodev1.DrvResult, 2)
		for k, i := range []int{1, 3} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res[k], errs[k] = c.build(i, tops[0])
			}()
		}
		wg.Wait()
		for k, err := range errs {
			if err != nil {
				t.Fatalf("build %d: %v\n%s", k, err, c.logs())
			}
		}
		counts := c.builtCounts()
		for k := range res {
			if len(res[k]) != 10 {
				t.Errorf("request %d: %d results, want 10", k, len(res[k]))
			}
			for d := range res[k] {
				if counts[d] != 1 {
					t.Errorf("%s built %d times", d, counts[d])
				}
			}
		}
		if t.Failed() {
			t.Log(c.logs())
		}
	})
}

// TestFarmBuilderDies kills a node while it builds a job another node's
// coordinator granted it; the build still completes.
func TestFarmBuilderDies(t *testing.T) {
	c := startFarmCluster(t, 3)
	top := c.instantiate(0, fmt.Sprintf("dies-%d", time.Now().UnixNano()), "--argstr", "sleep", "4")
	self := c.status(0).PeerId
	type result struct {
		res map[string]*nodev1.DrvResult
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := c.build(0, top)
		done <- result{res, err}
	}()
	victim := -1
	deadline := time.Now().Add(time.Minute)
	for victim < 0 {
		for i := 1; i < len(c.procs); i++ {
			for _, r := range c.status(i).Running {
				if r.Coordinator == self {
					victim = i
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no peer started a build for node 0:\n%s", c.logs())
		}
		time.Sleep(50 * time.Millisecond)
	}
	victimID := c.status(victim).PeerId
	c.procs[victim].Kill()
	c.dead[victim] = true
	r := <-done
	if r.err != nil {
		t.Fatalf("build after node %d died: %v\n%s", victim, r.err, c.logs())
	}
	for d, res := range r.res {
		if res.BuiltOn == victimID {
			t.Errorf("%s reported built on the dead node", d)
		}
	}
	if len(r.res) != 10 {
		t.Errorf("got %d results, want 10", len(r.res))
	}
}
