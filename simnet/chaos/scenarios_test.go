package chaos

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/p2pnix/tvix/internal/faults"
	"github.com/p2pnix/tvix/node/nodetest"
	"github.com/p2pnix/tvix/proto/nodev1"
	"github.com/p2pnix/tvix/store/nar/nartest"
)

// partitionOpts shape the partition scenario.
type partitionOpts struct {
	nodes int    // hosts on the LAN; the last two (the last of three) are cut off
	width int    // leaves of the tree, 2*width-1 derivations
	sleep string // seconds each leaf sleeps
}

// partition builds a tree of derivations requested at once on the first
// node and on the last, cuts the last nodes off the LAN (each alone: its
// cable pulled) once builds are under way, plugs them back once both
// sides have noticed and kept building, and checks that both requests complete with the root a clean
// run writes. Derivations built more than once count as duplicates.
func partition(t *testing.T, o partitionOpts) Row {
	c := newCluster(t, o.nodes, clusterOpts{})
	row := Row{Scenario: "partition", Trials: 1}
	minority := []int{o.nodes - 1}
	if o.nodes > 3 {
		minority = append(minority, o.nodes-2)
	}
	first, last := 0, o.nodes-1
	salt := fmt.Sprintf("partition-%d", time.Now().UnixNano())
	top := c.instantiate(first, salt, o.width, o.sleep)
	if other := c.instantiate(last, salt, o.width, o.sleep); other != top {
		t.Fatalf("the tree instantiates to %s on node %d, %s on node %d", top, first, other, last)
	}
	type result struct {
		res map[string]*nodev1.DrvResult
		err error
	}
	results := make([]chan result, o.nodes)
	for _, q := range []int{first, last} {
		results[q] = make(chan result, 1)
		go func() {
			res, err := c.build(q, top)
			results[q] <- result{res, err}
		}()
	}
	nodetest.WaitFor(t, buildTimeout, "builds under way", func() bool { return c.finished() >= o.width/4 })
	c.logf("partition: cutting %v off", minority)
	for _, i := range minority {
		c.lan.SetLink(i, false)
	}
	before := c.finished()
	nodetest.WaitFor(t, buildTimeout, "both sides notice the partition and keep building", func() bool {
		a, errA := c.status(first)
		b, errB := c.status(last)
		return errA == nil && errB == nil && len(a.Peers) == o.nodes-len(minority) &&
			len(b.Peers) == 1 && c.finished() > before
	})
	c.logf("partition: healing")
	for _, i := range minority {
		c.lan.SetLink(i, true)
	}
	for _, q := range []int{first, last} {
		r := <-results[q]
		if r.err != nil {
			t.Errorf("node %d: %v", q, r.err)
			continue
		}
		row.Builds += len(r.res)
		c.checkRoot(q, top, r.res, salt, o.width)
	}
	for _, n := range c.builtCounts() {
		if n > 1 {
			row.Duplicates += n - 1
		}
	}
	c.waitMembers()
	for i := range o.nodes {
		_, probs := c.verify(i)
		row.Corrupt += probs
	}
	return row
}

// killOpts shape the kill scenario.
type killOpts struct {
	nodes   int   // hosts on the LAN
	rounds  int   // rounds of work and kills
	victims int   // nodes killed per round
	width   int   // leaves of each round's tree
	ingest  int64 // bytes of each round's ingest
}

// kill runs rounds in which one node requests a tree of builds, another
// ingests a tree of files, a third fetches a path stored earlier, and
// victims nodes other than the requester are killed with SIGKILL while
// that runs: one running a build, one that built an input of the round
// (so that both copies of it may die, and it must be built again), the
// ingesting one, the fetching one, or another. Each victim's store is
// verified offline before it restarts; every build must complete; at the
// end every path whose ingest succeeded must still be found in the
// cluster.
func kill(t *testing.T, o killOpts) Row {
	c := newCluster(t, o.nodes, clusterOpts{})
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 17))
	row := Row{Scenario: "kill -9"}
	var stored []string
	for r := range o.rounds {
		q := r % o.nodes
		salt := fmt.Sprintf("kill-%d-%d", r, time.Now().UnixNano())
		top := c.instantiate(q, salt, o.width, "0.2")
		type result struct {
			res map[string]*nodev1.DrvResult
			err error
		}
		built := make(chan result, 1)
		go func() {
			res, err := c.build(q, top)
			built <- result{res, err}
		}()
		var others []int
		for _, i := range rng.Perm(o.nodes) {
			if i != q {
				others = append(others, i)
			}
		}
		ingester, fetcher := others[0], others[1%len(others)]
		start := time.Now()
		tree := filepath.Join(t.TempDir(), "tree")
		if err := nartest.WriteRandom(tree, rng.Uint64(), o.ingest, o.ingest/4); err != nil {
			t.Fatal(err)
		}
		ingested := make(chan string, 1)
		go func() {
			out, _, err := c.tvixCmd(ingester, "store", "add", tree)
			if err != nil {
				out = ""
			}
			ingested <- strings.TrimSpace(out)
		}()
		fetched := make(chan struct{})
		var old string
		if len(stored) > 0 {
			old = stored[rng.IntN(len(stored))]
		}
		go func() {
			defer close(fetched)
			if old != "" {
				c.tvixCmd(fetcher, "store", "fetch", old)
			}
		}()
		// When the faults land: at a random point of the round's work.
		time.Sleep(time.Duration(rng.IntN(800)) * time.Millisecond)
		var victims []int
		for len(victims) < o.victims {
			v := others[rng.IntN(len(others))]
			switch rng.IntN(5) {
			case 0:
				v = c.builderFor(q, others)
			case 1:
				v = ingester
			case 2:
				v = fetcher
			case 3:
				v = c.holderFor(q, others, start, rng)
			}
			if v >= 0 && c.up[v] {
				c.kill(v)
				victims = append(victims, v)
				row.Trials++
			}
		}
		c.logf("kill: round %d: killed %v", r, victims)
		res := <-built
		if res.err != nil {
			t.Errorf("round %d: killing %v: %v", r, victims, res.err)
		} else {
			row.Builds += len(res.res)
			c.checkRoot(q, top, res.res, salt, o.width)
		}
		if p := <-ingested; p != "" {
			stored = append(stored, p)
		}
		<-fetched
		for _, v := range victims {
			_, probs := c.verify(v)
			row.Corrupt += probs
			c.start(v)
		}
		c.waitMembers()
		c.logf("kill: round %d: restarted %v", r, victims)
	}
	for k, p := range stored {
		i := k % o.nodes
		if _, stderr, err := c.tvixCmd(i, "store", "fetch", p); err != nil {
			t.Errorf("node %d: %s is lost: %v: %s", i, p, err, stderr)
			row.Lost++
		}
	}
	for i := range o.nodes {
		_, probs := c.verify(i)
		row.Corrupt += probs
	}
	return row
}

// builderFor returns a live node of candidates running a build for
// requester q, or -1 when none is.
func (c *cluster) builderFor(q int, candidates []int) int {
	nodes := c.nodesFor(q, candidates, func(coord string, s *nodev1.StatusResponse) bool {
		for _, r := range s.Running {
			if r.Coordinator == coord {
				return true
			}
		}
		return false
	})
	if len(nodes) == 0 {
		return -1
	}
	return nodes[0]
}

// holderFor returns a live node of candidates, picked with rng among
// those that built a derivation for requester q since start, or -1 when
// none did.
func (c *cluster) holderFor(q int, candidates []int, start time.Time, rng *rand.Rand) int {
	nodes := c.nodesFor(q, candidates, func(coord string, s *nodev1.StatusResponse) bool {
		for _, f := range s.Finished {
			if f.Coordinator == coord && f.Built && f.Error == "" && f.StartedUnixUs >= start.UnixMicro() {
				return true
			}
		}
		return false
	})
	if len(nodes) == 0 {
		return -1
	}
	return nodes[rng.IntN(len(nodes))]
}

// nodesFor returns the live nodes of candidates whose status match
// accepts, given requester q's peer ID.
func (c *cluster) nodesFor(q int, candidates []int, match func(coord string, s *nodev1.StatusResponse) bool) []int {
	st, err := c.status(q)
	if err != nil {
		return nil
	}
	var nodes []int
	for _, i := range candidates {
		if !c.up[i] {
			continue
		}
		if s, err := c.status(i); err == nil && match(st.PeerId, s) {
			nodes = append(nodes, i)
		}
	}
	return nodes
}

// fullDiskOpts shape the full-disk scenario.
type fullDiskOpts struct {
	size   string // the full node's tmpfs, as mount's size=
	ingest int64  // bytes of the tree too large for it
}

// fullDisk runs three nodes, the last on a small tmpfs, each wanting
// every path on all three. The full node first stores a small path, then
// is asked to ingest a tree larger than its disk, to fetch one, and is
// sent one by replication: each fails with a clear error and the node
// keeps serving the small path; its store verifies clean (offline, once
// it stopped), and after a restart it stores a small path again.
func fullDisk(t *testing.T, o fullDiskOpts) Row {
	const full = 2
	c := newCluster(t, 3, clusterOpts{
		args:  func(int) []string { return []string{"--replicas", "3"} },
		tmpfs: map[int]string{full: o.size},
	})
	row := Row{Scenario: "full disk"}
	tree := func(name string, seed uint64, size int64) string {
		p := filepath.Join(t.TempDir(), name)
		if err := nartest.WriteRandom(p, seed, size, size/4); err != nil {
			t.Fatal(err)
		}
		return p
	}
	add := func(i int, dir string) (string, string, error) {
		out, stderr, err := c.tvixCmd(i, "store", "add", dir)
		return strings.TrimSpace(out), stderr, err
	}
	small, stderr, err := add(full, tree("small", 1, 256<<10))
	if err != nil {
		t.Fatalf("small add on the full node: %v: %s", err, stderr)
	}
	want, _, err := c.tvixCmd(full, "store", "dump", small)
	if err != nil {
		t.Fatal(err)
	}
	stillServes := func(what string) {
		t.Helper()
		got, stderr, err := c.tvixCmd(full, "store", "dump", small)
		if err != nil || got != want {
			t.Errorf("after %s the full node no longer serves %s: %v: %s", what, small, err, stderr)
			row.Lost++
		}
	}
	clearError := func(what, stderr string, err error) {
		t.Helper()
		row.Trials++
		if err == nil {
			t.Errorf("%s on the full node succeeded", what)
			return
		}
		if msg := strings.TrimSpace(stderr); !strings.Contains(msg, "no space left on device") || strings.Count(msg, "\n") > 0 {
			t.Errorf("%s on the full node: want one line saying the disk is full, got:\n%s", what, msg)
		}
		c.logf("full disk: %s: %s", what, strings.TrimSpace(stderr))
	}

	_, stderr, err = add(full, tree("big", 2, o.ingest))
	clearError("ingest", stderr, err)
	stillServes("a failed ingest")

	big, stderr, err := add(0, tree("big0", 3, o.ingest))
	if err != nil {
		t.Fatalf("add on node 0: %v: %s", err, stderr)
	}
	_, stderr, err = c.tvixCmd(full, "store", "fetch", big)
	clearError("fetch", stderr, err)
	stillServes("a failed fetch")

	row.Trials++
	nodetest.WaitFor(t, cmdTimeout, "node 0 gives up replicating to the full node", func() bool {
		return strings.Contains(c.procs[0].Log(), "of 2 replicas")
	})
	stillServes("a failed replication")

	// A failed pack write stops the local store taking anything until
	// the node restarts (store/localstore's packs keep the first write
	// error); the campaign logs it and checks the restart recovers.
	if _, stderr, err := add(full, tree("small2", 4, 64<<10)); err != nil {
		c.logf("full disk: the full node stores nothing more until it restarts: %s", strings.TrimSpace(stderr))
	}
	c.procs[full].Stop()
	c.up[full] = false
	_, probs := c.verify(full)
	row.Corrupt += probs
	c.start(full)
	c.waitMembers()
	stillServes("a restart")
	if _, stderr, err := add(full, tree("small3", 5, 64<<10)); err != nil {
		t.Errorf("the full node stores nothing after a restart: %v: %s", err, stderr)
	}
	_, probs = c.verify(full)
	row.Corrupt += probs
	return row
}

// clockOpts shape the clock-jump scenario.
type clockOpts struct {
	nodes int    // hosts on the LAN; node 0's clock jumps
	width int    // leaves of the tree (a power of two), 2*width-1 derivations
	sleep string // seconds each leaf sleeps
	steps string // the steps of node 0's wall clock, e.g. "1h,-2h"
}

// clockJump has node 0, built with faults, request a tree of builds and
// steps its wall clock (internal/faults, as NTP stepping the host's clock
// would) by each of steps while they run. Every build completes with the
// root a clean run writes; no derivation is built twice unless a lease
// expired; no node ever drops out of another's membership; and afterwards
// node 0 still fetches from the others and serves them what it stores.
func clockJump(t *testing.T, o clockOpts) Row {
	const jumper = 0
	c := newCluster(t, o.nodes, clusterOpts{faults: map[int][]string{
		jumper: {"TVIX_FAULTS=" + faults.ClockStep, faults.ClockStepsVar + "=" + o.steps},
	}})
	row := Row{Scenario: "clock jump"}
	salt := fmt.Sprintf("clock-%d", time.Now().UnixNano())
	top := c.instantiate(jumper, salt, o.width, o.sleep)
	type result struct {
		res map[string]*nodev1.DrvResult
		err error
	}
	built := make(chan result, 1)
	var over atomic.Bool
	go func() {
		res, err := c.build(jumper, top)
		over.Store(true)
		built <- result{res, err}
	}()
	// Membership is watched until the builds are over.
	watchDone, watched := make(chan struct{}), make(chan string, 1)
	go func() {
		defer close(watched)
		for {
			for i := range o.nodes {
				if st, err := c.status(i); err == nil && len(st.Peers) != o.nodes {
					watched <- fmt.Sprintf("node %d sees %d members of %d", i, len(st.Peers), o.nodes)
					return
				}
			}
			select {
			case <-watchDone:
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()
	for k, step := range strings.Split(o.steps, ",") {
		at := c.finished() + max(1, o.width/4) // a share of the builds between steps
		nodetest.WaitFor(t, buildTimeout, "builds under way", func() bool { return c.finished() >= at || over.Load() })
		if over.Load() {
			t.Fatalf("the builds were over before step %d of the clock", k+1)
		}
		if err := c.procs[jumper].Cmd.Process.Signal(syscall.SIGUSR2); err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("wall clock stepped by %v", mustDuration(t, step))
		nodetest.WaitFor(t, cmdTimeout, want, func() bool { return strings.Count(c.procs[jumper].Log(), "wall clock stepped") > k })
		if !strings.Contains(c.procs[jumper].Log(), want) {
			t.Fatalf("node %d did not log %q", jumper, want)
		}
		row.Trials++
		c.logf("clock jump: node %d's wall clock stepped by %s", jumper, step)
	}
	r := <-built
	close(watchDone)
	if msg, ok := <-watched; ok {
		t.Errorf("membership broke during the clock jumps: %s", msg)
	}
	if r.err != nil {
		t.Fatalf("the build on node %d: %v", jumper, r.err)
	}
	row.Builds = len(r.res)
	c.checkRoot(jumper, top, r.res, salt, o.width)
	for _, n := range c.builtCounts() {
		if n > 1 {
			row.Duplicates += n - 1
		}
	}
	expired := strings.Count(c.procs[jumper].Log(), "lease expired")
	c.logf("clock jump: %d duplicate builds, %d leases expired", row.Duplicates, expired)
	if row.Duplicates > expired {
		t.Errorf("%d derivations built more than once, %d leases expired", row.Duplicates, expired)
	}
	// Node 0 still fetches and serves.
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 23))
	for _, pair := range [][2]int{{1, jumper}, {jumper, o.nodes - 1}} {
		from, to := pair[0], pair[1]
		tree := filepath.Join(t.TempDir(), "tree")
		if err := nartest.WriteRandom(tree, rng.Uint64(), 1<<20, 256<<10); err != nil {
			t.Fatal(err)
		}
		out, stderr, err := c.tvixCmd(from, "store", "add", tree)
		if err != nil {
			t.Fatalf("add on node %d: %v: %s", from, err, stderr)
		}
		p := strings.TrimSpace(out)
		if _, stderr, err := c.tvixCmd(to, "store", "fetch", p); err != nil {
			t.Errorf("node %d fetching %s from node %d after the clock jumps: %v: %s", to, p, from, err, stderr)
			row.Lost++
		}
	}
	c.waitMembers()
	for i := range o.nodes {
		_, probs := c.verify(i)
		row.Corrupt += probs
	}
	return row
}

func mustDuration(t *testing.T, s string) time.Duration {
	t.Helper()
	d, err := time.ParseDuration(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
