package coordinator

import (
	"container/heap"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// simulateMakespan builds jobs (durations from their Weight) on slots
// one-slot peers that claim every offer they can take after claimDelay, and
// returns the simulated time from the request to the last root done.
func simulateMakespan(t testing.TB, jobs []Job, roots []string, slots int, claimDelay time.Duration) time.Duration {
	c, err := New(Config{Self: "self"})
	if err != nil {
		t.Fatal(err)
	}
	w := &simWorld{}
	weight := map[string]time.Duration{}
	for _, j := range jobs {
		weight[j.Drv] = j.Weight
	}
	busy := map[PeerID]bool{}
	var peers []PeerID
	for k := 0; k < slots; k++ {
		p := PeerID(fmt.Sprintf("p%d", k))
		peers = append(peers, p)
		_ = c.Step(PeerJoined{Peer: p, Info: PeerInfo{Slots: 1, Speed: 1}})
	}
	done := false
	offered := map[string]int64{} // open offers and their priorities
	var handle func()
	step := func(ev Event) {
		if err := c.Step(ev); err != nil {
			t.Fatal(err)
		}
		handle()
	}
	// Each idle peer claims the most urgent open offer, as builders do.
	claimAll := func() {
		for _, p := range peers {
			if busy[p] {
				continue
			}
			best := ""
			for _, j := range jobs { // deterministic order
				if pr, ok := offered[j.Drv]; ok && (best == "" || pr > offered[best]) {
					best = j.Drv
				}
			}
			if best != "" {
				step(Claim{Drv: best, Peer: p, FreeSlots: 1, Speed: 1})
			}
		}
	}
	handle = func() {
		for _, a := range c.Ready() {
			switch a := a.(type) {
			case Lookup:
				drv := a.Drv
				w.later(0, func() { step(OutputsMissing{Drv: drv}) })
			case Fetch:
				drv := a.Drv
				w.later(0, func() { step(Fetched{Drv: drv}) })
			case Offer:
				offered[a.Job.Drv] = a.Priority
				w.later(claimDelay, claimAll)
			case Grant:
				delete(offered, a.Drv)
				busy[a.Peer] = true
				drv, p := a.Drv, a.Peer
				end := w.now + weight[drv]
				var beat func()
				beat = func() {
					if w.now < end {
						step(Heartbeat{Drv: drv, Peer: p})
						w.later(500*time.Millisecond, beat)
					}
				}
				w.later(500*time.Millisecond, beat)
				w.later(weight[drv], func() {
					busy[p] = false
					step(BuildFinished{Drv: drv, Peer: p})
					w.later(claimDelay, claimAll)
				})
			case RequestDone:
				done = true
			}
		}
	}
	var tick func()
	tick = func() {
		c.Tick(w.now)
		handle()
		if !done {
			w.later(50*time.Millisecond, tick)
		}
	}
	step(BuildRequested{ID: "r", Jobs: jobs, Roots: roots})
	tick()
	for w.queue.Len() > 0 && !done && w.now < 2*time.Hour {
		e := heap.Pop(&w.queue).(simEvent)
		w.now = e.at
		e.fn()
	}
	if !done {
		t.Fatalf("not done at %s: %v, open offers %v", w.now, c.Progress(), offered)
	}
	return w.now
}

// lowerBound is max(critical path, total work / slots).
func lowerBound(jobs []Job, slots int) time.Duration {
	finish := map[string]time.Duration{}
	var total, cp time.Duration
	for _, j := range jobs { // inputs come first
		var start time.Duration
		for _, in := range j.Inputs {
			start = max(start, finish[in])
		}
		finish[j.Drv] = start + j.Weight
		cp = max(cp, finish[j.Drv])
		total += j.Weight
	}
	return max(cp, total/time.Duration(slots))
}

// TestMakespan: the benchmark shape in simulated time, 200
// derivations of known durations on 4 one-slot peers. Critical-path
// priority keeps the makespan near the lower bound. The check is the issue's
// goal, 1.1x; the gap left is claim and tick latency, which the bound
// ignores.
func TestMakespan(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		rng := rand.New(rand.NewPCG(seed, 3))
		var jobs []Job
		var roots []string
		used := map[string]bool{}
		for i := 0; i < 200; i++ {
			j := Job{Drv: fmt.Sprintf("d%03d", i), Weight: time.Duration(1+rng.IntN(20)) * time.Second}
			for k := rng.IntN(3); k > 0 && i > 0; k-- {
				in := fmt.Sprintf("d%03d", rng.IntN(i))
				if len(j.Inputs) == 0 || j.Inputs[0] != in {
					j.Inputs = append(j.Inputs, in)
					used[in] = true
				}
			}
			jobs = append(jobs, j)
		}
		for _, j := range jobs {
			if !used[j.Drv] {
				roots = append(roots, j.Drv)
			}
		}
		checkMakespan(t, fmt.Sprintf("wide seed %d", seed), jobs, roots)
	}
	// A long chain next to many short independent jobs: only critical-path
	// priority starts each chain link as soon as it is ready. The chain is
	// listed last so that no accident of order helps it.
	var jobs []Job
	var roots []string
	for i := 0; i < 160; i++ {
		jobs = append(jobs, Job{Drv: fmt.Sprintf("w%03d", i), Weight: 5 * time.Second})
		roots = append(roots, jobs[i].Drv)
	}
	for i := 0; i < 40; i++ {
		j := Job{Drv: fmt.Sprintf("c%03d", i), Weight: 10 * time.Second}
		if i > 0 {
			j.Inputs = []string{fmt.Sprintf("c%03d", i-1)}
		}
		jobs = append(jobs, j)
	}
	roots = append(roots, "c039")
	checkMakespan(t, "chain", jobs, roots)
}

func checkMakespan(t *testing.T, name string, jobs []Job, roots []string) {
	got := simulateMakespan(t, jobs, roots, 4, 20*time.Millisecond)
	lb := lowerBound(jobs, 4)
	ratio := float64(got) / float64(lb)
	t.Logf("%s: makespan %s, lower bound %s, ratio %.3f", name, got, lb, ratio)
	if ratio > 1.1 {
		t.Errorf("%s: makespan %s is %.2fx the lower bound %s", name, got, ratio, lb)
	}
}
