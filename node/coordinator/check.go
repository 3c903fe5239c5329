package coordinator

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
)

// checkSuffix ends the Drv of a check job; no store path contains '!'.
const checkSuffix = "!check"

// CheckID is the Drv of the job that checks derivation drv for
// reproducibility (Job.CheckOf is drv).
func CheckID(drv string) string { return drv + checkSuffix }

// Sampled reports whether a build of drv is among the share (0 to 1)
// checked for reproducibility: the first 53 bits of the sha256 of its path,
// as a fraction, fall below share. Every node samples the same builds.
func Sampled(drv string, share float64) bool {
	if share <= 0 {
		return false
	}
	h := sha256.Sum256([]byte(drv))
	return float64(binary.BigEndian.Uint64(h[:8])>>11)/(1<<53) < share
}

// isCheck reports whether d is a check job.
func (d *drv) isCheck() bool { return d.checkOf != 0 }

// firstBuilder is the peer whose copy of d's outputs a check compares
// with: the peer seen building it, else where the outputs were found.
func (c *Coordinator) firstBuilder(d *drv) PeerID {
	switch {
	case d.builtBy != "":
		return d.builtBy
	case d.local || d.at == "":
		return c.cfg.Self
	}
	return d.at
}

// checkRequests returns the open requests that check d: those rooted at
// it with Check set (roots) or, with built, those that listed it.
func (c *Coordinator) checkRequests(d *drv, built bool) []int32 {
	var out []int32
	add := func(r int32) {
		if req := c.reqs[r]; req.check && req.open > 0 && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	for _, r := range d.roots {
		add(r)
	}
	if built {
		for _, r := range d.checkReqs {
			add(r)
		}
	}
	return out
}

// checkAfterBuild starts the check of i, just built by peer, if a request
// asked for it or the build is sampled. It runs before i becomes
// available, so that no request waiting for the check is done first.
func (c *Coordinator) checkAfterBuild(i int32, peer PeerID) {
	d := c.drvs[i]
	if d.isCheck() {
		return
	}
	d.builtBy = peer
	reqs := c.checkRequests(d, true)
	d.checkReqs = nil
	if len(reqs) > 0 || Sampled(d.job.Drv, c.cfg.CheckShare) {
		c.addCheck(i, peer, reqs)
	}
}

// checkFound starts the check of root i, whose outputs were found, for
// the requests that asked for it.
func (c *Coordinator) checkFound(i int32) {
	d := c.drvs[i]
	if reqs := c.checkRequests(d, false); len(reqs) > 0 && !d.isCheck() {
		c.addCheck(i, c.firstBuilder(d), reqs)
	}
}

// addCheck makes i's check job, a build of i on a peer other than first
// whose outputs are compared with i's, and makes requests reqs wait for
// it. A check job that exists already is reused: its verdict stands,
// unless it could not be done, when it starts again.
func (c *Coordinator) addCheck(i int32, first PeerID, reqs []int32) {
	d := c.drvs[i]
	for _, r := range reqs {
		c.reqs[r].open++
	}
	if d.check != 0 {
		k := d.check - 1
		cd := c.drvs[k]
		cd.roots = append(cd.roots, reqs...)
		switch {
		case cd.state == sFailed && !cd.permanent:
			c.failed--
			c.toBuild--
			cd.gen++
			cd.attempts, cd.excluded, cd.former, cd.reason = 0, nil, nil, ""
			cd.avoid = first
			c.requireBuild(k)
		case cd.state == sFailed || cd.state == sAvailable:
			c.checkRoot(k)
		}
		return
	}
	job := Job{
		Drv: CheckID(d.job.Drv), CheckOf: d.job.Drv, Inputs: []string{d.job.Drv},
		System: d.job.System, Features: d.job.Features, Weight: d.job.Weight, Limits: d.job.Limits,
	}
	k := int32(len(c.drvs))
	cd := &drv{job: job, inputs: []int32{i}, checkOf: i + 1, avoid: first, needed: true, state: sMissing, roots: reqs}
	cd.prio = max(job.Weight.Milliseconds(), 1)
	if d.state != sAvailable && d.state != sFetching {
		cd.missing = 1
	}
	c.byPath[job.Drv] = k
	c.drvs = append(c.drvs, cd)
	d.parents = append(d.parents, k)
	d.check = k + 1
	c.requireBuild(k)
}

// checkDiffers ends check job i, which failed deterministically on peer:
// the rebuilt outputs differ (or the rebuild failed where the first build
// did not).
func (c *Coordinator) checkDiffers(i int32, peer PeerID, reason string) {
	d := c.drvs[i]
	d.differs = true
	c.notReproducible++
	c.emit(CheckDone{Drv: d.job.CheckOf, First: d.avoid, Second: peer, Differs: true, Reason: reason})
	// The builder's first line is Nix's; the peers go after it, before
	// any list of differing files.
	first, rest, _ := strings.Cut(reason, "\n")
	if rest != "" {
		rest = "\n" + rest
	}
	c.failPermanently(i, fmt.Sprintf("%s (built on %s, rebuilt on %s)%s", first, d.avoid, peer, rest))
}

// checkPassed counts check job d, rebuilt on peer with equal outputs.
func (c *Coordinator) checkPassed(d *drv, peer PeerID) {
	c.reproducible++
	c.emit(CheckDone{Drv: d.job.CheckOf, First: d.avoid, Second: peer})
}

// noChecker is why check job d cannot run: no second builder.
func (c *Coordinator) noChecker(d *drv) string {
	return fmt.Sprintf("checking whether '%s' is reproducible needs two peers that build %s: it was built on %s and no other peer of the cluster can build it",
		d.job.CheckOf, d.job.System, d.avoid)
}
