package coordinator

import (
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"
)

// benchGraph is a nixpkgs-like DAG of n derivations: each takes up to four
// inputs among the 300 derivations before it, and a few take one far back.
func benchGraph(n int, seed uint64) (jobs []Job, roots []string) {
	rng := rand.New(rand.NewPCG(seed, 1))
	used := make([]bool, n)
	for i := 0; i < n; i++ {
		j := Job{Drv: fmt.Sprintf("/nix/store/%032d-d.drv", i), Outputs: []string{fmt.Sprintf("/nix/store/%032d-out", i)},
			System: "x86_64-linux", OutputBytes: rng.Int64N(1 << 20), Weight: time.Duration(1+rng.IntN(60)) * time.Second}
		seen := map[int]bool{}
		for k := rng.IntN(5); k > 0 && i > 0; k-- {
			in := i - 1 - rng.IntN(min(i, 300))
			if rng.IntN(20) == 0 {
				in = rng.IntN(i)
			}
			if !seen[in] {
				seen[in] = true
				used[in] = true
				j.Inputs = append(j.Inputs, jobs[in].Drv)
			}
		}
		jobs = append(jobs, j)
	}
	for i := range jobs {
		if !used[i] {
			roots = append(roots, jobs[i].Drv)
		}
	}
	return jobs, roots
}

// BenchmarkFarm10k runs a whole 10k-derivation build through one
// coordinator and 50 two-slot peers: every lookup misses, every offer is
// claimed by the next peer with a free slot, every build succeeds at the next
// tick, every root is fetched. It reports events (Step and Tick calls) per second.
func BenchmarkFarm10k(b *testing.B) {
	jobs, roots := benchGraph(10000, 7)
	const npeers = 50
	b.ReportAllocs()
	var events int
	cpu0 := cpuTime()
	for b.Loop() {
		events += runFarm(b, jobs, roots, npeers)
	}
	// CPU time is steadier than wall time on a shared machine.
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(events), "cpu-ns/event")
	b.ReportMetric(float64(events)/float64(b.N), "events/op")
}

// cpuTime returns the process's user and system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func runFarm(b *testing.B, jobs []Job, roots []string, npeers int) int {
	c, err := New(Config{Self: "self", Systems: []string{"x86_64-linux"}})
	if err != nil {
		b.Fatal(err)
	}
	events := 0
	step := func(ev Event) {
		events++
		if err := c.Step(ev); err != nil {
			b.Fatal(err)
		}
	}
	peers := make([]PeerID, npeers)
	free := make([]int, npeers)
	index := make(map[PeerID]int, npeers)
	for k := range peers {
		peers[k] = PeerID(fmt.Sprintf("peer-%03d", k))
		free[k] = 2
		index[peers[k]] = k
		step(PeerJoined{Peer: peers[k], Info: PeerInfo{Systems: []string{"x86_64-linux"}, Slots: 2, Speed: 1}})
	}
	step(BuildRequested{ID: "bench", Jobs: jobs, Roots: roots})
	var pending, next []Event
	next2 := 0
	done := false
	now := time.Duration(0)
	for !done {
		for _, a := range c.Ready() {
			switch a := a.(type) {
			case Lookup:
				pending = append(pending, OutputsMissing{Drv: a.Drv})
			case Offer:
				for n := 0; n < npeers; n++ {
					k := (next2 + n) % npeers
					if free[k] > 0 {
						next2 = k + 1
						pending = append(pending, Claim{Drv: a.Job.Drv, Peer: peers[k], FreeSlots: free[k], Speed: 1})
						break
					}
				}
			case Fetch:
				pending = append(pending, Fetched{Drv: a.Drv})
			case Grant:
				k := index[a.Peer]
				free[k]--
				next = append(next, BuildFinished{Drv: a.Drv, Peer: a.Peer, SignedBy: "k"})
			case RequestDone:
				done = true
			}
		}
		if len(pending) > 0 {
			ev := pending[0]
			pending = pending[1:]
			step(ev)
			continue
		}
		// Builds end at the next tick.
		now += 50 * time.Millisecond
		events++
		c.Tick(now)
		for _, ev := range next {
			f := ev.(BuildFinished)
			free[index[f.Peer]]++
			step(ev)
		}
		next = next[:0]
		if now > 24*time.Hour {
			b.Fatalf("farm did not finish: %v", c.Progress())
		}
	}
	if p := c.Progress(); p.Built != len(jobs) {
		b.Fatalf("built %d of %d", p.Built, len(jobs))
	}
	return events
}
