package chaos

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/node/nodeclient"
	"github.com/p2pnix/tvix/node/nodetest"
	"github.com/p2pnix/tvix/proto/nodev1"
)

// Bounds of the harness's waits.
const (
	buildTimeout = 5 * time.Minute  // one build request
	joinTimeout  = 60 * time.Second // a (re)started node meets the others
	cmdTimeout   = 2 * time.Minute  // one tvix command
)

func TestMain(m *testing.M) { nodetest.Main(m) }

// binaries builds tvix-node, tvix-sandbox beside it, and tvix, once per
// test binary.
func binaries(t testing.TB) (node, tvix string) {
	t.Helper()
	binDir := nodetest.BinDir(t)
	node = nodetest.Build(t, nodetest.NodePackage, binDir)
	nodetest.Build(t, "github.com/p2pnix/tvix/cmd/tvix-sandbox", binDir)
	tvix = nodetest.Build(t, "github.com/p2pnix/tvix/cmd/tvix", binDir)
	return node, tvix
}

// faultsNode builds tvix-node with the build tag faults (internal/faults)
// as tvix-node-faults beside tvix-node, once per test binary.
func faultsNode(t testing.TB) string {
	t.Helper()
	binaries(t)
	faultsOnce.Do(func() {
		faultsBin = filepath.Join(nodetest.BinDir(t), "tvix-node-faults")
		out, err := exec.Command("go", "build", "-tags", "faults", "-o", faultsBin, nodetest.NodePackage).CombinedOutput()
		if err != nil {
			faultsErr = fmt.Errorf("go build -tags faults: %v: %s", err, out)
		}
	})
	if faultsErr != nil {
		t.Fatal(faultsErr)
	}
	return faultsBin
}

var (
	faultsOnce sync.Once
	faultsBin  string
	faultsErr  error
)

// cluster is n tvix-node processes, one per host of a LAN of network
// namespaces, sharing a PSK, with one build slot each. The test talks to
// each node through its unix socket, which every namespace can reach.
type cluster struct {
	t         testing.TB
	lan       *nodetest.LAN
	bin, tvix string
	psk       string
	dirs      []string
	procs     []*nodetest.Proc
	up        []bool
	// args adds flags to node i's command line; may be nil.
	args func(i int) []string
	// faults is the environment of the nodes that run tvix-node-faults.
	faults map[int][]string
}

// clusterOpts shape a cluster beyond its size.
type clusterOpts struct {
	// args adds flags to node i's command line; may be nil.
	args func(i int) []string
	// tmpfs gives the nodes whose data directory is a tmpfs of that size
	// (mount's size=, e.g. "48m").
	tmpfs map[int]string
	// faults gives the nodes that run tvix-node built with faults, with
	// the environment that switches them on (TVIX_FAULTS=...).
	faults map[int][]string
}

func newCluster(t testing.TB, n int, o clusterOpts) *cluster {
	t.Helper()
	nixtest.RequireRoot(t)
	if _, err := os.Stat("/usr/bin/busybox"); err != nil {
		nixtest.Unavailable(t, "busybox-static not installed (make deps)")
	}
	c := &cluster{t: t, lan: nodetest.NewLAN(t, n), args: o.args, faults: o.faults}
	c.bin, c.tvix = binaries(t)
	dir := t.TempDir()
	c.psk = filepath.Join(dir, "swarm.key")
	out, err := exec.Command(c.tvix, "cluster", "new-psk").Output()
	if err != nil {
		t.Fatalf("new-psk: %v", err)
	}
	if err := os.WriteFile(c.psk, out, 0o600); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		c.dirs = append(c.dirs, filepath.Join(dir, fmt.Sprintf("n%d", i)))
		if size, ok := o.tmpfs[i]; ok {
			mountTmpfs(t, c.dirs[i], size)
		}
		c.procs = append(c.procs, nil)
		c.up = append(c.up, false)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("%s", c.logs())
		}
	})
	for i := range n {
		c.start(i)
	}
	c.waitMembers()
	c.logf("cluster of %d nodes up", n)
	return c
}

// mountTmpfs mounts a tmpfs of size on dir, a new directory, until the
// end of the test.
func mountTmpfs(t testing.TB, dir, size string) {
	t.Helper()
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Fatalf("mount tmpfs on %s: %v: %s", dir, err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
}

// sock is node i's unix socket, its API address for the test.
func (c *cluster) sock(i int) string { return tvixhome.Dir(c.dirs[i]).NodeSocket() }

// start starts node i in its namespace, joining the first live node.
func (c *cluster) start(i int) {
	c.t.Helper()
	bin, env := c.bin, []string(nil)
	if e, ok := c.faults[i]; ok {
		bin, env = faultsNode(c.t), e
	}
	argv := []string{bin, "--data-dir", c.dirs[i], "--api-listen", c.lan.Addr(i) + ":7400",
		"--psk-file", c.psk, "--max-builds", "1"}
	for j := range c.procs {
		if j != i && c.up[j] {
			argv = append(argv, "--join", c.sock(j))
			break
		}
	}
	if c.args != nil {
		argv = append(argv, c.args(i)...)
	}
	c.procs[i] = nodetest.Start(c.t, c.dirs[i], env, c.lan.Exec(i, argv...)...)
	c.up[i] = true
}

// kill kills node i with SIGKILL.
func (c *cluster) kill(i int) {
	c.procs[i].Kill()
	c.up[i] = false
}

// live lists the running nodes.
func (c *cluster) live() []int {
	var l []int
	for i, u := range c.up {
		if u {
			l = append(l, i)
		}
	}
	return l
}

// waitMembers waits until every live node sees every other live node
// as a gossip member and a connected libp2p peer.
func (c *cluster) waitMembers() {
	c.t.Helper()
	live := c.live()
	nodetest.WaitFor(c.t, joinTimeout, "every live node sees the others", func() bool {
		for _, i := range live {
			st, err := c.status(i)
			if err != nil || len(st.Peers) != len(live) {
				return false
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			b, err := nodeclient.Get(ctx, c.sock(i), nodeclient.PeersPath)
			cancel()
			var peers []nodeclient.PeerInfo
			if err != nil || json.Unmarshal(b, &peers) != nil || len(peers) < len(live)-1 {
				return false
			}
		}
		return true
	})
}

func (c *cluster) status(i int) (*nodev1.StatusResponse, error) {
	bc, err := nodeclient.DialBuildClient(c.sock(i))
	if err != nil {
		return nil, err
	}
	defer bc.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return bc.Status(ctx)
}

// tvixCmd runs tvix with args against node i (or with no node when i <
// 0), bounded by cmdTimeout.
func (c *cluster) tvixCmd(i int, args ...string) (string, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.tvix, args...)
	cmd.Env = append(os.Environ(), "TVIX_STORE=", "TVIX_NODE=", "TVIX_HOME="+c.t.TempDir())
	if i >= 0 {
		cmd.Env = append(cmd.Env, "TVIX_NODE="+c.sock(i))
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.String(), stderr.String(), err
}

// instantiate writes the tree of testdata/dag.nix into node i's store
// and returns its root .drv.
func (c *cluster) instantiate(i int, salt string, width int, sleep string) string {
	c.t.Helper()
	out, stderr, err := c.tvixCmd(i, "instantiate", "--argstr", "salt", salt, "--arg", "width", strconv.Itoa(width),
		"--argstr", "sleep", sleep, "testdata/dag.nix")
	if err != nil {
		c.t.Fatalf("tvix instantiate: %v\n%s", err, stderr)
	}
	return strings.TrimSpace(out)
}

// build asks node i to build drv and returns the results by derivation.
func (c *cluster) build(i int, drv string) (map[string]*nodev1.DrvResult, error) {
	bc, err := nodeclient.DialBuildClient(c.sock(i))
	if err != nil {
		return nil, err
	}
	defer bc.Close()
	ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
	defer cancel()
	res := map[string]*nodev1.DrvResult{}
	done, err := bc.Build(ctx, &nodev1.BuildRequest{DrvPaths: []string{drv}, KeepGoing: true}, func(ev *nodev1.BuildEvent) error {
		if r := ev.GetResult(); r != nil {
			res[r.DrvPath] = r
		}
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("build on node %d: %w", i, err)
	}
	if done.Failed > 0 {
		return res, fmt.Errorf("build on node %d: %d failed: %s", i, done.Failed, res[drv].GetError())
	}
	return res, nil
}

// finished counts the builds the live nodes finished.
func (c *cluster) finished() int {
	n := 0
	for _, i := range c.live() {
		if st, err := c.status(i); err == nil {
			n += len(st.Finished)
		}
	}
	return n
}

// builtCounts counts, over the live nodes, how often each derivation was
// really built (outputs produced, not found).
func (c *cluster) builtCounts() map[string]int {
	counts := map[string]int{}
	for _, i := range c.live() {
		st, err := c.status(i)
		if err != nil {
			c.t.Fatalf("status of node %d: %v", i, err)
		}
		for _, f := range st.Finished {
			if f.Built && f.Error == "" {
				counts[f.DrvPath]++
			}
		}
	}
	return counts
}

var verifyProblems = regexp.MustCompile(`(\d+) store paths: (\d+) problems`)

// verify runs `tvix store verify --all` on node i's store: offline on
// its data directory when the node is down, through its API when it is
// up. It returns the number of store paths and of problems.
func (c *cluster) verify(i int) (paths, problems int) {
	c.t.Helper()
	var out, stderr string
	var err error
	if c.up[i] {
		out, stderr, err = c.tvixCmd(i, "store", "verify", "--all")
	} else {
		out, stderr, err = c.tvixCmd(-1, "--store", "local:"+tvixhome.Dir(c.dirs[i]).Store(), "store", "verify", "--all")
	}
	m := verifyProblems.FindStringSubmatch(out)
	if m == nil {
		c.t.Fatalf("verify node %d: %v: %s%s", i, err, out, stderr)
	}
	paths, _ = strconv.Atoi(m[1])
	problems, _ = strconv.Atoi(m[2])
	if problems > 0 {
		c.t.Errorf("verify node %d: %s%s", i, out, stderr)
	}
	return paths, problems
}

// rootOutput is the text the root of a tree of width leaves with salt
// writes to $out/all.
func rootOutput(salt string, width int) string {
	var b strings.Builder
	for i := range width {
		fmt.Fprintf(&b, "leaf %d %s\n", i, salt)
	}
	return b.String()
}

// checkRoot checks, through node i, the root output of res against
// rootOutput.
func (c *cluster) checkRoot(i int, drv string, res map[string]*nodev1.DrvResult, salt string, width int) {
	c.t.Helper()
	out := res[drv].GetOutputs()["out"]
	if out == "" {
		c.t.Fatalf("no output for %s: %v", drv, res[drv])
	}
	got, stderr, err := c.tvixCmd(i, "store", "cat", out+"/all")
	if err != nil {
		c.t.Fatalf("node %d: cat %s/all: %v: %s", i, out, err, stderr)
	}
	if want := rootOutput(salt, width); got != want {
		c.t.Errorf("node %d: %s/all differs from a clean run's:\n%s\nwant:\n%s", i, out, got, want)
	}
}

// logf logs a step of the scenario with the time, to read its pace.
func (c *cluster) logf(format string, args ...any) {
	c.t.Helper()
	c.t.Logf("%s "+format, append([]any{time.Now().Format("15:04:05.000")}, args...)...)
}

func (c *cluster) logs() string {
	var b strings.Builder
	for i, p := range c.procs {
		if p != nil {
			fmt.Fprintf(&b, "--- node %d:\n%s", i, p.Log())
		}
	}
	return b.String()
}
