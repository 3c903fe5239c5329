package coordinator

import (
	"fmt"
	"slices"
)

func (c *Coordinator) onFound(ev OutputsFound) {
	i, d := c.lookup(ev.Drv)
	if d == nil {
		return
	}
	local := ev.At == "" || ev.At == c.cfg.Self
	if !local && c.gone[ev.At] {
		// A provider record of a peer that died: nobody to fetch from.
		c.onMissing(OutputsMissing{Drv: ev.Drv})
		return
	}
	switch d.state {
	case sLookingUp:
		d.substituted = true
		if d.needed {
			c.substituted++
		}
		d.at, d.local = ev.At, local
		c.checkFound(i)
		c.available(i, ev.At, local, false)
	case sRelookup:
		c.available(i, ev.At, local, false)
	}
}

func (c *Coordinator) onMissing(ev OutputsMissing) {
	i, d := c.lookup(ev.Drv)
	if d == nil {
		return
	}
	if d.state != sLookingUp && d.state != sRelookup {
		return
	}
	if ev.BuildingBy != "" && ev.BuildingBy != c.cfg.Self {
		c.noteRemote(i, d, ev.BuildingBy)
	}
	switch {
	case d.state == sRelookup:
		c.rebuild(i)
	case d.needed:
		c.requireBuild(i)
	default:
		c.setState(d, sMissing)
	}
}

func (c *Coordinator) onFetched(ev Fetched) {
	i, d := c.lookup(ev.Drv)
	if d == nil || d.state != sFetching {
		return
	}
	c.setState(d, sAvailable)
	d.local = true
	d.at = c.cfg.Self
	c.checkRoot(i)
}

func (c *Coordinator) onFetchFailed(ev FetchFailed) {
	i, d := c.lookup(ev.Drv)
	if d == nil || d.state != sFetching {
		return
	}
	d.fetchFails++
	reason := fmt.Sprintf("cannot fetch outputs from %s: %s", d.at, ev.Reason)
	if d.fetchFails >= c.cfg.MaxFetchFailures {
		c.setState(d, sAvailable)
		c.resolveRoots(d, reason)
		return
	}
	c.relookup(i)
}

func (c *Coordinator) onClaim(cl Claim) {
	i, d := c.lookup(cl.Drv)
	if d == nil {
		return
	}
	p := c.peers[cl.Peer]
	if p == nil || cl.Peer == c.cfg.Self || (d.isCheck() && cl.Peer == d.avoid) {
		c.emit(Reject{Drv: cl.Drv, Peer: cl.Peer})
		return
	}
	p.free = cl.FreeSlots
	if d.state != sOffered || cl.FreeSlots <= 0 ||
		(len(p.info.Systems) > 0 && !canBuild(p.info.Systems, p.info.Features, &d.job)) {
		c.emit(Reject{Drv: cl.Drv, Peer: cl.Peer})
		return
	}
	replaced := false
	for k := range d.claims {
		if d.claims[k].Peer == cl.Peer {
			d.claims[k] = cl
			replaced = true
		}
	}
	if !replaced {
		d.claims = append(d.claims, cl)
	}
	if c.now >= d.offeredAt+c.cfg.ClaimWindow {
		c.decide(i)
	}
}

func (c *Coordinator) onHeartbeat(ev Heartbeat) {
	_, d := c.lookup(ev.Drv)
	if d == nil {
		return
	}
	if d.state == sLeased && d.holder == ev.Peer {
		d.leaseUntil = c.now + c.cfg.LeaseTimeout
		return
	}
	c.emit(Revoke{Drv: ev.Drv, Peer: ev.Peer, Reason: "no lease"})
}

func (c *Coordinator) onFinished(ev BuildFinished) {
	i, d := c.lookup(ev.Drv)
	if d == nil {
		return
	}
	switch d.state {
	case sLeased, sOffered, sQueued, sBackoff, sWaitRemote:
	default:
		return // not ours to build, or already done
	}
	if d.holder != ev.Peer && !slices.Contains(d.former, ev.Peer) {
		return // never leased to that peer
	}
	if ev.Peer != c.cfg.Self && len(c.cfg.TrustedKeys) > 0 && !contains(c.cfg.TrustedKeys, ev.SignedBy) {
		if d.state == sLeased && d.holder == ev.Peer {
			c.endLease(d)
			c.retry(i, ev.Peer, "result signed by untrusted key "+ev.SignedBy)
		}
		return
	}
	if d.state == sLeased {
		if d.holder != ev.Peer {
			c.emit(Revoke{Drv: d.job.Drv, Peer: d.holder, Reason: "built by " + string(ev.Peer)})
		}
		c.endLease(d)
	}
	c.rejectClaims(d, "")
	c.built++
	c.builtOn[ev.Peer] = struct{}{}
	if d.isCheck() {
		c.checkPassed(d, ev.Peer)
	} else {
		c.checkAfterBuild(i, ev.Peer)
	}
	// Announced or not (a revoked build that finished anyway), other
	// coordinators may be waiting for it.
	d.announced = false
	c.emit(AnnounceDone{Drv: d.job.Drv, At: ev.Peer})
	c.available(i, ev.Peer, ev.Peer == c.cfg.Self, true)
}

func (c *Coordinator) onFailed(ev BuildFailed) {
	i, d := c.lookup(ev.Drv)
	if d == nil || d.state != sLeased || d.holder != ev.Peer {
		return
	}
	if !ev.Deterministic && c.inputLost(i, ev) {
		return
	}
	c.endLease(d)
	if ev.Deterministic && d.isCheck() {
		c.checkDiffers(i, ev.Peer, ev.Reason)
		return
	}
	if ev.Deterministic {
		c.failPermanently(i, fmt.Sprintf("build failed on %s: %s", ev.Peer, ev.Reason))
		return
	}
	c.retry(i, ev.Peer, ev.Reason)
}

func (c *Coordinator) onJoined(ev PeerJoined) {
	if ev.Peer == c.cfg.Self || ev.Peer == "" {
		return
	}
	delete(c.gone, ev.Peer)
	p := c.peers[ev.Peer]
	if p == nil {
		p = &peer{}
		c.peers[ev.Peer] = p
	}
	p.info = ev.Info
	p.free = ev.Info.Slots
}

func (c *Coordinator) onDied(ev PeerDied) {
	if ev.Peer != c.cfg.Self && ev.Peer != "" {
		c.gone[ev.Peer] = true
	}
	c.holderDied(ev.Peer)
	p := c.peers[ev.Peer]
	if p == nil {
		return
	}
	delete(c.peers, ev.Peer)
	for _, i := range p.leases {
		if d := c.drvs[i]; d.state == sLeased && d.holder == ev.Peer {
			c.lostLease(i, "peer died")
		}
	}
	for _, i := range p.announced {
		d := c.drvs[i]
		if d.remoteBy != ev.Peer {
			continue
		}
		d.remoteBy = ""
		if d.state == sWaitRemote {
			c.makeReady(i)
		}
	}
}

func (c *Coordinator) onRemoteBuilding(ev RemoteBuilding) {
	i, d := c.lookup(ev.Drv)
	if d == nil || ev.By == c.cfg.Self || ev.By == "" {
		return
	}
	switch d.state {
	case sAvailable, sFetching, sRelookup, sFailed:
		return
	}
	c.noteRemote(i, d, ev.By)
	switch d.state {
	case sOffered, sQueued, sBackoff:
		if d.state == sOffered {
			c.emit(Withdraw{Drv: d.job.Drv})
		}
		c.rejectClaims(d, "")
		c.makeReady(i) // waits for the remote build
	case sWaitRemote:
		c.at(d.remoteUntil, i, tRemoteLapse)
	case sLeased:
		// Both coordinators may have started; the smaller peer ID keeps it.
		if ev.By < c.cfg.Self {
			c.emit(Revoke{Drv: d.job.Drv, Peer: d.holder, Reason: "coordinator " + string(ev.By) + " builds it"})
			d.former = append(d.former, d.holder)
			c.endLease(d)
			d.announced = false
			c.makeReady(i)
		} else {
			c.emit(Announce{Drv: d.job.Drv})
		}
	}
}

// noteRemote records that coordinator by builds d, for AnnounceTTL.
func (c *Coordinator) noteRemote(i int32, d *drv, by PeerID) {
	if p := c.peers[by]; p != nil && d.remoteBy != by {
		p.announced = append(p.announced, i)
	}
	d.remoteBy = by
	d.remoteUntil = c.now + c.cfg.AnnounceTTL
}

func (c *Coordinator) onRemoteDone(ev RemoteBuildDone) {
	i, d := c.lookup(ev.Drv)
	if d == nil {
		return
	}
	if ev.Failed {
		if d.remoteBy != "" {
			d.remoteBy = ""
			if d.state == sWaitRemote {
				c.makeReady(i)
			}
		}
		return
	}
	switch d.state {
	case sAvailable, sFetching, sRelookup, sFailed:
		return
	case sLeased:
		c.emit(Revoke{Drv: d.job.Drv, Peer: d.holder, Reason: "built by another coordinator"})
		c.endLease(d)
	case sOffered:
		c.emit(Withdraw{Drv: d.job.Drv})
	}
	c.rejectClaims(d, "")
	d.remoteBy = ""
	d.announced = false
	d.substituted = true
	if d.needed {
		c.substituted++
	}
	d.at, d.local = ev.At, ev.At == c.cfg.Self
	c.checkFound(i)
	c.available(i, ev.At, ev.At == c.cfg.Self, false)
}
