package simnet

import (
	"time"

	"github.com/p2pnix/tvix/node/coordinator"
	"github.com/p2pnix/tvix/node/worker"
)

// Every node runs the real builder state machine (node/worker). Builders
// claim from the shared offer board through a boardView; requesters' workers
// have no board to claim from and build only their own coordinator's jobs.
// A worker's timers (claim timeouts, heartbeats) fire at its Deadline.

// newWorker gives n a fresh worker, as when its daemon starts.
func (f *farm) newWorker(n *fnode) {
	cfg := worker.Config{
		Self: n.id, Systems: []string{system}, Slots: n.slots, ClaimTimeout: claimTimeout,
	}
	if len(f.reqs) > 0 {
		cfg.Heartbeat = f.reqs[0].coord.Config().LeaseTimeout / 3
	}
	if n.coord == nil {
		cfg.Board = boardView{f, n}
	}
	w, err := worker.New(cfg)
	if err != nil {
		panic(err) // the config is ours
	}
	w.Tick(f.clk.now)
	n.w, n.wakeAt = w, 0
	if n.coord == nil {
		n.free = w.Free()
		f.idle += n.free
	}
}

// look has builder n's worker claim offers for its free slots.
func (f *farm) look(n *fnode) {
	if n.up && n.coord == nil {
		f.wstep(n, worker.Look{})
	}
}

// wstep feeds ev to n's worker at the current time and carries out its
// actions. A node that is down has no worker and drops the event.
func (f *farm) wstep(n *fnode, ev worker.Event) {
	if n.w == nil {
		return
	}
	n.w.Tick(f.clk.now)
	n.w.Step(ev)
	f.wperform(n)
}

// wperform carries out the actions of n's worker.
func (f *farm) wperform(n *fnode) {
	var published []string
	for _, a := range n.w.Ready() {
		switch a := a.(type) {
		case worker.Claim:
			c, drv := f.byID[a.To], f.dag.Index[a.Drv]
			local := int64(0)
			for _, p := range f.dag.Jobs[drv].Inputs {
				if _, ok := n.store[f.dag.Index[p]]; ok {
					local += f.dag.Jobs[f.dag.Index[p]].OutputBytes
				}
			}
			cl := coordinator.Claim{Drv: a.Drv, Peer: n.id, FreeSlots: a.FreeSlots, Load: a.Load, LocalBytes: local, Speed: n.speed}
			f.send(n, c, false, func() { f.step(c, cl) })
		case worker.Heartbeat:
			c, hb := f.byID[a.To], coordinator.Heartbeat{Drv: a.Drv, Peer: n.id}
			f.send(n, c, false, func() { f.step(c, hb) })
		case worker.StartBuild:
			f.startRun(n, f.byID[a.For], f.dag.Index[a.Job.Drv])
		case worker.CancelBuild:
			if run := n.running[f.dag.Index[a.Drv]]; run != nil {
				f.cancel(run)
				ev := worker.BuildEnded{Drv: a.Drv, Result: worker.Result{Err: "cancelled"}}
				ep := n.epoch
				f.clk.after(0, func() {
					if n.epoch == ep {
						f.wstep(n, ev)
					}
				})
			}
		case worker.Publish:
			// Provider records are instant in this model: the output is
			// findable once held.
			published = append(published, a.Drv)
		case worker.Report:
			f.report(n, a)
		case worker.Busy:
			if n.coord != nil {
				f.step(n, coordinator.LocalBusy{Slots: a.Slots})
			}
		}
	}
	if n.coord == nil {
		free := n.w.Free()
		f.idle += free - n.free
		n.free = free
	}
	if d, ok := n.w.Deadline(); ok && (n.wakeAt == 0 || d < n.wakeAt) {
		f.wake(n, d)
	}
	for _, drv := range published {
		f.wstep(n, worker.Published{Drv: drv})
	}
}

// wake ticks n's worker at time at (or now, if that has passed).
func (f *farm) wake(n *fnode, at time.Duration) {
	n.wakeAt = at
	w := n.w
	f.clk.after(max(0, at-f.clk.now), func() {
		if n.w != w {
			return // the node went down since
		}
		if n.wakeAt == at {
			n.wakeAt = 0
		}
		w.Tick(f.clk.now)
		f.wperform(n)
	})
}

// report sends a worker's Report to its coordinator, reliably.
func (f *farm) report(n *fnode, a worker.Report) {
	c, drv, res := f.byID[a.To], f.dag.Index[a.Drv], a.Result
	var ev coordinator.Event = coordinator.BuildFinished{Drv: a.Drv, Peer: n.id, SignedBy: res.SignedBy}
	var run *buildRun
	if res.Err != "" {
		ev = coordinator.BuildFailed{Drv: a.Drv, Peer: n.id, Deterministic: res.Deterministic, Reason: res.Err, MissingInput: res.MissingInput}
	} else {
		for k := len(f.runs[drv]) - 1; k >= 0 && run == nil; k-- {
			if f.runs[drv][k].node == n {
				run = f.runs[drv][k]
			}
		}
	}
	f.send(n, c, true, func() {
		if run != nil {
			run.reported = true
		}
		f.step(c, ev)
	})
}

// boardView is the shared offer board as builder n's worker sees it.
type boardView struct {
	f *farm
	n *fnode
}

var _ worker.Board = boardView{}

// Next picks at random among the K most urgent offers n can see and reach,
// K being the number of idle slots in the cluster (which gossip metadata
// advertises), so that idle builders spread over the urgent jobs instead
// of all claiming the same one.
func (v boardView) Next(now time.Duration, skip func(drv string) bool) (worker.Offer, bool) {
	o := v.f.board.pick(v.f, v.n, max(1, v.f.idle), skip)
	if o == nil {
		return worker.Offer{}, false
	}
	return worker.Offer{Drv: v.f.dag.Jobs[o.drv].Drv, From: o.coord.id, Prio: o.prio}, true
}

// Claimed marks the offer refused by n until it is sent again, and counts
// n's slot as taken for the spread of the claims that follow.
func (v boardView) Claimed(o worker.Offer) {
	f, n := v.f, v.n
	if bo := f.board.byKey[[2]int{f.dag.Index[o.Drv], f.byID[o.From].idx}]; bo != nil {
		bo.refused[n.idx] = true
	}
	n.free--
	f.idle--
	f.rep.Claims++
}
