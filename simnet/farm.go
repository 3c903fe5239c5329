package simnet

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/p2pnix/tvix/node/coordinator"
	"github.com/p2pnix/tvix/node/worker"
)

// tickInterval is how often the simulated daemons tick their coordinators.
const tickInterval = 100 * time.Millisecond

// claimTimeout is how long a builder waits for a grant or a reject before
// it takes its slot back.
const claimTimeout = time.Second

// farm is one build-farm run in simulated time.
type farm struct {
	s      *Scenario
	r      *rand.Rand
	clk    simClock
	dag    *DAG
	serial []uint64
	nodes  []*fnode
	byID   map[coordinator.PeerID]*fnode
	links  map[[2]int]link
	reqs   []*fnode // the nodes that request builds (and run coordinators)
	board  offerBoard
	idle   int // free builder slots, for the claim spread

	holders [][]int // per derivation: nodes holding its outputs
	gone    []bool  // per derivation: built, but a lookup found no copy reachable
	runs    [][]*buildRun
	sides   []int // partition side per node; all 0 when whole
	windows [][2]time.Duration
	rep     FarmReport
	open    int // requests not yet done

	checkJobs int // check jobs appended to dag.Jobs (addCheckJob)
	detected  []time.Duration
	bad       []string
}

type link struct {
	latency   time.Duration
	bandwidth float64
}

type fnode struct {
	idx   int
	id    coordinator.PeerID
	slots int
	speed float64
	up    bool
	epoch int // bumped when the node goes down: its pending work is void

	coord   *coordinator.Coordinator // requesters only
	view    []bool                   // requesters: which peers membership reports alive
	roots   []int
	done    bool
	store   map[int]uint64 // derivation index -> output hash held
	w       *worker.Worker // nil while down
	free    int            // builders: w.Free() as last counted in farm.idle
	wakeAt  time.Duration  // the earliest Tick scheduled for w, 0 if none
	running map[int]*buildRun
}

// buildRun is one build of a derivation on a node.
type buildRun struct {
	drv        int
	node       *fnode
	coord      *fnode
	start, end time.Duration
	epoch      int
	finished   bool // the build ran to the end
	reported   bool // its BuildFinished reached the coordinator
	cancelled  bool
	rebuild    bool // every earlier copy was unreachable when it was looked up
}

// newFarm sets up the nodes, links, DAG and requests of s.
func newFarm(s *Scenario, seed uint64) *farm {
	f := &farm{s: s, r: rand.New(rand.NewPCG(seed, 0x5eed)), byID: map[coordinator.PeerID]*fnode{}, links: map[[2]int]link{}}
	f.dag = GenerateDAG(s, f.r)
	f.serial = f.dag.SerialResults()
	f.holders = make([][]int, len(f.dag.Jobs))
	f.gone = make([]bool, len(f.dag.Jobs))
	f.runs = make([][]*buildRun, len(f.dag.Jobs))
	f.sides = make([]int, s.Nodes)
	for i := 0; i < s.Nodes; i++ {
		n := &fnode{idx: i, id: coordinator.PeerID(fmt.Sprintf("n%04d", i)), up: true,
			slots: max(1, int(math.Round(s.Slots.Sample(f.r)))), speed: max(0.05, s.Speed.Sample(f.r)),
			store: map[int]uint64{}, running: map[int]*buildRun{}}
		f.nodes = append(f.nodes, n)
		f.byID[n.id] = n
	}
	// Requesters are the first nodes: users at their machines, never
	// churned. Requester 0 asks for every root, the others for random
	// halves, so their closures overlap.
	for k := 0; k < s.Requesters; k++ {
		n := f.nodes[k]
		c, err := coordinator.New(coordinator.Config{Self: n.id, Systems: []string{system}, LocalSlots: n.slots, Speed: n.speed, MaxAttempts: 8, CheckShare: s.CheckShare})
		if err != nil {
			panic(err) // the config is ours
		}
		n.coord = c
		n.view = make([]bool, s.Nodes)
		for _, r := range f.dag.Roots {
			if k == 0 || f.r.IntN(2) == 0 {
				n.roots = append(n.roots, r)
			}
		}
		if len(n.roots) == 0 {
			n.roots = f.dag.Roots[:1]
		}
		f.reqs = append(f.reqs, n)
	}
	for _, n := range f.nodes {
		f.newWorker(n)
	}
	return f
}

// link returns the link between nodes a and b, drawn once per pair.
func (f *farm) link(a, b int) link {
	if a > b {
		a, b = b, a
	}
	k := [2]int{a, b}
	l, ok := f.links[k]
	if !ok {
		r := rand.New(rand.NewPCG(uint64(a)<<32|uint64(b), 0x11)) // independent of the event order
		l = link{latency: f.s.Latency.Duration(r), bandwidth: max(1e3, f.s.Bandwidth.Sample(r))}
		f.links[k] = l
	}
	return l
}

func (f *farm) reachable(a, b *fnode) bool { return a.up && b.up && f.sides[a.idx] == f.sides[b.idx] }

func (f *farm) violation(format string, a ...any) {
	if len(f.bad) < 20 {
		f.bad = append(f.bad, fmt.Sprintf("at %s: ", f.clk.now)+fmt.Sprintf(format, a...))
	}
}

// send delivers fn at to after the link's latency unless the message is
// lost on the way (best-effort messages only), either end is down, or a
// partition separates them at either end of the trip.
func (f *farm) send(from, to *fnode, reliable bool, fn func()) {
	if from == to {
		f.clk.after(0, fn)
		return
	}
	if !f.reachable(from, to) || !reliable && f.r.Float64() < f.s.Loss {
		f.rep.MessagesLost++
		return
	}
	f.rep.Messages++
	ep := to.epoch
	f.clk.after(f.link(from.idx, to.idx).latency, func() {
		if to.epoch == ep && f.reachable(from, to) {
			fn()
		}
	})
}

// broadcast is a gossiped message: the link latency plus the epidemic's
// extra delay. memberlist retransmits broadcasts, so loss does not drop
// them; partitions and dead nodes do.
func (f *farm) broadcast(from, to *fnode, fn func()) {
	if from == to {
		f.clk.after(0, fn)
		return
	}
	if !f.reachable(from, to) {
		return
	}
	ep := to.epoch
	f.clk.after(f.link(from.idx, to.idx).latency+f.s.Broadcast.Duration(f.r), func() {
		if to.epoch == ep && f.reachable(from, to) {
			fn()
		}
	})
}

// transfer copies the outputs of drv from holder src to dst and calls done
// with whether it arrived.
func (f *farm) transfer(src, dst *fnode, drv int, kind *int64, done func(ok bool)) {
	if src == dst {
		f.clk.after(0, func() { done(true) })
		return
	}
	l := f.link(src.idx, dst.idx)
	bytes := f.dag.Jobs[drv].OutputBytes
	d := 2*l.latency + time.Duration(float64(bytes)/l.bandwidth*float64(time.Second))
	ep := dst.epoch
	h, ok := src.store[drv]
	if !ok || !f.reachable(src, dst) {
		f.clk.after(2*l.latency+time.Second, func() { done(false) })
		return
	}
	f.clk.after(d, func() {
		if dst.epoch != ep || !f.reachable(src, dst) {
			done(false)
			return
		}
		*kind += bytes
		f.hold(dst, drv, h)
		done(true)
	})
}

func (f *farm) hold(n *fnode, drv int, h uint64) {
	if _, ok := n.store[drv]; ok {
		return
	}
	n.store[drv] = h
	f.holders[drv] = append(f.holders[drv], n.idx)
}

// nearestHolder is the reachable holder of drv's outputs with the lowest
// latency to n, or nil.
func (f *farm) nearestHolder(n *fnode, drv int) *fnode {
	if _, ok := n.store[drv]; ok {
		return n
	}
	var best *fnode
	var bestLat time.Duration
	for _, h := range f.holders[drv] {
		x := f.nodes[h]
		if !f.reachable(n, x) {
			continue
		}
		if l := f.link(n.idx, h).latency; best == nil || l < bestLat {
			best, bestLat = x, l
		}
	}
	return best
}

// run simulates until every request is done or the time limit passes.
func (f *farm) run() {
	s := f.s
	var idx []int
	for _, c := range f.reqs {
		idx = append(idx, c.roots...)
	}
	need := f.dag.closure(idx)
	capacity, fastest := 0.0, 0.0
	for _, n := range f.nodes {
		capacity += float64(n.slots) * n.speed
		fastest = max(fastest, n.speed)
	}
	f.rep.LowerBound = f.dag.lowerBound(need, capacity, fastest)
	f.rep.Needed = len(need)

	// Everyone knows everyone at the start.
	for _, c := range f.reqs {
		for _, n := range f.nodes {
			if n != c {
				c.view[n.idx] = true
				f.step(c, coordinator.PeerJoined{Peer: n.id, Info: f.info(n)})
			}
		}
	}
	for k, c := range f.reqs {
		c := c
		f.open++
		f.clk.after(time.Duration(k)*2*time.Second, func() {
			var jobs []coordinator.Job
			for _, i := range f.dag.closure(c.roots) {
				jobs = append(jobs, f.dag.Jobs[i])
			}
			var roots []string
			for _, i := range c.roots {
				roots = append(roots, f.dag.Jobs[i].Drv)
			}
			f.step(c, coordinator.BuildRequested{ID: "req-" + string(c.id), Jobs: jobs, Roots: roots})
		})
	}
	f.scheduleChurn()
	f.schedulePartitions()
	var tick func()
	tick = func() {
		for _, c := range f.reqs {
			c.coord.Tick(f.clk.now)
			f.handle(c)
		}
		f.clk.after(tickInterval, tick)
	}
	f.clk.after(0, tick)
	var poll func()
	poll = func() { // idle builders look at the board now and then
		for _, n := range f.nodes[s.Requesters:] {
			f.look(n)
		}
		f.clk.after(time.Second, poll)
	}
	f.clk.after(time.Second, poll)

	limit := 20*f.rep.LowerBound + 2*time.Hour
	for _, p := range s.Partitions {
		limit += p.Heal
	}
	f.clk.run(func() bool { return f.open == 0 }, limit)
	f.finish()
}

// info is n's gossiped metadata as a coordinator sees it.
func (f *farm) info(n *fnode) coordinator.PeerInfo {
	return coordinator.PeerInfo{Systems: []string{system}, Slots: n.slots, Speed: n.speed}
}

// step feeds ev to requester c's coordinator and carries out its actions.
func (f *farm) step(c *fnode, ev coordinator.Event) {
	if err := c.coord.Step(ev); err != nil {
		f.violation("%s: step %T: %v", c.id, ev, err)
	}
	f.handle(c)
}

func (f *farm) handle(c *fnode) {
	for _, a := range c.coord.Ready() {
		switch a := a.(type) {
		case coordinator.Lookup:
			f.lookup(c, f.dag.Index[a.Drv])
		case coordinator.Fetch:
			f.fetch(c, f.dag.Index[a.Drv], f.byID[a.From])
		case coordinator.Offer:
			f.addCheckJob(a.Job)
			f.offer(c, f.dag.Index[a.Job.Drv], a.Priority)
		case coordinator.Withdraw:
			f.board.remove(f.dag.Index[a.Drv], c)
		case coordinator.Grant:
			drv, b := f.dag.Index[a.Drv], f.byID[a.Peer]
			f.board.remove(drv, c)
			ev := worker.Granted{From: c.id, Drv: a.Drv, Job: &f.dag.Jobs[drv]}
			f.send(c, b, true, func() { f.wstep(b, ev) })
		case coordinator.Reject:
			b, ev := f.byID[a.Peer], worker.Rejected{From: c.id, Drv: a.Drv}
			f.send(c, b, true, func() {
				f.rep.Rejects++
				f.wstep(b, ev)
			})
		case coordinator.Revoke:
			b, ev := f.byID[a.Peer], worker.Revoked{From: c.id, Drv: a.Drv}
			f.rep.Revokes++
			if len(f.rep.RevokeReasons) < 5 {
				f.rep.RevokeReasons = append(f.rep.RevokeReasons, a.String())
			}
			if b == c {
				f.wstep(b, ev)
			} else {
				f.send(c, b, true, func() { f.wstep(b, ev) })
			}
		case coordinator.StartBuild:
			f.addCheckJob(a.Job)
			f.board.remove(f.dag.Index[a.Job.Drv], c)
			f.wstep(c, worker.LocalBuild{Job: a.Job})
		case coordinator.Announce:
			for _, o := range f.reqs {
				if o != c {
					o := o
					f.broadcast(c, o, func() { f.step(o, coordinator.RemoteBuilding{Drv: a.Drv, By: c.id}) })
				}
			}
		case coordinator.AnnounceDone:
			for _, o := range f.reqs {
				if o != c {
					o := o
					f.broadcast(c, o, func() { f.step(o, coordinator.RemoteBuildDone{Drv: a.Drv, At: a.At, Failed: a.Failed}) })
				}
			}
		case coordinator.RootDone:
			drv := f.dag.Index[a.Drv]
			f.rep.RootsDone++
			if h, ok := c.store[drv]; !ok {
				f.violation("%s: root %s done but not in its store", c.id, a.Drv)
			} else if h != f.serial[drv] {
				f.rep.Mismatches++
			}
		case coordinator.RootFailed:
			f.rep.RootsFailed++
			if len(f.rep.FailReasons) < 5 {
				f.rep.FailReasons = append(f.rep.FailReasons, fmt.Sprintf("%s %s: %s", c.id, a.Drv, a.Reason))
			}
		case coordinator.CheckDone:
			switch {
			case a.Differs:
				f.rep.Checks.Differ++
			case a.Reason != "":
				f.rep.Checks.NotDone++
			default:
				f.rep.Checks.Same++
			}
		case coordinator.RequestDone:
			if c.done {
				f.violation("%s: request done twice", c.id)
			}
			c.done = true
			f.open--
			f.rep.Makespan = max(f.rep.Makespan, f.clk.now)
		}
	}
}

// lookup answers a Lookup after a DHT round trip or two: found at the
// nearest reachable holder, or missing.
func (f *farm) lookup(c *fnode, drv int) {
	other := f.nodes[f.r.IntN(len(f.nodes))]
	d := 4 * f.link(c.idx, other.idx).latency
	f.clk.after(d, func() {
		if h := f.nearestHolder(c, drv); h != nil {
			f.step(c, coordinator.OutputsFound{Drv: f.dag.Jobs[drv].Drv, At: h.id})
		} else {
			if len(f.runs[drv]) > 0 {
				f.gone[drv] = true
			}
			f.step(c, coordinator.OutputsMissing{Drv: f.dag.Jobs[drv].Drv})
		}
	})
}

// fetch copies a root's outputs to its requester, from the named peer or
// else the nearest holder.
func (f *farm) fetch(c *fnode, drv int, from *fnode) {
	name := f.dag.Jobs[drv].Drv
	if from == nil || !f.reachable(c, from) {
		from = f.nearestHolder(c, drv)
	}
	if from == nil {
		f.clk.after(time.Second, func() { f.step(c, coordinator.FetchFailed{Drv: name, Reason: "no reachable holder"}) })
		return
	}
	f.transfer(from, c, drv, &f.rep.BytesRoots, func(ok bool) {
		if ok {
			f.step(c, coordinator.Fetched{Drv: name})
		} else {
			f.step(c, coordinator.FetchFailed{Drv: name, Reason: "transfer failed"})
		}
	})
}

// startRun builds drv on n for coordinator c, as n's worker asked: fetch
// the missing inputs (in parallel), build for Weight/speed, keep the
// output, replicate it, and tell the worker how it ended.
func (f *farm) startRun(n, c *fnode, drv int) {
	if old := n.running[drv]; old != nil {
		f.violation("%s starts %s while it runs", n.id, f.dag.Jobs[drv].Drv)
		f.cancel(old)
	}
	run := &buildRun{drv: drv, node: n, coord: c, start: f.clk.now, epoch: n.epoch, rebuild: f.gone[drv]}
	f.gone[drv] = false
	n.running[drv] = run
	job := &f.dag.Jobs[drv]
	live := func() bool { return n.running[drv] == run && n.epoch == run.epoch && !run.cancelled }
	pending := 1
	missing := "" // the first input that could not be fetched
	var body func()
	arrived := func(in string) {
		if missing == "" {
			missing = in
		}
		if pending--; pending == 0 {
			body()
		}
	}
	body = func() {
		if !live() {
			return
		}
		if missing != "" {
			f.rep.InputFetchFailures++
			f.endRun(run, false)
			f.wstep(n, worker.BuildEnded{Drv: job.Drv, Result: worker.Result{Err: "no reachable holder of input " + missing, MissingInput: missing}})
			return
		}
		in := make([]uint64, len(job.Inputs))
		for k, p := range job.Inputs {
			h, ok := n.store[f.dag.Index[p]]
			if !ok {
				f.violation("%s builds %s without its input %s", n.id, job.Drv, p)
			}
			in[k] = h
		}
		out := outputHash(job.Drv, in)
		f.rep.FetchWait += f.clk.now - run.start
		d := time.Duration(float64(job.Weight) / n.speed)
		f.clk.after(d, func() {
			if !live() {
				return
			}
			run.finished = true
			f.endRun(run, true)
			if job.CheckOf != "" {
				// A check's rebuild compares; it adds no copy.
				f.rep.Checks.Runs++
				f.wstep(n, worker.BuildEnded{Drv: job.Drv, Result: worker.Result{SignedBy: "k-" + string(n.id), Built: true, Duration: d}})
				return
			}
			f.runs[drv] = append(f.runs[drv], run)
			f.hold(n, drv, out)
			f.replicate(n, drv)
			f.wstep(n, worker.BuildEnded{Drv: job.Drv, Result: worker.Result{SignedBy: "k-" + string(n.id), Built: true, Duration: d}})
		})
	}
	for _, p := range job.Inputs {
		in := f.dag.Index[p]
		if _, ok := n.store[in]; ok {
			continue
		}
		pending++
		f.fetchInput(n, in, func(ok bool) {
			if ok {
				arrived("")
			} else {
				arrived(p)
			}
		})
	}
	arrived("")
}

// fetchInput copies input drv to n from the nearest reachable holder. If
// there is none, or the transfer is cut, the build fails naming the input,
// and its coordinator looks the input up again or has it rebuilt.
func (f *farm) fetchInput(n *fnode, drv int, done func(bool)) {
	src := f.nearestHolder(n, drv)
	if src == nil {
		f.clk.after(0, func() { done(false) })
		return
	}
	f.transfer(src, n, drv, &f.rep.BytesInputs, done)
}

// endRun ends run; a run that did not finish is lost work.
func (f *farm) endRun(run *buildRun, finished bool) {
	if n := run.node; n.running[run.drv] == run {
		delete(n.running, run.drv)
	}
	run.end = f.clk.now
	if !finished {
		f.rep.LostWork += run.end - run.start
	}
}

func (f *farm) cancel(run *buildRun) {
	run.cancelled = true
	f.endRun(run, false)
}

// replicate copies a new output to Replicas-1 random reachable peers.
func (f *farm) replicate(n *fnode, drv int) {
	for k := 1; k < f.s.Replicas; k++ {
		for try := 0; try < 4; try++ {
			p := f.nodes[f.r.IntN(len(f.nodes))]
			if _, has := p.store[drv]; has || !f.reachable(n, p) {
				continue
			}
			f.transfer(n, p, drv, &f.rep.BytesReplication, func(bool) {})
			break
		}
	}
}

// offer puts a job on the board; it becomes visible to builders after the
// broadcast delay, and one idle builder is nudged to look.
func (f *farm) offer(c *fnode, drv int, prio int64) {
	if f.board.refresh(drv, c, f.clk.now) {
		return
	}
	o := &offer{drv: drv, coord: c, prio: prio, visible: f.clk.now + f.s.Latency.Duration(f.r) + f.s.Broadcast.Duration(f.r), sent: f.clk.now, tie: f.r.Uint64(), refused: map[int]bool{}}
	f.board.add(o)
	f.clk.after(o.visible-f.clk.now, func() {
		if f.idle == 0 {
			return
		}
		// Builders are woken in a random order, one per offer.
		start := f.r.IntN(len(f.nodes))
		for k := range f.nodes {
			n := f.nodes[(start+k)%len(f.nodes)]
			if n.coord == nil && n.up && n.free > 0 && f.reachable(n, c) {
				f.look(n)
				return
			}
		}
	})
}

// down takes n off the network: its builds and claims are lost, its disk
// (store) stays. Each requester's membership notices after Detect.
func (f *farm) down(n *fnode) {
	if !n.up {
		return
	}
	for _, run := range sortedRuns(n.running) {
		f.cancel(run)
	}
	f.idle -= n.free
	n.up = false
	n.epoch++
	n.w, n.free, n.wakeAt = nil, 0, 0
	f.rep.Churned++
	downAt := f.clk.now
	for _, c := range f.reqs {
		c := c
		f.clk.after(f.s.Detect.Duration(f.r), func() {
			if !n.up && c.view[n.idx] {
				c.view[n.idx] = false
				f.detected = append(f.detected, f.clk.now-downAt)
				f.step(c, coordinator.PeerDied{Peer: n.id})
			}
		})
	}
}

// up brings n back; requesters see it join after a gossip round.
func (f *farm) up(n *fnode) {
	if n.up {
		return
	}
	n.up = true
	f.newWorker(n)
	f.rejoin(n)
	f.look(n)
}

// rejoin tells every requester that can reach n that it is alive.
func (f *farm) rejoin(n *fnode) {
	for _, c := range f.reqs {
		c := c
		if c == n {
			continue
		}
		f.clk.after(f.link(c.idx, n.idx).latency+f.s.Broadcast.Duration(f.r), func() {
			if f.reachable(c, n) && !c.view[n.idx] {
				c.view[n.idx] = true
				f.step(c, coordinator.PeerJoined{Peer: n.id, Info: f.info(n)})
			}
		})
	}
}

func sortedRuns(m map[int]*buildRun) []*buildRun {
	var out []*buildRun
	for _, r := range m {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *buildRun) int { return a.drv - b.drv })
	return out
}

func (f *farm) scheduleChurn() {
	for _, ch := range f.s.Churn {
		k := int(math.Round(ch.Fraction * float64(len(f.nodes)-len(f.reqs))))
		perm := f.r.Perm(len(f.nodes) - len(f.reqs))
		for _, p := range perm[:k] {
			n := f.nodes[len(f.reqs)+p]
			at := ch.From + time.Duration(f.r.Int64N(int64(ch.To-ch.From)))
			down := ch.Down.Duration(f.r)
			f.clk.after(at, func() {
				f.down(n)
				if down > 0 {
					f.clk.after(down, func() { f.up(n) })
				}
			})
		}
	}
}

// schedulePartitions cuts the network in two at each partition's time and
// heals it later. Requesters alternate sides so that both sides build.
func (f *farm) schedulePartitions() {
	for _, p := range f.s.Partitions {
		p := p
		side := make([]int, len(f.nodes))
		for i := range f.nodes {
			if i < len(f.reqs) {
				side[i] = i % 2
			} else if f.r.Float64() < p.Fraction {
				side[i] = 1
			}
		}
		settle := f.s.Detect.Max()
		if math.IsInf(settle, 0) {
			settle = 10 * f.s.Detect.Mean()
		}
		f.windows = append(f.windows, [2]time.Duration{p.At, p.Heal + 6*time.Second + time.Duration(settle)})
		f.clk.after(p.At, func() {
			copy(f.sides, side)
			f.rep.Partitions++
			for _, c := range f.reqs {
				for _, n := range f.nodes {
					if n == c || side[n.idx] == side[c.idx] {
						continue
					}
					c, n := c, n
					f.clk.after(f.s.Detect.Duration(f.r), func() {
						if !f.reachable(c, n) && c.view[n.idx] {
							c.view[n.idx] = false
							f.step(c, coordinator.PeerDied{Peer: n.id})
						}
					})
				}
			}
		})
		f.clk.after(p.Heal, func() {
			clear(f.sides)
			for _, n := range f.nodes {
				if n.up {
					f.rejoin(n)
					f.look(n)
				}
			}
		})
	}
}

// finish classifies repeated builds and totals the report.
func (f *farm) finish() {
	r := &f.rep
	r.Nodes = len(f.nodes)
	r.Drvs = len(f.dag.Jobs) - f.checkJobs
	r.Requesters = len(f.reqs)
	r.SimTime = f.clk.now
	r.Events = f.clk.events
	r.Complete = f.open == 0
	if r.LowerBound > 0 {
		r.MakespanRatio = float64(r.Makespan) / float64(r.LowerBound)
	}
	consumers := make([]map[int]bool, len(f.dag.Jobs))
	for drv, runs := range f.runs {
		if len(runs) == 0 {
			continue
		}
		r.Built++
		r.BuildRuns += len(runs)
		for _, run := range runs[1:] {
			r.DuplicatedWork += run.end - run.start
			switch {
			case f.inPartition(runs[0], run):
				r.Duplicates.Partition++
			case !runs[0].reported || !run.reported || run.rebuild:
				r.Duplicates.Churn++
			default:
				r.Duplicates.Other++
				f.violation("%s built twice outside a partition: on %s at %s and on %s at %s", f.dag.Jobs[drv].Drv, runs[0].node.id, runs[0].start, run.node.id, run.start)
			}
		}
		for _, p := range f.dag.Jobs[drv].Inputs {
			in := f.dag.Index[p]
			if consumers[in] == nil {
				consumers[in] = map[int]bool{}
			}
			consumers[in][runs[0].node.idx] = true
		}
	}
	for _, c := range f.reqs {
		for _, root := range c.roots {
			if consumers[root] == nil {
				consumers[root] = map[int]bool{}
			}
			consumers[root][c.idx] = true
		}
	}
	// Each output must reach every other node that uses it, and a built
	// one must exist on Replicas nodes; copies to users can be replicas.
	for drv, set := range consumers {
		origin := -1
		if len(f.runs[drv]) > 0 {
			origin = f.runs[drv][0].node.idx
		}
		need := 0
		for n := range set {
			if n != origin {
				need++
			}
		}
		if origin >= 0 {
			need = max(need, f.s.Replicas-1)
		}
		r.BytesMinimal += int64(need) * f.dag.Jobs[drv].OutputBytes
	}
	r.BytesMoved = r.BytesInputs + r.BytesRoots + r.BytesReplication
	if r.BytesMinimal > 0 {
		r.BytesRatio = float64(r.BytesMoved) / float64(r.BytesMinimal)
	}
	r.DetectP50, r.DetectP99 = percentile(f.detected, 0.5), percentile(f.detected, 0.99)
	r.Violations = f.bad
}

// inPartition reports whether two builds of one derivation overlapped a
// partition (or its settling time after the heal).
func (f *farm) inPartition(a, b *buildRun) bool {
	for _, w := range f.windows {
		if b.start < w[1] && a.end > w[0] || a.start < w[1] && b.end > w[0] {
			return true
		}
	}
	return false
}

// addCheckJob gives a check job the coordinator made (Job.CheckOf) an
// index of its own, as if the DAG held it, so that builders claim and
// run it like the rest; it simulates the checked derivation's build.
func (f *farm) addCheckJob(j *coordinator.Job) {
	if j.CheckOf == "" {
		return
	}
	if _, ok := f.dag.Index[j.Drv]; ok {
		return
	}
	f.dag.Index[j.Drv] = len(f.dag.Jobs)
	f.dag.Jobs = append(f.dag.Jobs, *j)
	f.serial = append(f.serial, 0)
	f.holders = append(f.holders, nil)
	f.gone = append(f.gone, false)
	f.runs = append(f.runs, nil)
	f.checkJobs++
}
