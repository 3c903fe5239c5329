package coordinator

import (
	"container/heap"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// simWorld drives one Coordinator against randomly behaving peers,
// lookups, fetches and a rival coordinator, from a seed, and checks the
// coordinator's promises on every action it takes.
type simWorld struct {
	t     *testing.T
	rng   *rand.Rand
	c     *Coordinator
	now   time.Duration
	seq   int
	queue simQueue
	log   strings.Builder

	jobs  []Job
	roots []string
	found map[string]PeerID // what lookups answer "found" for

	peers map[PeerID]*simPeer
	local map[string]bool // drvs building locally, not cancelled

	needed    map[string]bool   // roots and inputs of needed drvs not found
	live      map[string]PeerID // current lease holder per drv, per the actions seen
	available map[string]bool   // drvs whose outputs exist, as the driver saw it
	builtAt   map[string]PeerID // where built outputs are; lookups find them while it lives
	resolved  map[string]string // root -> "done" or "failed: reason"
	reqDone   bool
	violation []string
}

type simPeer struct {
	id     PeerID
	slots  int
	busy   map[string]bool
	dead   bool
	gone   bool // the coordinator was told it died
	silent bool // stops heartbeating and never finishes
	mortal bool
}

type simEvent struct {
	at  time.Duration
	seq int
	fn  func()
}

type simQueue []simEvent

func (q simQueue) Len() int { return len(q) }
func (q simQueue) Less(i, j int) bool {
	if q[i].at != q[j].at {
		return q[i].at < q[j].at
	}
	return q[i].seq < q[j].seq
}
func (q simQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *simQueue) Push(x any)   { *q = append(*q, x.(simEvent)) }
func (q *simQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

func (w *simWorld) later(d time.Duration, fn func()) {
	w.seq++
	heap.Push(&w.queue, simEvent{at: w.now + d, seq: w.seq, fn: fn})
}

func (w *simWorld) delay(max time.Duration) time.Duration {
	return time.Duration(w.rng.Int64N(int64(max))) + time.Millisecond
}

func (w *simWorld) bad(format string, a ...any) {
	w.violation = append(w.violation, fmt.Sprintf("at %s: ", w.now)+fmt.Sprintf(format, a...))
}

// step feeds ev and handles the actions; the log records both, so two runs
// of one seed can be compared.
func (w *simWorld) step(ev Event) {
	fmt.Fprintf(&w.log, "%s %T%+v\n", w.now, ev, ev)
	if err := w.c.Step(ev); err != nil {
		w.t.Fatalf("step %T: %v", ev, err)
	}
	w.handle()
}

func newSimWorld(t *testing.T, seed uint64) *simWorld {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	w := &simWorld{t: t, rng: rng, found: map[string]PeerID{}, peers: map[PeerID]*simPeer{},
		local: map[string]bool{}, live: map[string]PeerID{}, available: map[string]bool{}, builtAt: map[string]PeerID{}, resolved: map[string]string{}}
	slots := rng.IntN(3)
	c, err := New(Config{Self: "self", Systems: []string{"x86_64-linux"}, LocalSlots: slots, MaxAttempts: 4})
	if err != nil {
		t.Fatal(err)
	}
	w.c = c
	// A random DAG: inputs only from earlier derivations.
	n := 5 + rng.IntN(60)
	hasParent := make([]bool, n)
	for i := 0; i < n; i++ {
		j := Job{Drv: fmt.Sprintf("d%d", i), Outputs: []string{fmt.Sprintf("o%d", i)}, System: "x86_64-linux",
			OutputBytes: rng.Int64N(1000), Weight: time.Duration(1+rng.IntN(5)) * time.Second}
		for k := rng.IntN(4); k > 0 && i > 0; k-- {
			in := rng.IntN(i)
			dup := false
			for _, x := range j.Inputs {
				dup = dup || x == j.Drv || x == fmt.Sprintf("d%d", in)
			}
			if !dup {
				j.Inputs = append(j.Inputs, fmt.Sprintf("d%d", in))
				hasParent[in] = true
			}
		}
		w.jobs = append(w.jobs, j)
		if rng.IntN(10) < 3 {
			w.found[j.Drv] = []PeerID{"", "p0", "p1"}[rng.IntN(3)]
		}
	}
	for i := 0; i < n; i++ {
		if !hasParent[i] || rng.IntN(10) == 0 {
			w.roots = append(w.roots, w.jobs[i].Drv)
		}
	}
	np := 1 + rng.IntN(4)
	for k := 0; k < np; k++ {
		id := PeerID(fmt.Sprintf("p%d", k))
		p := &simPeer{id: id, slots: 1 + rng.IntN(2), busy: map[string]bool{}}
		// Peer 0 never dies when it is the only way to get work done.
		p.mortal = k > 0 || slots > 0
		w.peers[id] = p
	}
	return w
}

func (w *simWorld) run() {
	ids := w.peerIDs()
	for _, id := range ids {
		p := w.peers[id]
		w.step(PeerJoined{Peer: id, Info: PeerInfo{Systems: []string{"x86_64-linux"}, Slots: p.slots, Speed: 1}})
		if p.mortal && w.rng.IntN(3) == 0 {
			w.later(w.delay(20*time.Second), func() { w.kill(p) })
		}
		if p.mortal && w.rng.IntN(6) == 0 {
			w.later(w.delay(20*time.Second), func() { p.silent = true })
		}
	}
	// A rival coordinator announces some derivations, and sometimes
	// finishes them.
	for _, j := range w.jobs {
		if w.rng.IntN(8) != 0 {
			continue
		}
		drv := j.Drv
		w.later(w.delay(5*time.Second), func() { w.step(RemoteBuilding{Drv: drv, By: "a-rival"}) })
		switch w.rng.IntN(3) {
		case 0:
			w.later(w.delay(10*time.Second)+5*time.Second, func() {
				w.available[drv] = true
				w.builtAt[drv] = "p0"
				w.step(RemoteBuildDone{Drv: drv, At: "p0"})
			})
		case 1:
			w.later(w.delay(10*time.Second)+5*time.Second, func() { w.step(RemoteBuildDone{Drv: drv, Failed: true}) })
		}
	}
	w.needed = map[string]bool{}
	for _, r := range w.roots {
		w.needed[r] = true
	}
	for i := len(w.jobs) - 1; i >= 0; i-- { // users come after inputs
		j := w.jobs[i]
		if _, found := w.found[j.Drv]; w.needed[j.Drv] && !found {
			for _, in := range j.Inputs {
				w.needed[in] = true
			}
		}
	}
	w.step(BuildRequested{ID: "r", Jobs: w.jobs, Roots: w.roots})
	w.tick()
	for w.queue.Len() > 0 && !w.reqDone {
		e := heap.Pop(&w.queue).(simEvent)
		w.now = e.at
		e.fn()
		if w.now > time.Hour {
			w.t.Fatalf("no end in sight after an hour of simulated time")
		}
	}
	if !w.reqDone {
		w.bad("request never completed")
	}
	for _, r := range w.roots {
		if w.resolved[r] == "" {
			w.bad("root %s never resolved", r)
		}
	}
}

func (w *simWorld) peerIDs() []PeerID {
	var ids []PeerID
	for k := 0; k < len(w.peers); k++ {
		ids = append(ids, PeerID(fmt.Sprintf("p%d", k)))
	}
	return ids
}

func (w *simWorld) tick() {
	w.c.Tick(w.now)
	w.handle()
	w.later(50*time.Millisecond, w.tick)
}

func (w *simWorld) kill(p *simPeer) {
	p.dead = true
	p.busy = map[string]bool{}
	// Membership notices after a while.
	w.later(w.delay(time.Second), func() {
		p.gone = true
		w.step(PeerDied{Peer: p.id})
	})
}

// need marks drv needed, and the inputs of it that are not found.
func (w *simWorld) need(drv string) {
	w.needed[drv] = true
	if _, found := w.found[drv]; found {
		return
	}
	for _, j := range w.jobs {
		if j.Drv == drv {
			for _, in := range j.Inputs {
				w.need(in)
			}
		}
	}
}

func (w *simWorld) handle() {
	for _, a := range w.c.Ready() {
		fmt.Fprintf(&w.log, "  %s\n", a)
		switch a := a.(type) {
		case Lookup:
			drv := a.Drv
			w.later(w.delay(300*time.Millisecond), func() {
				if at, ok := w.found[drv]; ok && w.peers[at] != nil && w.peers[at].gone {
					// A record that outlived its holder: the coordinator
					// may build it now.
					delete(w.found, drv)
					delete(w.available, drv)
					w.need(drv)
					w.step(OutputsFound{Drv: drv, At: at})
				} else if ok {
					w.available[drv] = true
					w.step(OutputsFound{Drv: drv, At: at})
				} else if at, ok := w.builtAt[drv]; ok && (at == "self" || !w.peers[at].dead) {
					w.step(OutputsFound{Drv: drv, At: at})
				} else {
					// Only copy gone with its holder: rebuilding is fine.
					delete(w.builtAt, drv)
					delete(w.available, drv)
					w.step(OutputsMissing{Drv: drv})
				}
			})
		case Fetch:
			drv := a.Drv
			w.later(w.delay(time.Second), func() {
				if w.rng.IntN(10) == 0 {
					w.step(FetchFailed{Drv: drv, Reason: "reset"})
				} else {
					w.step(Fetched{Drv: drv})
				}
			})
		case Offer:
			for _, id := range w.peerIDs() {
				p := w.peers[id]
				if p.dead || p.silent || len(p.busy) >= p.slots || w.rng.IntN(5) == 0 {
					continue
				}
				drv := a.Job.Drv
				w.later(w.delay(100*time.Millisecond), func() {
					if !p.dead {
						w.step(Claim{Drv: drv, Peer: p.id, FreeSlots: p.slots - len(p.busy), Load: float64(len(p.busy)), Speed: 1})
					}
				})
			}
		case Grant:
			w.leased(a.Drv, a.Peer)
			if p := w.peers[a.Peer]; !p.dead {
				p.busy[a.Drv] = true
				w.build(a.Drv, p)
			}
		case StartBuild:
			w.leased(a.Job.Drv, "self")
			w.local[a.Job.Drv] = true
			w.build(a.Job.Drv, nil)
		case Revoke:
			if w.live[a.Drv] == a.Peer {
				delete(w.live, a.Drv)
			}
			// Builders usually stop; sometimes the result comes anyway.
			if w.rng.IntN(4) != 0 {
				if a.Peer == "self" {
					delete(w.local, a.Drv)
				} else if p := w.peers[a.Peer]; p != nil {
					delete(p.busy, a.Drv)
				}
			}
		case RootDone:
			w.resolve(a.Drv, "done")
		case RootFailed:
			if a.Reason == "" {
				w.bad("root %s failed without a reason", a.Drv)
			}
			w.resolve(a.Drv, "failed: "+a.Reason)
		case RequestDone:
			if w.reqDone {
				w.bad("request done twice")
			}
			w.reqDone = true
		}
	}
}

func (w *simWorld) resolve(drv, how string) {
	if w.resolved[drv] != "" {
		w.bad("root %s resolved twice: %s, then %s", drv, w.resolved[drv], how)
	}
	w.resolved[drv] = how
}

// leased checks the promises a grant must keep.
func (w *simWorld) leased(drv string, p PeerID) {
	if h, ok := w.live[drv]; ok {
		w.bad("%s granted to %s while %s holds a live lease", drv, p, h)
	}
	if _, ok := w.found[drv]; ok {
		w.bad("%s given to %s although its outputs were found", drv, p)
	}
	if w.available[drv] {
		w.bad("%s given to %s although its outputs exist", drv, p)
	}
	if !w.needed[drv] {
		w.bad("%s given to %s although nothing needs it", drv, p)
	}
	for _, j := range w.jobs {
		if j.Drv != drv {
			continue
		}
		for _, in := range j.Inputs {
			if !w.available[in] {
				w.bad("%s given to %s before its input %s exists", drv, p, in)
			}
		}
	}
	w.live[drv] = p
}

// build runs drv on p (nil: locally) and reports the outcome, with
// heartbeats meanwhile.
func (w *simWorld) build(drv string, p *simPeer) {
	dur := w.delay(3 * time.Second)
	id := PeerID("self")
	running := func() bool { return w.local[drv] }
	if p != nil {
		id = p.id
		running = func() bool { return !p.dead && !p.silent && p.busy[drv] }
		var beat func()
		beat = func() {
			if running() {
				w.step(Heartbeat{Drv: drv, Peer: id})
				w.later(500*time.Millisecond, beat)
			}
		}
		w.later(500*time.Millisecond, beat)
	}
	roll := w.rng.IntN(100)
	w.later(dur, func() {
		if !running() {
			return
		}
		if p != nil {
			delete(p.busy, drv)
		} else {
			delete(w.local, drv)
		}
		switch {
		case roll < 3:
			w.step(BuildFailed{Drv: drv, Peer: id, Deterministic: true, Reason: "exit 1"})
		case roll < 12:
			w.step(BuildFailed{Drv: drv, Peer: id, Reason: "oom"})
		default:
			w.available[drv] = true
			w.builtAt[drv] = id
			w.step(BuildFinished{Drv: drv, Peer: id, SignedBy: "k"})
		}
		if w.live[drv] == id {
			delete(w.live, drv)
		}
	})
}

func TestRandomInterleavings(t *testing.T) {
	seeds := 300
	if testing.Short() {
		seeds = 50
	}
	for seed := uint64(1); seed <= uint64(seeds); seed++ {
		w := newSimWorld(t, seed)
		w.run()
		if len(w.violation) > 0 {
			t.Fatalf("seed %d: %d violations, first: %s\n%s", seed, len(w.violation), w.violation[0], tail(w.log.String(), 60))
		}
		// The same seed replays the same run exactly.
		again := newSimWorld(t, seed)
		again.run()
		if again.log.String() != w.log.String() {
			t.Fatalf("seed %d: two runs differ", seed)
		}
	}
}

func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
