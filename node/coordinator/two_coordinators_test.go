package coordinator

import (
	"container/heap"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// duoWorld runs two coordinators, "A" and "B", that build overlapping
// graphs on one pool of peers and hear each other's announcements after a
// delay. Builders stop when revoked; builds take longer than any message.
type duoWorld struct {
	t      *testing.T
	rng    *rand.Rand
	now    time.Duration
	seq    int
	queue  simQueue
	coords map[PeerID]*Coordinator
	names  []PeerID
	jobs   []Job
	peers  []PeerID
	busy   map[PeerID]map[string]PeerID // peer -> drv -> granting coordinator
	// building: drv -> coordinator with a live announcement (the DHT record).
	building map[string]PeerID
	built    map[string]int      // successful builds per drv
	at       map[string]PeerID   // where a drv's outputs are
	doneReq  map[PeerID]bool     // coordinator's request finished
	failed   map[PeerID][]string // roots reported failed
}

func (w *duoWorld) later(d time.Duration, fn func()) {
	w.seq++
	heap.Push(&w.queue, simEvent{at: w.now + d, seq: w.seq, fn: fn})
}

func (w *duoWorld) msgDelay() time.Duration {
	return time.Duration(1+w.rng.IntN(200)) * time.Millisecond
}

func (w *duoWorld) step(self PeerID, ev Event) {
	if err := w.coords[self].Step(ev); err != nil {
		w.t.Fatal(err)
	}
	w.handle(self)
}

func (w *duoWorld) other(self PeerID) PeerID {
	if self == "A" {
		return "B"
	}
	return "A"
}

func (w *duoWorld) handle(self PeerID) {
	c := w.coords[self]
	for _, a := range c.Ready() {
		switch a := a.(type) {
		case Lookup:
			drv := a.Drv
			w.later(w.msgDelay(), func() {
				if at, ok := w.at[drv]; ok {
					w.step(self, OutputsFound{Drv: drv, At: at})
				} else {
					w.step(self, OutputsMissing{Drv: drv, BuildingBy: w.building[drv]})
				}
			})
		case Fetch:
			drv := a.Drv
			w.later(w.msgDelay(), func() { w.step(self, Fetched{Drv: drv}) })
		case Offer:
			for _, p := range w.peers {
				if len(w.busy[p]) >= 2 || w.rng.IntN(3) == 0 {
					continue
				}
				drv, p := a.Job.Drv, p
				w.later(w.msgDelay(), func() {
					w.step(self, Claim{Drv: drv, Peer: p, FreeSlots: 2 - len(w.busy[p]), Speed: 1})
				})
			}
		case Grant:
			w.busy[a.Peer][a.Drv] = self
			drv, p := a.Drv, a.Peer
			w.later(500*time.Millisecond+time.Duration(w.rng.IntN(2000))*time.Millisecond, func() {
				if w.busy[p][drv] != self {
					return // revoked
				}
				delete(w.busy[p], drv)
				w.built[drv]++
				w.at[drv] = p
				w.step(self, BuildFinished{Drv: drv, Peer: p, SignedBy: "k"})
			})
			var beat func()
			beat = func() {
				if w.busy[p][drv] == self {
					w.step(self, Heartbeat{Drv: drv, Peer: p})
					w.later(400*time.Millisecond, beat)
				}
			}
			w.later(400*time.Millisecond, beat)
		case Revoke:
			if w.busy[a.Peer][a.Drv] == self {
				delete(w.busy[a.Peer], a.Drv)
			}
		case Announce:
			w.building[a.Drv] = self
			drv, o := a.Drv, w.other(self)
			w.later(w.msgDelay(), func() { w.step(o, RemoteBuilding{Drv: drv, By: self}) })
		case AnnounceDone:
			if w.building[a.Drv] == self {
				delete(w.building, a.Drv)
			}
			ev, o := RemoteBuildDone{Drv: a.Drv, At: a.At, Failed: a.Failed}, w.other(self)
			w.later(w.msgDelay(), func() { w.step(o, ev) })
		case RootFailed:
			w.failed[self] = append(w.failed[self], a.Drv+": "+a.Reason)
		case RequestDone:
			w.doneReq[self] = true
		}
	}
}

func (w *duoWorld) tick(self PeerID) {
	w.coords[self].Tick(w.now)
	w.handle(self)
	if !w.doneReq[self] {
		w.later(50*time.Millisecond, func() { w.tick(self) })
	}
}

// TestTwoCoordinatorsBuildOnce: two coordinators asking for overlapping
// graphs at nearly the same time build every derivation once between them,
// and both finish.
func TestTwoCoordinatorsBuildOnce(t *testing.T) {
	for seed := uint64(1); seed <= 100; seed++ {
		rng := rand.New(rand.NewPCG(seed, 42))
		w := &duoWorld{t: t, rng: rng, coords: map[PeerID]*Coordinator{}, busy: map[PeerID]map[string]PeerID{},
			building: map[string]PeerID{}, built: map[string]int{}, at: map[string]PeerID{},
			doneReq: map[PeerID]bool{}, failed: map[PeerID][]string{}}
		n := 5 + rng.IntN(40)
		for i := 0; i < n; i++ {
			j := Job{Drv: fmt.Sprintf("d%02d", i), System: "x86_64-linux"}
			for k := rng.IntN(3); k > 0 && i > 0; k-- {
				in := fmt.Sprintf("d%02d", rng.IntN(i))
				if len(j.Inputs) == 0 || j.Inputs[0] != in {
					j.Inputs = append(j.Inputs, in)
				}
			}
			w.jobs = append(w.jobs, j)
		}
		for k := 0; k < 1+rng.IntN(4); k++ {
			p := PeerID(fmt.Sprintf("p%d", k))
			w.peers = append(w.peers, p)
			w.busy[p] = map[string]PeerID{}
		}
		for _, self := range []PeerID{"A", "B"} {
			c, err := New(Config{Self: self, Systems: []string{"x86_64-linux"}})
			if err != nil {
				t.Fatal(err)
			}
			w.coords[self] = c
			for _, p := range w.peers {
				_ = c.Step(PeerJoined{Peer: p, Info: PeerInfo{Systems: []string{"x86_64-linux"}, Slots: 2, Speed: 1}})
			}
			// Each asks for the whole graph (the last derivation and a random
			// other root), starting up to a second apart.
			roots := []string{w.jobs[n-1].Drv, w.jobs[rng.IntN(n)].Drv}
			self := self
			w.later(time.Duration(rng.IntN(1000))*time.Millisecond, func() {
				w.step(self, BuildRequested{ID: "r" + string(self), Jobs: w.jobs, Roots: roots})
				w.tick(self)
			})
		}
		for w.queue.Len() > 0 && !(w.doneReq["A"] && w.doneReq["B"]) {
			e := heap.Pop(&w.queue).(simEvent)
			w.now = e.at
			e.fn()
			if w.now > time.Hour {
				t.Fatalf("seed %d: no end after an hour: A %v, B %v", seed, w.coords["A"].Progress(), w.coords["B"].Progress())
			}
		}
		if !w.doneReq["A"] || !w.doneReq["B"] {
			t.Fatalf("seed %d: requests not done", seed)
		}
		if len(w.failed["A"])+len(w.failed["B"]) > 0 {
			t.Fatalf("seed %d: failures %v", seed, w.failed)
		}
		for d, k := range w.built {
			if k > 1 {
				t.Fatalf("seed %d: %s built %d times", seed, d, k)
			}
		}
	}
}
