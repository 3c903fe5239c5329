//go:build faults

package farm

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/p2pnix/tvix/internal/faults"
	"github.com/p2pnix/tvix/node/coordinator"
	"github.com/p2pnix/tvix/node/gossip"
)

// The misbehaviour of a test build's farm (package faults): flooding
// offers and claims, and provider records for outputs it lacks. Without
// the build tag faults every faults.On is false and none of this runs.

// Flooding pace: every floodTick, floodFakes offers of jobs that do not
// exist and a copy of each job heard offered (at most floodHeard kept).
const (
	floodTick  = 100 * time.Millisecond
	floodFakes = 10
	floodHeard = 64
)

// floodState is what the faults remember of the offers heard.
type floodState struct {
	mu     sync.Mutex
	heard  map[string]*coordinator.Job // offered by others, to offer again
	lookup map[string]bool             // derivations whose outputs were looked up
}

// startFaults starts flooding offers when that fault is on.
func (f *Farm) startFaults() {
	if !faults.On(faults.FloodOffers) {
		return
	}
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		t := time.NewTicker(floodTick)
		defer t.Stop()
		for n := 0; ; {
			select {
			case <-f.done:
				return
			case <-t.C:
			}
			for range floodFakes {
				n++
				f.floodOffer(fakeJob(n, f.cfg.Systems))
			}
			f.flood.mu.Lock()
			heard := make([]*coordinator.Job, 0, len(f.flood.heard))
			for _, j := range f.flood.heard {
				heard = append(heard, j)
			}
			f.flood.mu.Unlock()
			for _, j := range heard {
				f.floodOffer(j)
			}
		}
	}()
}

// floodOffer offers j to every member at top priority, over UDP.
func (f *Farm) floodOffer(j *coordinator.Job) {
	for _, mem := range f.g.Members() {
		if mem.Name != f.cfg.Self {
			f.sendMsg(mem.Name, gossip.KindOffer, j.Drv, farmMsg{Job: j, Prio: math.MaxInt32}, false)
		}
	}
}

// fakeJob is the n-th job of a derivation that does not exist.
func fakeJob(n int, systems []string) *coordinator.Job {
	sys := "x86_64-linux"
	if len(systems) > 0 {
		sys = systems[0]
	}
	hash := fmt.Sprintf("%032d", n)
	return &coordinator.Job{Drv: "/nix/store/" + hash + "-fault.drv", System: sys,
		Outputs: []string{"/nix/store/" + hash + "-fault"}}
}

// faultyOffer reacts to an offer of j by from with the faults on, and
// tells whether the worker must not see it: with flood-claims the offer
// is claimed at once with every slot free, with a claim of a job never
// offered beside it; with flood-offers it is offered again by this node;
// with false-providers its outputs are looked up (which, with that fault,
// announces this node as their provider).
func (f *Farm) faultyOffer(from string, j *coordinator.Job) bool {
	if faults.On(faults.FloodOffers) || faults.On(faults.FalseProviders) {
		f.flood.mu.Lock()
		if f.flood.heard == nil {
			f.flood.heard, f.flood.lookup = map[string]*coordinator.Job{}, map[string]bool{}
		}
		if faults.On(faults.FloodOffers) && len(f.flood.heard) < floodHeard {
			f.flood.heard[j.Drv] = j
		}
		look := faults.On(faults.FalseProviders) && !f.flood.lookup[j.Drv]
		f.flood.lookup[j.Drv] = true
		f.flood.mu.Unlock()
		if look {
			f.w.spawn(func() {
				ctx, cancel := context.WithTimeout(f.ctx, lookupTimeout)
				defer cancel()
				f.deps.Lookup(ctx, j.Outputs)
			})
		}
	}
	if !faults.On(faults.FloodClaims) {
		return false
	}
	claim := farmMsg{FreeSlots: 64}
	f.sendMsg(from, gossip.KindClaim, j.Drv, claim, false)
	f.sendMsg(from, gossip.KindClaim, fakeJob(int(time.Now().UnixNano()), nil).Drv, claim, false)
	return true
}

// ignoresGrants tells whether grants are dropped (flood-claims: claimed
// everything, builds nothing).
func ignoresGrants() bool { return faults.On(faults.FloodClaims) }
