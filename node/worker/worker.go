package worker

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/p2pnix/tvix/node/coordinator"
)

// PeerID names a node of the cluster, as in package coordinator.
type PeerID = coordinator.PeerID

// Config tunes a Worker. The zero value of every field but Self picks the
// default documented on the field.
type Config struct {
	// Self is this node's peer ID.
	Self PeerID
	// Systems and Features are what this node builds; offers of other
	// jobs are not claimed.
	Systems  []string
	Features []string
	// Slots is the number of builds this node runs at once; 0 builds
	// nothing.
	Slots int
	// ClaimTimeout frees a claim's slot when the coordinator does not
	// answer. Default 500ms.
	ClaimTimeout time.Duration
	// Heartbeat is how often a remote lease is renewed: a third of the
	// coordinator's lease timeout. Default 500ms.
	Heartbeat time.Duration
	// OfferTTL is how long an offer not seen again is remembered.
	// Default 3s (coordinators re-send open offers every second).
	OfferTTL time.Duration
	// Silence is how long the offers of a coordinator that let a claim
	// time out are ignored (a flood of offers nobody grants must not keep
	// the slots claimed); doubled for each further claim it lets time
	// out, up to maxSilence; an answer from it ends it. Default 2s.
	Silence time.Duration
	// Board, when set, replaces the worker's own memory of offers; the
	// worker then ignores Offered and Withdrawn.
	Board Board
}

// ErrBadConfig reports an unusable Config.
var ErrBadConfig = errors.New("worker: bad config")

// Worker is the builder side of one node: a deterministic state machine.
// It is not safe for concurrent use; the driver serialises Step, Tick,
// Ready and the readers.
type Worker struct {
	cfg   Config
	book  *book // nil when cfg.Board is set
	board Board
	now   time.Duration

	claims   map[string]claim
	builds   map[string]*build
	queue    []string                // granted builds waiting for a slot, oldest first
	leases   map[lease]time.Duration // remote lease -> next heartbeat
	held     int                     // builds running or waiting for a slot
	inSlot   int                     // builds running
	external int                     // held builds owned by other coordinators
	silenced map[PeerID]silence      // coordinators whose offers are ignored
	acts     []Action
}

// maxSilence bounds how long a coordinator's offers are ignored.
const maxSilence = 2 * time.Minute

// silence is a coordinator's claims left unanswered in a row and until
// when its offers are ignored.
type silence struct {
	strikes int
	until   time.Duration
}

type claim struct {
	from  PeerID
	until time.Duration
}

type lease struct {
	drv  string
	from PeerID
}

type phase uint8

const (
	queued     phase = iota // granted, waiting for a slot
	running                 // StartBuild sent
	publishing              // built, slot free, Publish sent
)

var phaseNames = [...]string{"queued", "running", "publishing"}

// build is one build of a derivation here, shared by every coordinator
// waiting for it.
type build struct {
	job       *coordinator.Job
	owner     PeerID   // the coordinator it was started for
	waiting   []PeerID // coordinators to report to, in the order they came
	phase     phase
	result    Result
	cancelled bool
}

// New returns a Worker with no offers, claims or builds, at time 0.
func New(cfg Config) (*Worker, error) {
	if cfg.Self == "" {
		return nil, fmt.Errorf("%w: Self is empty", ErrBadConfig)
	}
	if cfg.Slots < 0 {
		return nil, fmt.Errorf("%w: Slots %d", ErrBadConfig, cfg.Slots)
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&cfg.ClaimTimeout, 500*time.Millisecond)
	def(&cfg.Heartbeat, 500*time.Millisecond)
	def(&cfg.OfferTTL, 3*time.Second)
	def(&cfg.Silence, 2*time.Second)
	w := &Worker{cfg: cfg, board: cfg.Board, claims: map[string]claim{}, builds: map[string]*build{}, leases: map[lease]time.Duration{},
		silenced: map[PeerID]silence{}}
	if w.board == nil {
		w.book = newBook(cfg.OfferTTL)
		w.board = w.book
	}
	return w, nil
}

// Config returns the configuration with defaults filled in.
func (w *Worker) Config() Config { return w.cfg }

// Ready returns the actions produced since the last call, in order.
func (w *Worker) Ready() []Action {
	a := w.acts
	w.acts = nil
	return a
}

// Free is the number of slots neither holding a build nor reserved by a
// claim; it is negative when grants outnumber slots.
func (w *Worker) Free() int { return w.cfg.Slots - w.held - len(w.claims) }

// Load is the share of slots holding builds (running or waiting for one).
func (w *Worker) Load() float64 {
	if w.cfg.Slots == 0 {
		return 0
	}
	return float64(w.held) / float64(w.cfg.Slots)
}

// BuildInfo describes a build held by the worker.
type BuildInfo struct {
	Drv string
	// For is the coordinator it was started for.
	For PeerID
	// State is queued (waiting for a slot), running or publishing.
	State string
	// Waiting are the coordinators it will be reported to.
	Waiting []PeerID
}

// Builds returns the builds held, by derivation.
func (w *Worker) Builds() []BuildInfo {
	var out []BuildInfo
	for _, drv := range sortedKeys(w.builds) {
		b := w.builds[drv]
		out = append(out, BuildInfo{Drv: drv, For: b.owner, State: phaseNames[b.phase], Waiting: slices.Clone(b.waiting)})
	}
	return out
}

// Deadline is the earliest time at which Tick has something to do (a
// claim times out, a heartbeat is due); false if nothing is pending.
func (w *Worker) Deadline() (time.Duration, bool) {
	var d time.Duration
	ok := false
	at := func(t time.Duration) {
		if !ok || t < d {
			d, ok = t, true
		}
	}
	for _, c := range w.claims {
		at(c.until)
	}
	for _, next := range w.leases {
		at(next)
	}
	return d, ok
}

// Step feeds one event.
func (w *Worker) Step(ev Event) {
	switch ev := ev.(type) {
	case Offered:
		if w.book != nil && w.cfg.Slots > 0 && ev.Job != nil && !w.isSilenced(ev.From) && canBuild(w.cfg.Systems, w.cfg.Features, ev.Job) {
			w.book.add(ev.From, ev.Job, ev.Prio, w.now)
		}
	case Withdrawn:
		if w.book != nil {
			w.book.withdraw(ev.From, ev.Drv)
		}
	case Look:
	case Granted:
		w.granted(ev)
	case Rejected:
		if c, ok := w.claims[ev.Drv]; ok && c.from == ev.From {
			delete(w.claims, ev.Drv)
		}
		delete(w.silenced, ev.From) // it answers
	case Revoked:
		if ev.From == w.cfg.Self {
			w.leave(ev.Drv, ev.From)
		} else if _, ok := w.leases[lease{ev.Drv, ev.From}]; ok {
			delete(w.leases, lease{ev.Drv, ev.From})
			w.leave(ev.Drv, ev.From)
		}
	case LocalBuild:
		w.join(ev.Job, w.cfg.Self)
	case BuildEnded:
		w.ended(ev.Drv, ev.Result)
	case Published:
		if b := w.builds[ev.Drv]; b != nil && b.phase == publishing {
			w.finish(ev.Drv, b)
		}
	case PeerDied:
		w.peerDied(ev.Peer)
	}
	w.claim()
}

// Tick advances the worker's clock to now: claims time out, heartbeats
// fall due, and freed slots claim offers.
func (w *Worker) Tick(now time.Duration) {
	if now > w.now {
		w.now = now
	}
	for _, drv := range sortedKeys(w.claims) {
		if c := w.claims[drv]; c.until <= w.now {
			delete(w.claims, drv)
			w.silence(c.from)
		}
	}
	for _, l := range w.sortedLeases() {
		next := w.leases[l]
		if next > w.now {
			continue
		}
		for next <= w.now {
			next += w.cfg.Heartbeat
		}
		w.leases[l] = next
		w.emit(Heartbeat{Drv: l.drv, To: l.from})
	}
	w.claim()
}

func (w *Worker) emit(a Action) { w.acts = append(w.acts, a) }

// claim claims offers while slots are free.
func (w *Worker) claim() {
	if w.cfg.Slots == 0 {
		return
	}
	skip := func(drv string) bool {
		_, claimed := w.claims[drv]
		return claimed || w.builds[drv] != nil
	}
	for w.Free() > 0 {
		o, ok := w.board.Next(w.now, skip)
		if !ok {
			return
		}
		w.board.Claimed(o)
		if w.isSilenced(o.From) {
			continue // dropped unclaimed
		}
		free := w.Free()
		w.claims[o.Drv] = claim{from: o.From, until: w.now + w.cfg.ClaimTimeout}
		w.emit(Claim{Drv: o.Drv, To: o.From, FreeSlots: free, Load: w.Load()})
	}
}

// silence ignores from's offers for a while, longer for each claim in a
// row it left unanswered.
func (w *Worker) silence(from PeerID) {
	s := w.silenced[from]
	d := w.cfg.Silence
	for k := 0; k < s.strikes && d < maxSilence; k++ {
		d *= 2
	}
	s.strikes++
	s.until = w.now + min(d, maxSilence)
	w.silenced[from] = s
}

// isSilenced tells whether from's offers are ignored now.
func (w *Worker) isSilenced(from PeerID) bool {
	s, ok := w.silenced[from]
	return ok && w.now < s.until
}

func (w *Worker) granted(ev Granted) {
	if c, ok := w.claims[ev.Drv]; ok && c.from == ev.From {
		delete(w.claims, ev.Drv)
	}
	delete(w.silenced, ev.From) // it answers
	if ev.Job == nil || ev.Job.Drv != ev.Drv || w.cfg.Slots == 0 {
		w.emit(Report{Drv: ev.Drv, To: ev.From, Result: Result{Err: "cannot build it"}})
		return
	}
	l := lease{ev.Drv, ev.From}
	if _, ok := w.leases[l]; ok {
		return // a repeated grant
	}
	w.leases[l] = w.now + w.cfg.Heartbeat
	w.emit(Heartbeat{Drv: ev.Drv, To: ev.From})
	w.join(ev.Job, ev.From)
}

// join adds coordinator from to the build of j, starting it if needed.
func (w *Worker) join(j *coordinator.Job, from PeerID) {
	b := w.builds[j.Drv]
	if b == nil {
		b = &build{job: j, owner: from}
		w.builds[j.Drv] = b
		w.held++
		if from != w.cfg.Self {
			w.setExternal(w.external + 1)
		}
		if w.inSlot < w.cfg.Slots {
			w.start(b)
		} else {
			w.queue = append(w.queue, j.Drv)
		}
	}
	b.waiting = append(b.waiting, from)
}

func (w *Worker) start(b *build) {
	w.inSlot++
	b.phase = running
	w.emit(StartBuild{Job: b.job, For: b.owner})
}

// leave drops coordinator from from the build of drv; a build nobody waits
// for is cancelled.
func (w *Worker) leave(drv string, from PeerID) {
	b := w.builds[drv]
	if b == nil {
		return
	}
	i := slices.Index(b.waiting, from)
	if i < 0 {
		return
	}
	b.waiting = slices.Delete(b.waiting, i, i+1)
	if len(b.waiting) > 0 {
		return
	}
	switch b.phase {
	case queued:
		w.queue = slices.DeleteFunc(w.queue, func(d string) bool { return d == drv })
		delete(w.builds, drv)
		w.release(b)
	case running:
		if !b.cancelled {
			b.cancelled = true
			w.emit(CancelBuild{Drv: drv})
		}
	}
}

// release gives back the slot b held or waited for.
func (w *Worker) release(b *build) {
	w.held--
	if b.owner != w.cfg.Self {
		w.setExternal(w.external - 1)
	}
}

func (w *Worker) setExternal(n int) {
	w.external = n
	w.emit(Busy{Slots: n})
}

func (w *Worker) ended(drv string, res Result) {
	b := w.builds[drv]
	if b == nil || b.phase != running {
		return
	}
	w.inSlot--
	w.release(b)
	b.result = res
	if res.Err == "" {
		b.phase = publishing
		w.emit(Publish{Drv: drv})
	} else {
		w.finish(drv, b)
	}
	for len(w.queue) > 0 && w.inSlot < w.cfg.Slots {
		next := w.builds[w.queue[0]]
		w.queue = w.queue[1:]
		w.start(next)
	}
}

// finish reports b to every coordinator waiting for it.
func (w *Worker) finish(drv string, b *build) {
	delete(w.builds, drv)
	for _, c := range b.waiting {
		if c != w.cfg.Self {
			delete(w.leases, lease{drv, c})
		}
		w.emit(Report{Drv: drv, To: c, Result: b.result})
	}
}

func (w *Worker) peerDied(p PeerID) {
	for _, l := range w.sortedLeases() {
		if l.from == p {
			delete(w.leases, l)
			w.leave(l.drv, p)
		}
	}
	if w.book != nil {
		w.book.dropPeer(p)
	}
	for drv, c := range w.claims {
		if c.from == p {
			delete(w.claims, drv)
		}
	}
	delete(w.silenced, p)
}

func (w *Worker) sortedLeases() []lease {
	out := make([]lease, 0, len(w.leases))
	for l := range w.leases {
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b lease) int {
		return cmp.Or(cmp.Compare(a.drv, b.drv), cmp.Compare(a.from, b.from))
	})
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// canBuild reports whether a node with systems and features builds j.
func canBuild(systems, features []string, j *coordinator.Job) bool {
	if !slices.Contains(systems, j.System) {
		return false
	}
	for _, f := range j.Features {
		if !slices.Contains(features, f) {
			return false
		}
	}
	return true
}
