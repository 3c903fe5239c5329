package farm

import (
	"context"
	"time"

	"github.com/p2pnix/tvix/internal/faults"
	"github.com/p2pnix/tvix/node/coordinator"
	"github.com/p2pnix/tvix/node/gossip"
	"github.com/p2pnix/tvix/node/worker"
)

// lookupTimeout bounds one Lookup (local store, then the DHT).
const lookupTimeout = 5 * time.Second

// fetchTimeout bounds fetching one derivation's outputs.
const fetchTimeout = 10 * time.Minute

// perform carries out the coordinator's actions; it runs on the driver
// loop and starts a goroutine for anything that blocks.
func (f *Farm) perform() {
	for _, a := range f.coord.Ready() {
		if _, ok := a.(coordinator.Progress); !ok {
			f.log.Debug("farm: action", "action", a.String())
		}
		switch a := a.(type) {
		case coordinator.Lookup:
			f.doLookup(a)
		case coordinator.Fetch:
			f.doFetch(a)
		case coordinator.Offer:
			f.noteCheckJob(a.Job)
			if _, ok := f.readyAt[a.Job.Drv]; !ok {
				f.readyAt[a.Job.Drv] = faults.Now()
			}
			f.toMembers(gossip.KindOffer, a.Job.Drv, farmMsg{Job: a.Job, Prio: a.Priority, ReadyUS: f.readyAt[a.Job.Drv].UnixMicro()}, func(m gossip.NodeMeta) bool {
				return m.CanBuild(a.Job.System, a.Job.Features)
			})
		case coordinator.Withdraw:
			f.toMembers(gossip.KindOffer, a.Drv, farmMsg{Op: opWithdraw}, nil)
		case coordinator.Grant:
			f.leased[a.Drv] = leaseInfo{peer: string(a.Peer), since: faults.Now()}
			f.started(a.Drv, string(a.Peer))
			f.sendTo(string(a.Peer), gossip.KindLease, a.Drv, farmMsg{Op: opGrant, Job: f.jobs[a.Drv], ReadyUS: f.readyAt[a.Drv].UnixMicro()})
		case coordinator.Reject:
			f.sendTo(string(a.Peer), gossip.KindLease, a.Drv, farmMsg{Op: opReject})
		case coordinator.Revoke:
			f.log.Info("farm: revoke", "drv", a.Drv, "peer", a.Peer, "reason", a.Reason)
			if a.Reason == leaseExpired {
				f.guard.expired(string(a.Peer), time.Now())
			}
			if string(a.Peer) == f.cfg.Self {
				f.w.step(worker.Revoked{From: a.Peer, Drv: a.Drv})
			} else {
				f.sendTo(string(a.Peer), gossip.KindLease, a.Drv, farmMsg{Op: opRevoke})
			}
		case coordinator.StartBuild:
			f.noteCheckJob(a.Job)
			f.leased[a.Job.Drv] = leaseInfo{peer: f.cfg.Self, since: faults.Now()}
			f.started(a.Job.Drv, f.cfg.Self)
			f.w.noteGrant(a.Job.Drv, f.readyAt[a.Job.Drv])
			f.w.step(worker.LocalBuild{Job: a.Job})
		case coordinator.Announce:
			f.toMembers(gossip.KindBuilding, a.Drv, farmMsg{}, nil)
		case coordinator.AnnounceDone:
			kind := gossip.KindDone
			if a.Failed {
				kind = gossip.KindFailed
			}
			f.toMembers(kind, a.Drv, farmMsg{Op: opAnnounceDone, At: string(a.At)}, nil)
		case coordinator.Progress:
			p := a
			for _, r := range f.reqs {
				f.send(r, Event{Progress: &p})
			}
		case coordinator.RootDone:
			if r := f.reqs[a.Req]; r != nil && !isCheck(f.jobs[a.Drv]) {
				f.sendResult(r, a.Drv, "")
			}
		case coordinator.RootFailed:
			if r := f.reqs[a.Req]; r != nil {
				f.replayLog(r, a.Drv)
				f.sendResult(r, a.Drv, a.Reason)
			}
		case coordinator.CheckDone:
			f.checkDone(a)
		case coordinator.RequestDone:
			if r := f.reqs[a.Req]; r != nil {
				p, n := f.coord.Progress(), a.Failed
				f.send(r, Event{Progress: &p})
				f.send(r, Event{Done: &n})
				r.done = true
				delete(f.reqs, a.Req)
			}
		}
	}
}

// sendResult reports root drv of r; a failed check is reported as a
// failure of the derivation checked.
func (f *Farm) sendResult(r *farmRequest, drv, reason string) {
	if j := f.jobs[drv]; isCheck(j) {
		drv = j.CheckOf
	}
	res := &Result{Drv: drv, Root: true, Err: reason, Outputs: f.outputsOf(drv)}
	f.fillResult(res)
	f.send(r, Event{Result: res})
}

// doLookup answers a Lookup from the local store, the DHT, or the
// announcements heard.
func (f *Farm) doLookup(a coordinator.Lookup) {
	f.w.spawn(func() {
		ctx, cancel := context.WithTimeout(f.ctx, lookupTimeout)
		defer cancel()
		local, at, err := f.deps.Lookup(ctx, a.Outputs)
		if err != nil {
			f.log.Debug("farm: lookup", "drv", a.Drv, "err", err)
		}
		f.do(func() {
			switch {
			case local:
				f.feed(coordinator.OutputsFound{Drv: a.Drv})
			case at != "":
				f.noteSubstitute(a.Drv, at)
				f.feed(coordinator.OutputsFound{Drv: a.Drv, At: coordinator.PeerID(at)})
			default:
				var by coordinator.PeerID
				if h, ok := f.heard[a.Drv]; ok && faults.Now().Before(h.until) {
					by = coordinator.PeerID(h.by)
				}
				f.feed(coordinator.OutputsMissing{Drv: a.Drv, BuildingBy: by})
			}
		})
	})
}

func (f *Farm) doFetch(a coordinator.Fetch) {
	j := f.jobs[a.Drv]
	if j == nil {
		f.feed(coordinator.FetchFailed{Drv: a.Drv, Reason: "unknown derivation"})
		return
	}
	outs := j.Outputs
	f.noteSubstitute(a.Drv, string(a.From))
	f.w.spawn(func() {
		ctx, cancel := context.WithTimeout(f.ctx, fetchTimeout)
		defer cancel()
		if err := f.deps.Fetch(ctx, outs); err != nil {
			f.log.Warn("farm: fetch", "drv", a.Drv, "from", a.From, "err", err)
			f.step(coordinator.FetchFailed{Drv: a.Drv, Reason: err.Error()})
			return
		}
		f.step(coordinator.Fetched{Drv: a.Drv})
	})
}

// finished feeds the outcome of a build of drv on peer.
func (f *Farm) finished(drv, peer string, res buildOutcome) {
	if l, ok := f.leased[drv]; ok && l.peer == peer {
		delete(f.leased, drv)
		if res.err == nil {
			f.guard.built(peer)
		}
	}
	if res.err != nil {
		f.feed(coordinator.BuildFailed{Drv: drv, Peer: coordinator.PeerID(peer), Deterministic: res.deterministic, Reason: res.err.Error(), MissingInput: res.missing})
		return
	}
	f.noteBuilt(drv, peer, res)
	f.feed(coordinator.BuildFinished{Drv: drv, Peer: coordinator.PeerID(peer), SignedBy: res.signedBy})
}
