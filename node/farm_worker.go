package node

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/node/coordinator"
	"github.com/p2pnix/tvix/node/gossip"
)

// Builder-side tuning.
const (
	// offerTTL is how long a peer's offer is remembered for claiming when
	// a slot frees up (coordinators re-send open offers every second).
	offerTTL = 3 * time.Second
	// claimTimeout frees a claim's reservation when the coordinator never
	// answers it.
	claimTimeout = 500 * time.Millisecond
	// farmKeepFinished bounds the finished builds kept for status.
	farmKeepFinished = 1000
	// farmIOWorkers bounds concurrent lookups and fetches.
	farmIOWorkers = 32
	// maxLogLine bounds a log line forwarded to a remote coordinator.
	maxLogLine = 512
)

// buildOutcome is how a build ended.
type buildOutcome struct {
	err           error
	deterministic bool
	built         bool
	signedBy      string
	duration      time.Duration
}

// farmWorker is the builder side of the farm: it claims peers' offers while
// it has free slots, runs granted builds (and this node's own) in at most
// Slots at once, heartbeats remote leases and reports results. Its methods
// are safe for concurrent use.
type farmWorker struct {
	f        *Farm
	slots    chan struct{}
	io       chan struct{}
	metaBusy atomic.Bool

	mu       sync.Mutex
	offers   map[string]workerOffer
	claims   map[string]string // drv -> coordinator we claimed it from
	running  map[string]*workerBuild
	remote   map[remoteKey]context.CancelFunc
	active   int
	external int // active builds for other coordinators
	finished []FarmBuild
}

type workerOffer struct {
	from string
	msg  farmMsg
	at   time.Time
}

type remoteKey struct{ drv, coord string }

// workerBuild is one build of a derivation on this node, shared by every
// coordinator that was granted it.
type workerBuild struct {
	done   chan struct{}
	res    buildOutcome
	cancel context.CancelFunc
	refs   int
	info   FarmBuild
}

func newFarmWorker(f *Farm) *farmWorker {
	w := &farmWorker{
		f: f, io: make(chan struct{}, farmIOWorkers),
		offers: map[string]workerOffer{}, claims: map[string]string{},
		running: map[string]*workerBuild{}, remote: map[remoteKey]context.CancelFunc{},
	}
	if f.cfg.Slots > 0 {
		w.slots = make(chan struct{}, f.cfg.Slots)
	}
	return w
}

// spawn runs fn in a goroutine, at most farmIOWorkers at once.
func (w *farmWorker) spawn(fn func()) {
	go func() {
		select {
		case w.io <- struct{}{}:
		case <-w.f.done:
			return
		}
		defer func() { <-w.io }()
		fn()
	}()
}

// free is the number of slots neither building nor reserved by a claim.
func (w *farmWorker) free() int {
	if w == nil {
		return 0
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.freeLocked()
}

func (w *farmWorker) freeLocked() int { return w.f.cfg.Slots - w.active - len(w.claims) }

// load is the share of slots in use.
func (w *farmWorker) load() float64 {
	if w == nil || w.f.cfg.Slots == 0 {
		return 0
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return float64(w.active) / float64(w.f.cfg.Slots)
}

// refreshMeta re-advertises free slots and load, in the background.
func (w *farmWorker) refreshMeta() {
	if !w.metaBusy.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer w.metaBusy.Store(false)
		ctx, cancel := context.WithTimeout(w.f.ctx, time.Second)
		defer cancel()
		w.f.g.SetMeta(ctx, w.f.meta())
	}()
}

// offer remembers a peer's offer and claims it if a slot is free.
func (w *farmWorker) offer(from string, m farmMsg) {
	if w.slots == nil || !coordinatorCanBuild(w.f.cfg.Systems, w.f.cfg.Features, m.Job) {
		return
	}
	w.mu.Lock()
	w.offers[m.Job.Drv] = workerOffer{from: from, msg: m, at: time.Now()}
	w.mu.Unlock()
	w.tryClaim()
}

func coordinatorCanBuild(systems, features []string, j *coordinator.Job) bool {
	return gossip.NodeMeta{Systems: systems, Features: features}.CanBuild(j.System, j.Features)
}

func (w *farmWorker) withdraw(from, drv string) {
	w.mu.Lock()
	if o, ok := w.offers[drv]; ok && o.from == from {
		delete(w.offers, drv)
	}
	w.mu.Unlock()
}

// tryClaim claims the most urgent remembered offers while slots are free.
func (w *farmWorker) tryClaim() {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := time.Now()
	for w.freeLocked() > 0 {
		var best string
		var bo workerOffer
		for drv, o := range w.offers {
			if now.Sub(o.at) > offerTTL {
				delete(w.offers, drv)
				continue
			}
			if _, claimed := w.claims[drv]; claimed || w.running[drv] != nil {
				continue
			}
			if best == "" || o.msg.Prio > bo.msg.Prio || (o.msg.Prio == bo.msg.Prio && (o.at.Before(bo.at) || (o.at.Equal(bo.at) && drv < best))) {
				best, bo = drv, o
			}
		}
		if best == "" {
			return
		}
		delete(w.offers, best)
		free := w.freeLocked()
		w.claims[best] = bo.from
		w.f.sendTo(bo.from, gossip.KindClaim, best, farmMsg{FreeSlots: free, Load: float64(w.active) / float64(w.f.cfg.Slots)})
		drv, from := best, bo.from
		time.AfterFunc(claimTimeout, func() {
			w.mu.Lock()
			expired := w.claims[drv] == from
			if expired {
				delete(w.claims, drv)
			}
			w.mu.Unlock()
			if expired {
				w.tryClaim()
			}
		})
	}
}

func (w *farmWorker) reject(from, drv string) {
	w.mu.Lock()
	if w.claims[drv] == from {
		delete(w.claims, drv)
	}
	w.mu.Unlock()
	w.tryClaim()
}

// grant runs a build leased by coordinator from, heartbeating the lease,
// and reports the outcome to it.
func (w *farmWorker) grant(from, drv string, m farmMsg) {
	granted := time.Now()
	w.mu.Lock()
	if w.claims[drv] == from {
		delete(w.claims, drv)
	}
	job := m.Job
	if job == nil || job.Drv != drv || w.slots == nil {
		w.mu.Unlock()
		w.f.sendTo(from, gossip.KindFailed, drv, farmMsg{Reason: "cannot build it"})
		return
	}
	key := remoteKey{drv, from}
	if w.remote[key] != nil {
		w.mu.Unlock()
		return // a repeated grant
	}
	ctx, cancel := context.WithCancel(w.f.ctx)
	w.remote[key] = cancel
	w.mu.Unlock()
	var ready time.Time
	if m.ReadyUS != 0 {
		ready = time.UnixMicro(m.ReadyUS)
	}
	go func() {
		defer cancel()
		hb := time.NewTicker(farmHeartbeat)
		defer hb.Stop()
		done := make(chan buildOutcome, 1)
		go func() { done <- w.run(ctx, job, from, ready, granted) }()
		w.f.sendMsg(from, gossip.KindHeartbeat, drv, farmMsg{}, false)
		var res buildOutcome
	wait:
		for {
			select {
			case res = <-done:
				break wait
			case <-hb.C:
				w.f.sendMsg(from, gossip.KindHeartbeat, drv, farmMsg{}, false)
			}
		}
		w.mu.Lock()
		delete(w.remote, key)
		w.mu.Unlock()
		if ctx.Err() != nil {
			return // revoked: the coordinator no longer wants to hear
		}
		reply := farmMsg{SignedBy: res.signedBy, DurationMS: res.duration.Milliseconds(), Deterministic: res.deterministic}
		kind := gossip.KindDone
		if res.err != nil {
			kind, reply.Reason = gossip.KindFailed, res.err.Error()
		}
		w.f.sendTo(from, kind, drv, reply)
	}()
}

// revoke stops building drv for coordinator from.
func (w *farmWorker) revoke(from, drv string) {
	w.mu.Lock()
	cancel := w.remote[remoteKey{drv, from}]
	w.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// coordinatorGone drops the offers and leases of a dead peer.
func (w *farmWorker) coordinatorGone(id string) {
	w.mu.Lock()
	var cancels []context.CancelFunc
	for k, c := range w.remote {
		if k.coord == id {
			cancels = append(cancels, c)
		}
	}
	for drv, o := range w.offers {
		if o.from == id {
			delete(w.offers, drv)
		}
	}
	for drv, c := range w.claims {
		if c == id {
			delete(w.claims, drv)
		}
	}
	w.mu.Unlock()
	for _, c := range cancels {
		c()
	}
	w.tryClaim()
}

// run builds job here for coordinator coord, sharing a build already
// running for another coordinator. It returns when the build ends or ctx
// does; the build is cancelled when nobody waits for it any more.
func (w *farmWorker) run(ctx context.Context, job *coordinator.Job, coord string, ready, granted time.Time) buildOutcome {
	w.mu.Lock()
	wb := w.running[job.Drv]
	if wb == nil {
		bctx, cancel := context.WithCancel(w.f.ctx)
		wb = &workerBuild{done: make(chan struct{}), cancel: cancel, info: FarmBuild{Drv: job.Drv, Coordinator: coord, Ready: ready, Granted: granted}}
		w.running[job.Drv] = wb
		w.active++
		ext := w.external
		if coord != w.f.cfg.Self {
			w.external++
		}
		go w.execute(bctx, wb)
		if ext != w.external {
			w.busyChanged(w.external)
		}
	}
	wb.refs++
	w.mu.Unlock()
	w.refreshMeta()
	select {
	case <-wb.done:
		return wb.res
	case <-ctx.Done():
		w.mu.Lock()
		if wb.refs--; wb.refs == 0 {
			wb.cancel()
		}
		w.mu.Unlock()
		return buildOutcome{err: ctx.Err()}
	}
}

func (w *farmWorker) execute(ctx context.Context, wb *workerBuild) {
	defer wb.cancel()
	drv := wb.info.Drv
	res := w.buildInSlot(ctx, wb)
	w.mu.Lock()
	w.active-- // the slot is free: claim more while the outputs are published
	if wb.info.Coordinator != w.f.cfg.Self {
		w.external--
		w.busyChanged(w.external)
	}
	w.mu.Unlock()
	w.tryClaim()
	w.refreshMeta()
	if res.err == nil {
		// Peers fetch the outputs through the DHT: publish them first.
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		w.f.deps.published(pctx)
		cancel()
	}
	wb.res = res
	w.mu.Lock()
	delete(w.running, drv)
	wb.info.Duration, wb.info.Built = res.duration, res.built
	if res.err != nil {
		wb.info.Err = res.err.Error()
	}
	w.finished = append(w.finished, wb.info)
	if len(w.finished) > farmKeepFinished {
		w.finished = w.finished[len(w.finished)-farmKeepFinished:]
	}
	w.mu.Unlock()
	close(wb.done)
	if res.err != nil {
		w.f.log.Warn("farm: build failed", "drv", drv, "err", res.err)
	}
}

// buildInSlot waits for a slot and builds wb's derivation in it.
func (w *farmWorker) buildInSlot(ctx context.Context, wb *workerBuild) buildOutcome {
	drv := wb.info.Drv
	select {
	case w.slots <- struct{}{}:
	case <-ctx.Done():
		return buildOutcome{err: ctx.Err()}
	}
	defer func() { <-w.slots }()
	start := time.Now()
	w.mu.Lock()
	wb.info.Started = start
	w.mu.Unlock()
	w.f.log.Info("farm: building", "drv", drv, "for", wb.info.Coordinator)
	built, err := w.f.deps.build(ctx, drv, func(line []byte) {
		w.f.lg.publishFor(w.f, FarmLogLine{Drv: drv, Peer: w.f.cfg.Self, Line: line, Time: time.Now()})
		if wb.info.Coordinator != w.f.cfg.Self {
			w.f.sendMsg(wb.info.Coordinator, kindLog, drv, farmMsg{Line: line[:min(len(line), maxLogLine)]}, false)
		}
	})
	out := buildOutcome{err: err, built: built, signedBy: w.f.cfg.KeyName, duration: time.Since(start)}
	if err != nil {
		out.deterministic = errors.Is(err, builder.ErrBuildFailed)
	}
	return out
}

// busyChanged tells this node's coordinator how many slots other
// coordinators' builds hold. Called with w.mu held; the event is fed in
// order on the driver loop.
func (w *farmWorker) busyChanged(n int) {
	select {
	case w.f.inbox <- func() { w.f.feed(coordinator.LocalBusy{Slots: n}) }:
	case <-w.f.done:
	default:
		go w.f.step(coordinator.LocalBusy{Slots: n}) // inbox full: do not block under w.mu
	}
}

// builds returns copies of the running and finished builds.
func (w *farmWorker) builds() (running, finished []FarmBuild) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, wb := range w.running {
		running = append(running, wb.info)
	}
	finished = append(finished, w.finished...)
	return running, finished
}
