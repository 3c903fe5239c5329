package coordinator

import "slices"

// relookup looks the outputs of available derivation i up again: the copy
// it knew of became unreachable. Its users count it missing until it is
// found or rebuilt; those not yet leased wait for it again.
func (c *Coordinator) relookup(i int32) {
	d := c.drvs[i]
	c.setState(d, sRelookup)
	c.emit(Lookup{Drv: d.job.Drv, Outputs: d.job.Outputs})
	for _, p := range d.parents {
		pd := c.drvs[p]
		pd.missing++
		switch pd.state {
		case sOffered, sQueued, sBackoff:
			if pd.state == sOffered {
				c.emit(Withdraw{Drv: pd.job.Drv})
			}
			c.rejectClaims(pd, "")
			pd.parked = false
			c.setState(pd, sWaitInputs)
		}
	}
}

// rebuild makes i, whose outputs nobody has any more, a job again. It is a
// new build: earlier attempts do not count.
func (c *Coordinator) rebuild(i int32) {
	d := c.drvs[i]
	if d.substituted {
		d.substituted = false
		if d.needed {
			c.substituted--
		}
	}
	d.needed = true
	d.attempts = 0
	c.requireBuild(i)
}

// waitingFor reports whether a user of d not yet leased needs its outputs.
func (c *Coordinator) waitingFor(d *drv) bool {
	for _, p := range d.parents {
		switch c.drvs[p].state {
		case sWaitInputs, sOffered, sQueued, sBackoff:
			return true
		}
	}
	return false
}

// holderDied looks up again the outputs that were only known at peer and
// that users still wait for.
func (c *Coordinator) holderDied(peer PeerID) {
	held := c.holders[peer]
	delete(c.holders, peer)
	for _, i := range held {
		if d := c.drvs[i]; d.state == sAvailable && !d.local && d.at == peer && c.waitingFor(d) {
			c.relookup(i)
		}
	}
}

// inputLost handles a transient failure of leased job i whose builder
// could not fetch input ev.MissingInput: the job waits for the input to be
// looked up again (or rebuilt) and is offered again, preferring other
// builders, without counting an attempt. It reports false when the failure
// is an ordinary one: no such input, the input is local, or its lookups
// again already failed MaxFetchFailures times.
func (c *Coordinator) inputLost(i int32, ev BuildFailed) bool {
	if ev.MissingInput == "" {
		return false
	}
	j, e := c.lookup(ev.MissingInput)
	d := c.drvs[i]
	if e == nil || !slices.Contains(d.inputs, j) {
		return false
	}
	switch {
	case e.state == sAvailable && !e.local && e.fetchFails < c.cfg.MaxFetchFailures:
		e.fetchFails++
		defer c.relookup(j) // after i waits, so that i counts it missing
	case e.state == sRelookup || e.state.toBuild():
		// Already being looked up or rebuilt; i counts it missing.
	default:
		return false
	}
	c.endLease(d)
	d.excluded = append(d.excluded, ev.Peer)
	d.former = append(d.former, ev.Peer)
	c.setState(d, sWaitInputs)
	return true
}
