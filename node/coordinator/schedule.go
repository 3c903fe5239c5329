package coordinator

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// markNeeded records that the outputs of i are needed (it is a root or an
// input of something to build), and starts building it if nobody has them.
func (c *Coordinator) markNeeded(i int32) {
	d := c.drvs[i]
	if d.needed {
		return
	}
	d.needed = true
	if d.substituted {
		c.substituted++
	}
	if d.state == sMissing {
		c.requireBuild(i)
	}
}

// requireBuild makes i a job: its inputs become needed, and it is ready
// once they are all available.
func (c *Coordinator) requireBuild(i int32) {
	d := c.drvs[i]
	c.setState(d, sWaitInputs)
	c.toBuild++
	for _, in := range d.inputs {
		c.markNeeded(in)
		if d.state != sWaitInputs {
			return // an input failed, and so did i
		}
	}
	for _, in := range d.inputs {
		if e := c.drvs[in]; e.state == sFailed {
			c.failFrom(i, e.origin, e.reason)
			return
		}
	}
	if d.missing == 0 {
		c.makeReady(i)
	}
}

// localFree reports whether a local slot is free for this coordinator.
func (c *Coordinator) localFree() bool {
	return c.localRunning+c.external < c.cfg.LocalSlots
}

func (c *Coordinator) canBuildLocally(d *drv) bool {
	if d.isCheck() && d.avoid == c.cfg.Self {
		return false
	}
	return c.cfg.LocalSlots > 0 && canBuild(c.cfg.Systems, c.cfg.Features, &d.job)
}

// peerCanBuild reports whether some peer may build d: one whose systems
// and features match, or whose systems are not known.
func (c *Coordinator) peerCanBuild(d *drv) bool {
	for id, p := range c.peers { // any order gives the same answer
		if d.isCheck() && id == d.avoid {
			continue
		}
		if len(p.info.Systems) == 0 || canBuild(p.info.Systems, p.info.Features, &d.job) {
			return true
		}
	}
	return false
}

// makeReady hands a job whose inputs exist to a builder (or, if one is
// missing again, has it wait for its inputs): it waits for
// another coordinator's announced build, queues for a local slot in
// LocalOnly mode, or is offered.
func (c *Coordinator) makeReady(i int32) {
	d := c.drvs[i]
	d.parked = false
	d.claims = d.claims[:0]
	if d.missing > 0 {
		// An input became unreachable while i was leased or waiting.
		c.setState(d, sWaitInputs)
		return
	}
	if d.remoteBy != "" && d.remoteUntil > c.now {
		c.setState(d, sWaitRemote)
		c.at(d.remoteUntil, i, tRemoteLapse)
		return
	}
	d.remoteBy = ""
	if d.isCheck() && (c.cfg.LocalOnly || !c.canBuildLocally(d) && !c.peerCanBuild(d)) {
		c.fail(i, c.noChecker(d))
		return
	}
	if c.cfg.LocalOnly {
		if !c.canBuildLocally(d) {
			what := d.job.System
			if len(d.job.Features) > 0 {
				what += " with features " + strings.Join(d.job.Features, ",")
			}
			c.failPermanently(i, "work is kept local and this node cannot build "+what)
			return
		}
		c.setState(d, sQueued)
		c.waiting.push(i, d.gen)
		c.fill = true
		return
	}
	if !c.canBuildLocally(d) && !c.peerCanBuild(d) {
		// Like Nix without a matching builder; not permanent, as a later
		// request may find a peer that joined since.
		c.fail(i, fmt.Sprintf("a '%s' with features {%s} is required to build '%s', but no node of the cluster is one",
			d.job.System, strings.Join(d.job.Features, ", "), d.job.Drv))
		return
	}
	c.setState(d, sOffered)
	d.offeredAt = c.now
	c.emit(Offer{Job: &d.job, Priority: d.prio})
	c.after(c.cfg.ClaimWindow, i, tDecide)
}

// candidate is a possible builder of one job.
type candidate struct {
	peer     PeerID
	bytes    int64
	load     float64
	speed    float64
	excluded bool
	local    bool
}

// better orders candidates: peers a job did not fail on, then most input
// bytes already local, least loaded, fastest, this node, peer ID.
func better(a, b *candidate) bool {
	if a.excluded != b.excluded {
		return !a.excluded
	}
	if a.bytes != b.bytes {
		return a.bytes > b.bytes
	}
	if a.load != b.load {
		return a.load < b.load
	}
	if a.speed != b.speed {
		return a.speed > b.speed
	}
	if a.local != b.local {
		return a.local
	}
	return a.peer < b.peer
}

// decide grants offered job i to the best candidate, or parks it until a
// claim or a local slot comes.
func (c *Coordinator) decide(i int32) {
	d := c.drvs[i]
	var best candidate
	found := false
	for k := range d.claims {
		cl := &d.claims[k]
		p := c.peers[cl.Peer]
		if p == nil || p.free <= 0 || (d.isCheck() && cl.Peer == d.avoid) {
			continue
		}
		cand := candidate{peer: cl.Peer, bytes: cl.LocalBytes, load: cl.Load, speed: cl.Speed, excluded: slices.Contains(d.excluded, cl.Peer)}
		if !found || better(&cand, &best) {
			best, found = cand, true
		}
	}
	if c.localFree() && c.canBuildLocally(d) {
		cand := candidate{peer: c.cfg.Self, load: float64(c.localRunning+c.external) / float64(c.cfg.LocalSlots), speed: c.cfg.Speed, excluded: slices.Contains(d.excluded, c.cfg.Self), local: true}
		for _, in := range d.inputs {
			if e := c.drvs[in]; e.local {
				cand.bytes += e.job.OutputBytes
			}
		}
		if !found || better(&cand, &best) {
			best, found = cand, true
		}
	}
	if !found {
		if !d.parked {
			d.parked = true
			if c.canBuildLocally(d) {
				c.waiting.push(i, d.gen)
			}
			c.after(c.cfg.OfferTimeout, i, tReoffer)
		}
		return
	}
	c.rejectClaims(d, best.peer)
	c.grant(i, best.peer)
}

// rejectClaims tells every claimant of d but winner that it lost.
func (c *Coordinator) rejectClaims(d *drv, winner PeerID) {
	for _, cl := range d.claims {
		if cl.Peer != winner {
			c.emit(Reject{Drv: d.job.Drv, Peer: cl.Peer})
		}
	}
	d.claims = d.claims[:0]
}

// grant leases i to p (Self: builds it locally) and announces the build.
func (c *Coordinator) grant(i int32, p PeerID) {
	d := c.drvs[i]
	c.setState(d, sLeased)
	d.parked = false
	d.holder = p
	c.running++
	if p == c.cfg.Self {
		c.localRunning++
		c.emit(StartBuild{Job: &d.job})
	} else {
		pe := c.peers[p]
		pe.free--
		pe.leases = append(pe.leases, i)
		d.leaseUntil = c.now + c.cfg.LeaseTimeout
		c.emit(Grant{Drv: d.job.Drv, Peer: p, Until: d.leaseUntil})
		c.at(d.leaseUntil, i, tLease)
	}
	d.announced = true
	c.emit(Announce{Drv: d.job.Drv})
	c.after(c.cfg.AnnounceTTL/3, i, tAnnounce)
}

// endLease forgets i's lease holder; the caller sets the next state.
func (c *Coordinator) endLease(d *drv) {
	if d.state != sLeased {
		return
	}
	c.running--
	if d.holder == c.cfg.Self {
		c.localRunning--
		c.fill = true
	}
	d.holder = ""
	d.gen++
}

// fillLocal starts waiting jobs, highest priority first, while local slots
// are free.
func (c *Coordinator) fillLocal() {
	for c.localFree() && c.waiting.Len() > 0 {
		i, gen := c.waiting.peek()
		c.waiting.pop()
		d := c.drvs[i]
		if d.gen != gen || (d.state != sQueued && d.state != sOffered) {
			continue
		}
		c.rejectClaims(d, "")
		c.grant(i, c.cfg.Self)
	}
}

// lostLease takes i back from its holder and offers it again at once.
func (c *Coordinator) lostLease(i int32, reason string) {
	d := c.drvs[i]
	holder := d.holder
	c.emit(Revoke{Drv: d.job.Drv, Peer: holder, Reason: reason})
	c.endLease(d)
	d.excluded = append(d.excluded, holder)
	d.former = append(d.former, holder)
	d.attempts++
	if d.attempts >= c.cfg.MaxAttempts {
		c.fail(i, fmt.Sprintf("gave up after %d attempts, last: %s on %s", d.attempts, reason, holder))
		return
	}
	c.makeReady(i)
}

// retry counts a transient failure of i on p and retries after a backoff.
func (c *Coordinator) retry(i int32, p PeerID, reason string) {
	d := c.drvs[i]
	d.excluded = append(d.excluded, p)
	d.former = append(d.former, p)
	d.attempts++
	if d.attempts >= c.cfg.MaxAttempts {
		c.fail(i, fmt.Sprintf("gave up after %d attempts, last on %s: %s", d.attempts, p, reason))
		return
	}
	c.setState(d, sBackoff)
	c.after(c.backoff(d.attempts), i, tBackoff)
}

func (c *Coordinator) backoff(attempts int) time.Duration {
	b := c.cfg.RetryBackoff
	for n := 1; n < attempts && b < c.cfg.MaxBackoff; n++ {
		b *= 2
	}
	return min(b, c.cfg.MaxBackoff)
}

// fail marks i failed for reason, with its users waiting for it and the
// requests rooted at them.
func (c *Coordinator) fail(i int32, reason string) { c.failFrom(i, i, reason) }

// failPermanently fails i for a reason that a retry cannot change (the
// builder failed deterministically, no builder for its system): later
// requests get the failure at once. Other failures are retried when a later
// request needs the derivation again.
func (c *Coordinator) failPermanently(i int32, reason string) {
	c.drvs[i].permanent = true
	c.failFrom(i, i, reason)
}

// failFrom marks i failed because origin (i itself or an input) failed for
// reason. Users share the origin's reason rather than nesting it, so a
// failure deep in a long chain costs no more than a shallow one.
func (c *Coordinator) failFrom(i, origin int32, reason string) {
	d := c.drvs[i]
	if d.state == sFailed {
		return
	}
	c.setState(d, sFailed)
	d.reason = reason
	d.origin = origin
	d.permanent = c.drvs[origin].permanent
	c.failed++
	c.rejectClaims(d, "")
	if d.announced {
		d.announced = false
		c.emit(AnnounceDone{Drv: d.job.Drv, Failed: true})
	}
	if d.isCheck() && !d.differs {
		c.emit(CheckDone{Drv: d.job.CheckOf, First: d.avoid, Reason: c.failure(d)})
	}
	c.checkRoot(i)
	for _, p := range d.parents {
		if c.drvs[p].state == sWaitInputs {
			c.failFrom(p, origin, reason)
		}
	}
}

// failure describes why failed derivation d failed.
func (c *Coordinator) failure(d *drv) string {
	if o := c.drvs[d.origin]; o != d {
		return "input " + o.job.Drv + " failed: " + d.reason
	}
	return d.reason
}

// available records that the outputs of i exist at peer at, and readies
// its users. builtHere says whether this coordinator built it.
func (c *Coordinator) available(i int32, at PeerID, local, builtHere bool) {
	d := c.drvs[i]
	if d.state.toBuild() && !builtHere {
		c.toBuild-- // someone else built it after all
	}
	c.setState(d, sAvailable)
	d.at = at
	d.local = local
	if !local && !d.isCheck() {
		c.holders[at] = append(c.holders[at], i)
	}
	for _, p := range d.parents {
		pd := c.drvs[p]
		pd.missing--
		if pd.missing == 0 && pd.state == sWaitInputs {
			c.makeReady(p)
		}
	}
	c.checkRoot(i)
}

// fire handles a deadline of d whose generation is current.
func (c *Coordinator) fire(t timer, d *drv) {
	switch t.kind {
	case tDecide:
		if d.state == sOffered {
			c.decide(t.idx)
		}
	case tReoffer:
		if d.state == sOffered {
			c.emit(Offer{Job: &d.job, Priority: d.prio})
			c.after(c.cfg.OfferTimeout, t.idx, tReoffer)
		}
	case tLease:
		if d.state != sLeased || d.holder == c.cfg.Self {
			return
		}
		if d.leaseUntil > c.now {
			c.at(d.leaseUntil, t.idx, tLease)
			return
		}
		c.lostLease(t.idx, "lease expired")
	case tAnnounce:
		if d.state == sLeased {
			c.emit(Announce{Drv: d.job.Drv})
			c.after(c.cfg.AnnounceTTL/3, t.idx, tAnnounce)
		}
	case tBackoff:
		if d.state == sBackoff {
			c.makeReady(t.idx)
		}
	case tRemoteLapse:
		if d.state == sWaitRemote && c.now >= d.remoteUntil {
			d.remoteBy = ""
			c.makeReady(t.idx)
		}
	}
}
