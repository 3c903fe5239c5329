package coordinator

import "fmt"

// request adds a build request's graph and roots. It validates everything
// before changing anything.
func (c *Coordinator) request(ev BuildRequested) error {
	// Order the new jobs so that inputs come first; then derivation index
	// order is a topological order of the whole graph, because old
	// derivations never depend on new ones.
	local := make(map[string]int, len(ev.Jobs))
	for k := range ev.Jobs {
		p := ev.Jobs[k].Drv
		if _, known := c.byPath[p]; known {
			continue
		}
		if _, dup := local[p]; dup {
			return fmt.Errorf("%w %q: derivation %s listed twice", ErrBadRequest, ev.ID, p)
		}
		local[p] = k
	}
	pending := make([]int, len(ev.Jobs)) // unresolved new inputs per job
	users := make(map[int][]int)
	var order []int
	for k := range ev.Jobs {
		if _, isNew := local[ev.Jobs[k].Drv]; !isNew || local[ev.Jobs[k].Drv] != k {
			continue
		}
		for _, in := range ev.Jobs[k].Inputs {
			if _, known := c.byPath[in]; known {
				continue
			}
			j, ok := local[in]
			if !ok {
				return fmt.Errorf("%w %q: input %s of %s is not in the graph", ErrBadRequest, ev.ID, in, ev.Jobs[k].Drv)
			}
			pending[k]++
			users[j] = append(users[j], k)
		}
		if pending[k] == 0 {
			order = append(order, k)
		}
	}
	for n := 0; n < len(order); n++ {
		for _, u := range users[order[n]] {
			if pending[u]--; pending[u] == 0 {
				order = append(order, u)
			}
		}
	}
	if len(order) != len(local) {
		return fmt.Errorf("%w %q: the derivation graph has a cycle", ErrBadRequest, ev.ID)
	}
	for _, r := range ev.Roots {
		if _, known := c.byPath[r]; !known {
			if _, isNew := local[r]; !isNew {
				return fmt.Errorf("%w %q: root %s is not in the graph", ErrBadRequest, ev.ID, r)
			}
		}
	}

	first := int32(len(c.drvs))
	for _, k := range order {
		c.byPath[ev.Jobs[k].Drv] = int32(len(c.drvs))
		c.drvs = append(c.drvs, &drv{job: ev.Jobs[k], state: sLookingUp})
	}
	for i := first; i < int32(len(c.drvs)); i++ {
		d := c.drvs[i]
		d.inputs = make([]int32, len(d.job.Inputs))
		for k, in := range d.job.Inputs {
			j := c.byPath[in]
			d.inputs[k] = j
			c.drvs[j].parents = append(c.drvs[j].parents, i)
			if s := c.drvs[j].state; s != sAvailable && s != sFetching {
				d.missing++
			}
		}
	}
	c.prioritise()
	for i := first; i < int32(len(c.drvs)); i++ {
		d := c.drvs[i]
		c.emit(Lookup{Drv: d.job.Drv, Outputs: d.job.Outputs})
	}

	r := int32(len(c.reqs))
	req := &request{id: ev.ID, check: ev.Check}
	c.reqs = append(c.reqs, req)
	if ev.Check {
		for k := range ev.Jobs {
			d := c.drvs[c.byPath[ev.Jobs[k].Drv]]
			d.checkReqs = append(d.checkReqs, r)
		}
	}
	var roots []int32
	for _, p := range ev.Roots {
		i := c.byPath[p]
		d := c.drvs[i]
		if len(d.roots) > 0 && d.roots[len(d.roots)-1] == r {
			continue // listed twice
		}
		d.roots = append(d.roots, r)
		req.open++
		roots = append(roots, i)
	}
	if req.open == 0 {
		c.emit(RequestDone{Req: req.id})
		return nil
	}
	c.unfail(roots)
	for _, i := range roots {
		if s := c.drvs[i].state; s == sAvailable || s == sFetching {
			c.checkFound(i)
		}
	}
	for _, i := range roots {
		c.markNeeded(i)
		c.checkRoot(i)
	}
	return nil
}

// unfail gives derivations that failed for a reason a retry may change
// (given up after MaxAttempts, or an input that did) a fresh start when a
// new request reaches them from roots.
func (c *Coordinator) unfail(roots []int32) {
	stack := append([]int32(nil), roots...)
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		d := c.drvs[i]
		if d.state != sFailed || d.permanent {
			continue
		}
		c.failed--
		c.toBuild--
		d.state = sMissing
		d.gen++
		d.needed = false
		d.attempts = 0
		d.excluded, d.former = nil, nil
		d.reason = ""
		stack = append(stack, d.inputs...)
	}
}

// prioritise computes every derivation's critical-path priority: its weight
// plus the largest priority among its users, i.e. the length of the longest
// chain from it to a root. Users have larger indices than their inputs.
func (c *Coordinator) prioritise() {
	for i := len(c.drvs) - 1; i >= 0; i-- {
		d := c.drvs[i]
		var m int64
		for _, p := range d.parents {
			if pp := c.drvs[p].prio; pp > m {
				m = pp
			}
		}
		w := d.job.Weight.Milliseconds()
		if w <= 0 {
			w = 1
		}
		d.prio = w + m
	}
}

// checkRoot resolves the requests rooted at i if its outcome is known, or
// fetches its outputs.
func (c *Coordinator) checkRoot(i int32) {
	d := c.drvs[i]
	if len(d.roots) == 0 {
		return
	}
	switch d.state {
	case sFailed:
		c.resolveRoots(d, c.failure(d))
	case sAvailable:
		if d.local || d.isCheck() {
			c.resolveRoots(d, "")
			return
		}
		c.setState(d, sFetching)
		c.emit(Fetch{Drv: d.job.Drv, From: d.at})
	}
}

// resolveRoots reports root d done (reason empty) or failed to every
// request waiting for it.
func (c *Coordinator) resolveRoots(d *drv, reason string) {
	for _, r := range d.roots {
		req := c.reqs[r]
		req.open--
		if reason == "" {
			c.emit(RootDone{Req: req.id, Drv: d.job.Drv, Outputs: d.job.Outputs})
		} else {
			req.failed++
			c.emit(RootFailed{Req: req.id, Drv: d.job.Drv, Reason: reason})
		}
		if req.open == 0 {
			c.emit(RequestDone{Req: req.id, Failed: req.failed})
		}
	}
	d.roots = nil
}
