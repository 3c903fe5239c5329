package farm

import (
	"context"
	"errors"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/internal/faults"
	"github.com/p2pnix/tvix/node/coordinator"
	"github.com/p2pnix/tvix/node/gossip"
	"github.com/p2pnix/tvix/node/worker"
)

// Builder-side tuning.
const (
	// farmKeepFinished bounds the finished builds kept for status.
	farmKeepFinished = 1000
	// farmIOWorkers bounds concurrent lookups and fetches.
	farmIOWorkers = 32
	// maxLogLine bounds a log line forwarded to a remote coordinator.
	maxLogLine = 512
	// publishTimeout bounds the wait for a build's outputs to be findable.
	publishTimeout = 10 * time.Second
)

// buildOutcome is how a build ended.
type buildOutcome struct {
	err           error
	deterministic bool
	built         bool
	signedBy      string
	duration      time.Duration
	missing       string // the input derivation nobody could provide
}

// farmWorker drives the builder side of the farm, a worker.Worker, on the
// driver loop: it turns peers' offers, grants, rejects and revokes and this
// coordinator's local builds into worker events, and the worker's actions
// into gossip messages and builds, each build in a goroutine of its own.
// The loop owns wk, cancels and grants; free, load and the build records
// are safe for concurrent use.
type farmWorker struct {
	f        *Farm
	wk       *worker.Worker
	io       chan struct{}
	metaBusy atomic.Bool
	free     atomic.Int64
	load     atomic.Uint64 // float64 bits

	cancels map[string]context.CancelFunc // running builds
	grants  map[string]grantTimes         // builds granted, not yet started

	mu       sync.Mutex
	running  map[string]*BuildInfo
	finished []BuildInfo
}

// grantTimes are when a build's coordinator first offered it and when this
// node was granted it.
type grantTimes struct{ ready, granted time.Time }

func newFarmWorker(f *Farm) (*farmWorker, error) {
	wk, err := worker.New(worker.Config{
		Self: coordinator.PeerID(f.cfg.Self), Systems: f.cfg.Systems, Features: f.cfg.Features, Slots: f.cfg.Slots,
		Heartbeat: farmHeartbeat,
	})
	if err != nil {
		return nil, err
	}
	w := &farmWorker{
		f: f, wk: wk, io: make(chan struct{}, farmIOWorkers),
		cancels: map[string]context.CancelFunc{}, grants: map[string]grantTimes{}, running: map[string]*BuildInfo{},
	}
	w.free.Store(int64(f.cfg.Slots))
	return w, nil
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

// freeSlots is the number of slots neither building nor reserved by a
// claim, as of the last event.
func (w *farmWorker) freeSlots() int {
	if w == nil {
		return 0
	}
	return int(w.free.Load())
}

// loadShare is the share of slots in use, as of the last event.
func (w *farmWorker) loadShare() float64 {
	if w == nil {
		return 0
	}
	return math.Float64frombits(w.load.Load())
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

// step feeds ev to the worker and carries out its actions. Loop only.
func (w *farmWorker) step(ev worker.Event) {
	w.wk.Step(ev)
	w.perform()
}

// stepRemote feeds a worker event from a peer on the driver loop.
func (w *farmWorker) stepRemote(ev worker.Event) {
	w.f.do(func() { w.step(ev) })
}

// grant feeds coordinator from's grant of drv on the driver loop; ready is
// when that coordinator first offered it.
func (w *farmWorker) grant(from, drv string, job *coordinator.Job, ready time.Time) {
	w.f.do(func() {
		if job != nil && job.Drv == drv {
			w.noteGrant(drv, ready)
		}
		w.step(worker.Granted{From: coordinator.PeerID(from), Drv: drv, Job: job})
	})
}

// tick advances the worker's clock. Loop only.
func (w *farmWorker) tick(now time.Duration) {
	w.wk.Tick(now)
	w.perform()
}

// noteGrant records when drv was offered and granted, for status. Loop only.
func (w *farmWorker) noteGrant(drv string, ready time.Time) {
	if _, ok := w.grants[drv]; !ok {
		w.grants[drv] = grantTimes{ready: ready, granted: faults.Now()}
	}
}

// perform carries out the worker's actions. Loop only.
func (w *farmWorker) perform() {
	f := w.f
	for _, a := range w.wk.Ready() {
		f.log.Debug("farm: worker action", "action", a.String())
		switch a := a.(type) {
		case worker.Claim:
			f.sendTo(string(a.To), gossip.KindClaim, a.Drv, farmMsg{FreeSlots: a.FreeSlots, Load: a.Load})
		case worker.Heartbeat:
			f.sendMsg(string(a.To), gossip.KindHeartbeat, a.Drv, farmMsg{}, false)
		case worker.StartBuild:
			w.start(a.Job, string(a.For))
		case worker.CancelBuild:
			if cancel := w.cancels[a.Drv]; cancel != nil {
				cancel()
			}
		case worker.Publish:
			drv := a.Drv
			go func() {
				// Peers fetch the outputs through the DHT: publish them first.
				ctx, cancel := context.WithTimeout(f.ctx, publishTimeout)
				f.deps.Published(ctx)
				cancel()
				f.do(func() {
					w.done(drv)
					w.step(worker.Published{Drv: drv})
				})
			}()
		case worker.Report:
			delete(w.grants, a.Drv)
			res := a.Result
			if string(a.To) == f.cfg.Self {
				out := buildOutcome{deterministic: res.Deterministic, built: res.Built, signedBy: res.SignedBy, duration: res.Duration, missing: res.MissingInput}
				if res.Err != "" {
					out.err = farmError(res.Err)
				}
				f.finished(a.Drv, f.cfg.Self, out)
				continue
			}
			reply := farmMsg{SignedBy: res.SignedBy, DurationMS: res.Duration.Milliseconds(), Deterministic: res.Deterministic, Missing: res.MissingInput}
			kind := gossip.KindDone
			if res.Err != "" {
				kind, reply.Reason = gossip.KindFailed, res.Err
			}
			f.sendTo(string(a.To), kind, a.Drv, reply)
		case worker.Busy:
			f.feed(coordinator.LocalBusy{Slots: a.Slots})
		}
	}
	free, load := int64(w.wk.Free()), math.Float64bits(w.wk.Load())
	if w.free.Swap(free) != free || w.load.Swap(load) != load {
		w.refreshMeta()
	}
}

// start builds job in a goroutine of its own for coordinator coord and
// feeds BuildEnded when it returns. Loop only.
func (w *farmWorker) start(job *coordinator.Job, coord string) {
	f, drv := w.f, job.Drv
	ctx, cancel := context.WithCancel(f.ctx)
	w.cancels[drv] = cancel
	g := w.grants[drv]
	info := &BuildInfo{Drv: drv, Coordinator: coord, Ready: g.ready, Granted: g.granted, Started: faults.Now()}
	w.mu.Lock()
	w.running[drv] = info
	w.mu.Unlock()
	go func() {
		defer cancel()
		f.log.Info("farm: building", "drv", drv, "for", coord)
		log := func(line []byte) {
			f.lg.publishFor(f, LogLine{Drv: drv, Peer: f.cfg.Self, Line: line, Time: faults.Now()})
			if coord != f.cfg.Self {
				f.sendMsg(coord, kindLog, drv, farmMsg{Line: line[:min(len(line), maxLogLine)]}, false)
			}
		}
		var built bool
		var err error
		switch {
		case !isCheck(job):
			built, err = f.deps.Build(ctx, drv, job.Limits, log)
		case f.deps.Check == nil:
			err = errors.New("this node does not check reproducibility")
		default:
			built, err = true, f.deps.Check(ctx, job.CheckOf, job.Limits, log)
		}
		res := worker.Result{SignedBy: f.cfg.KeyName, Built: built, Duration: time.Since(info.Started)}
		if err != nil {
			f.log.Warn("farm: build failed", "drv", drv, "err", err)
			res.Err, res.Deterministic = err.Error(), errors.Is(err, builder.ErrBuildFailed)
			res.MissingInput = f.missingInput(job, err)
		}
		f.do(func() {
			delete(w.cancels, drv)
			w.mu.Lock()
			info.Duration, info.Built, info.Err = res.Duration, res.Built, res.Err
			w.mu.Unlock()
			if err != nil {
				w.done(drv)
			}
			w.step(worker.BuildEnded{Drv: drv, Result: res})
		})
	}()
}

// done moves drv's build record from running to finished.
func (w *farmWorker) done(drv string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	info := w.running[drv]
	if info == nil {
		return
	}
	delete(w.running, drv)
	w.finished = append(w.finished, *info)
	if len(w.finished) > farmKeepFinished {
		w.finished = w.finished[len(w.finished)-farmKeepFinished:]
	}
}

// builds returns copies of the running and finished builds.
func (w *farmWorker) builds() (running, finished []BuildInfo) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, b := range w.running {
		running = append(running, *b)
	}
	finished = append(finished, w.finished...)
	return running, finished
}
