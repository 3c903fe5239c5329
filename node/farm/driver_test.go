package farm

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/node/coordinator"
	"github.com/p2pnix/tvix/node/gossip"
)

// fakeFarms runs Farm drivers in-process over gossip's in-memory network,
// with a fake store (which node holds which output) and fake builds, so
// that the driver's message flow is tested without root or sandboxes.
type fakeFarms struct {
	t     *testing.T
	net   *gossip.MemNetwork
	farms []*Farm
	graph map[string]coordinator.Job

	mu     sync.Mutex
	holds  map[string]map[string]bool // output -> nodes holding it
	builds map[string][]string        // drv -> nodes that built it
	// block, when set for a node, makes its builds wait until cancelled.
	block map[string]bool
	// fail makes the builds of these derivations fail deterministically.
	fail map[string]bool
	// ghosts are outputs a lookup finds at a node that is gone: the first
	// lookup reports them there, and then nobody holds them.
	ghosts map[string]bool
	// started receives the node and derivation of every build start.
	started chan [2]string
}

// fakeGraph is leaves leaf-0..leaf-(n-1) and a top reading them all.
func fakeGraph(salt string, n int) (map[string]coordinator.Job, string) {
	g := map[string]coordinator.Job{}
	top := coordinator.Job{Drv: "/nix/store/top-" + salt + ".drv", Outputs: []string{"/nix/store/top-" + salt}, System: "x86_64-linux"}
	for i := range n {
		j := coordinator.Job{Drv: fmt.Sprintf("/nix/store/leaf-%s-%d.drv", salt, i), Outputs: []string{fmt.Sprintf("/nix/store/leaf-%s-%d", salt, i)}, System: "x86_64-linux"}
		g[j.Drv] = j
		top.Inputs = append(top.Inputs, j.Drv)
	}
	g[top.Drv] = top
	return g, top.Drv
}

func newFakeFarms(t *testing.T, slots ...int) *fakeFarms {
	n := len(slots)
	net := gossip.NewMemNetwork(1)
	ff := &fakeFarms{t: t, net: net, graph: map[string]coordinator.Job{}, holds: map[string]map[string]bool{}, builds: map[string][]string{}, block: map[string]bool{}, fail: map[string]bool{}, ghosts: map[string]bool{}, started: make(chan [2]string, 100)}
	for i := range n {
		self := fmt.Sprintf("p%d", i)
		f, err := New(Config{
			Self: self, APIAddr: "127.0.0.1:1", Systems: []string{"x86_64-linux"}, Slots: slots[i], KeyName: "k" + self,
			Logger: slog.New(slog.NewTextHandler(tLog{t, self}, &slog.HandlerOptions{Level: slog.LevelDebug})), Transport: net.NewTransport(),
		}, ff.deps(self))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		if i > 0 {
			if err := f.Join([]string{ff.farms[0].GossipAddr()}); err != nil {
				t.Fatal(err)
			}
		}
		ff.farms = append(ff.farms, f)
	}
	deadline := time.Now().Add(10 * time.Second)
	for _, f := range ff.farms {
		for f.g.NumMembers() < n || len(f.coord.Config().Systems) == 0 {
			if time.Now().After(deadline) {
				t.Fatalf("%s sees %d members, want %d", f.cfg.Self, f.g.NumMembers(), n)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	// Wait until the joins have reached the drivers' coordinators.
	for _, f := range ff.farms {
		for coordPeers(f) < n-1 {
			if time.Now().After(deadline) {
				t.Fatalf("%s's coordinator knows %d peers, want %d", f.cfg.Self, coordPeers(f), n-1)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	return ff
}

// coordPeers asks f's driver loop how many peers its coordinator knows.
func coordPeers(f *Farm) int {
	got := make(chan int, 1)
	f.do(func() { got <- f.coord.NumPeers() })
	select {
	case k := <-got:
		return k
	case <-f.done:
		return -1
	}
}

func (ff *fakeFarms) deps(self string) Deps {
	return Deps{
		Lookup: func(ctx context.Context, outputs []string) (bool, string, error) {
			ff.mu.Lock()
			defer ff.mu.Unlock()
			at := ""
			local := true
			for _, o := range outputs {
				if ff.ghosts[o] {
					delete(ff.ghosts, o)
					return false, "ghost", nil
				}
				if !ff.holds[o][self] {
					local = false
				}
				for n := range ff.holds[o] {
					at = n
				}
				if len(ff.holds[o]) == 0 {
					return false, "", nil
				}
			}
			if local {
				return true, "", nil
			}
			return false, at, nil
		},
		Fetch: func(ctx context.Context, outputs []string) error {
			ff.mu.Lock()
			defer ff.mu.Unlock()
			for _, o := range outputs {
				if len(ff.holds[o]) == 0 {
					return fmt.Errorf("%s: nobody has it", o)
				}
				ff.holds[o][self] = true
			}
			return nil
		},
		Build: func(ctx context.Context, drv string, _ coordinator.Limits, log func([]byte)) (bool, error) {
			ff.started <- [2]string{self, drv}
			ff.mu.Lock()
			block, fail := ff.block[self], ff.fail[drv]
			ff.mu.Unlock()
			if fail {
				ff.mu.Lock()
				ff.builds[drv] = append(ff.builds[drv], self+" (failed)")
				ff.mu.Unlock()
				return false, builder.Failed(builder.ExitStatus, "failed with exit code 1")
			}
			if in := ff.unavailableInput(drv); in != "" {
				ff.mu.Lock()
				ff.builds[drv] = append(ff.builds[drv], self+" (no input)")
				ff.mu.Unlock()
				return false, fmt.Errorf("building '%s': no provider of %s", drv, in)
			}
			log([]byte("building " + drv))
			if block {
				<-ctx.Done()
				return false, ctx.Err()
			}
			select {
			case <-time.After(30 * time.Millisecond):
			case <-ctx.Done():
				return false, ctx.Err()
			}
			ff.mu.Lock()
			defer ff.mu.Unlock()
			ff.builds[drv] = append(ff.builds[drv], self)
			for _, o := range ff.graph[drv].Outputs {
				if ff.holds[o] == nil {
					ff.holds[o] = map[string]bool{}
				}
				ff.holds[o][self] = true
			}
			return true, nil
		},
		MissingInput: func(ctx context.Context, drv string) (string, error) { return ff.unavailableInput(drv), nil },
		Published:    func(ctx context.Context) error { return nil },
		LoadJobs: func(ctx context.Context, roots []string) ([]coordinator.Job, map[string]string, error) {
			ff.mu.Lock()
			defer ff.mu.Unlock()
			var jobs []coordinator.Job
			names := map[string]string{}
			for _, j := range ff.graph {
				jobs = append(jobs, j)
				for _, o := range j.Outputs {
					names[o] = "out"
				}
			}
			return jobs, names, nil
		},
	}
}

// unavailableInput returns an input of drv whose outputs nobody holds.
func (ff *fakeFarms) unavailableInput(drv string) string {
	ff.mu.Lock()
	defer ff.mu.Unlock()
	for _, in := range ff.graph[drv].Inputs {
		for _, o := range ff.graph[in].Outputs {
			if len(ff.holds[o]) == 0 {
				return in
			}
		}
	}
	return ""
}

func (ff *fakeFarms) setGraph(g map[string]coordinator.Job) {
	ff.mu.Lock()
	ff.graph = g
	ff.mu.Unlock()
}

// build asks farm i for drv and collects the stream.
func (ff *fakeFarms) build(i int, drv string) (map[string]*Result, int, []LogLine) {
	ff.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	events, err := ff.farms[i].Build(ctx, []string{drv}, true, coordinator.Limits{})
	if err != nil {
		ff.t.Fatal(err)
	}
	res := map[string]*Result{}
	var logs []LogLine
	for ev := range events {
		switch {
		case ev.Result != nil:
			res[ev.Result.Drv] = ev.Result
		case ev.Log != nil:
			logs = append(logs, *ev.Log)
		case ev.Done != nil:
			return res, *ev.Done, logs
		}
	}
	ff.t.Fatalf("build of %s on farm %d: stream ended without Done (%d results)", drv, i, len(res))
	return nil, 0, nil
}

func TestFarmDriverSpreadsAndSubstitutes(t *testing.T) {
	ff := newFakeFarms(t, 1, 1, 1)
	g, top := fakeGraph("a", 6)
	ff.setGraph(g)
	res, failed, logs := ff.build(0, top)
	if failed != 0 {
		t.Fatalf("%d failed: %v", failed, res[top])
	}
	if len(res) != 7 {
		t.Errorf("%d results, want 7", len(res))
	}
	on := map[string]bool{}
	for d, r := range res {
		if r.BuiltOn == "" {
			t.Errorf("%s: not built", d)
		}
		on[r.BuiltOn] = true
	}
	if len(on) < 2 {
		t.Errorf("built only on %v", on)
	}
	ff.mu.Lock()
	for d, by := range ff.builds {
		if len(by) != 1 {
			t.Errorf("%s built by %v", d, by)
		}
	}
	if !ff.holds[g[top].Outputs[0]]["p0"] {
		t.Errorf("the top's output was not fetched to p0")
	}
	ff.mu.Unlock()
	remoteLog := false
	for _, l := range logs {
		if l.Peer != "p0" {
			remoteLog = true
		}
	}
	if !remoteLog {
		t.Errorf("no log line of a remote build reached the request (%d lines)", len(logs))
	}

	// Another node asking for the same graph builds nothing.
	res, failed, _ = ff.build(2, top)
	if failed != 0 || res[top] == nil || res[top].BuiltOn != "" {
		t.Errorf("second build: %d failed, top %+v", failed, res[top])
	}
	ff.mu.Lock()
	n := 0
	for _, by := range ff.builds {
		n += len(by)
	}
	ff.mu.Unlock()
	if n != 7 {
		t.Errorf("%d builds after the second request, want 7", n)
	}
	s := ff.farms[0].Snapshot()
	if len(s.Peers) != 3 || s.Self != "p0" {
		t.Errorf("snapshot: self %q, %d peers", s.Self, len(s.Peers))
	}
}

// TestFarmDriverBuilderDies crashes the peer building the only job; the
// job goes to the other peer.
func TestFarmDriverBuilderDies(t *testing.T) {
	ff := newFakeFarms(t, 0, 1, 1) // the coordinator p0 does not build
	g, top := fakeGraph("dies", 1)
	ff.setGraph(g)
	ff.mu.Lock()
	ff.block["p1"], ff.block["p2"] = true, true
	ff.mu.Unlock()
	done := make(chan int, 1)
	go func() {
		_, failed, _ := ff.build(0, top)
		done <- failed
	}()
	var s [2]string
	select {
	case s = <-ff.started:
	case <-time.After(20 * time.Second):
		t.Fatal("no build started")
	}
	victim, other := 1, 2
	if s[0] == "p2" {
		victim, other = 2, 1
	}
	ff.mu.Lock()
	ff.block[fmt.Sprintf("p%d", other)] = false
	ff.mu.Unlock()
	ff.farms[victim].g.Shutdown() // a crash: nobody is told
	ff.farms[victim].cancel()
	select {
	case failed := <-done:
		if failed != 0 {
			t.Fatalf("%d failed", failed)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the build did not finish after its builder died")
	}
	ff.mu.Lock()
	defer ff.mu.Unlock()
	for d, by := range ff.builds {
		if len(by) != 1 || by[0] != fmt.Sprintf("p%d", other) {
			t.Errorf("%s built by %v, want p%d", d, by, other)
		}
	}
}

// TestFarmDriverDeterministicFailure: a build that fails deterministically
// is not retried, and the root that needs it is reported failed.
func TestFarmDriverDeterministicFailure(t *testing.T) {
	ff := newFakeFarms(t, 1, 1)
	g, top := fakeGraph("fail", 2)
	ff.setGraph(g)
	bad := g[top].Inputs[1]
	ff.mu.Lock()
	ff.fail[bad] = true
	ff.mu.Unlock()
	res, failed, _ := ff.build(0, top)
	if failed != 1 {
		t.Fatalf("%d roots failed, want 1", failed)
	}
	if r := res[top]; r == nil || !strings.Contains(r.Err, "exit code 1") {
		t.Errorf("top: %+v, want the leaf's failure", r)
	}
	ff.mu.Lock()
	defer ff.mu.Unlock()
	if n := len(ff.builds[bad]); n != 1 {
		t.Errorf("the failing leaf ran %d times, want once", n)
	}
	if n := len(ff.builds[top]); n != 0 {
		t.Errorf("the top ran %d times", n)
	}
}

// TestFarmDriverRebuildsLostInput: a lookup finds an input at a node
// that is gone; the builder of its user names it missing, and the input
// is built again rather than the user failing.
func TestFarmDriverRebuildsLostInput(t *testing.T) {
	ff := newFakeFarms(t, 0, 1, 1)
	g, top := fakeGraph("lost", 1)
	ff.setGraph(g)
	leaf := g[top].Inputs[0]
	ff.mu.Lock()
	ff.ghosts[g[leaf].Outputs[0]] = true
	ff.mu.Unlock()
	res, failed, _ := ff.build(0, top)
	if failed != 0 {
		t.Fatalf("%d failed: %+v", failed, res[top])
	}
	ff.mu.Lock()
	defer ff.mu.Unlock()
	if by := ff.builds[leaf]; len(by) != 1 {
		t.Errorf("the lost input was built by %v, want once", by)
	}
	if by := ff.builds[top]; len(by) != 2 || !strings.HasSuffix(by[0], "(no input)") {
		t.Errorf("the top was built by %v, want a failure for want of its input, then once", by)
	}
}

// tLog writes a farm's log to the test's log (shown when it fails).
type tLog struct {
	t    *testing.T
	name string
}

func (l tLog) Write(p []byte) (int, error) {
	l.t.Logf("%s: %s", l.name, strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
