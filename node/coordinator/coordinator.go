package coordinator

import (
	"container/heap"
	"fmt"
	"time"
)

// drvState is where a derivation is in its life; see doc.go.
type drvState uint8

const (
	sLookingUp  drvState = iota // Lookup sent, no answer yet
	sMissing                    // nobody has it, but nothing needs it (yet)
	sWaitInputs                 // must be built, some input not yet available
	sQueued                     // LocalOnly: ready, waiting for a local slot
	sOffered                    // offered, collecting claims
	sLeased                     // leased to a peer or building locally
	sBackoff                    // failed transiently, waiting to be offered again
	sWaitRemote                 // another coordinator builds it
	sAvailable                  // outputs exist (at drv.at)
	sFetching                   // a root's outputs are being fetched
	sRelookup                   // outputs found earlier became unreachable; looking up again
	sFailed                     // cannot be built
)

var stateNames = [...]string{"looking-up", "missing", "waiting-inputs", "queued", "offered", "leased", "backoff", "waiting-remote", "available", "fetching", "relookup", "failed"}

func (s drvState) String() string { return stateNames[s] }

// toBuild reports whether a derivation in state s counts in Progress.ToBuild.
func (s drvState) toBuild() bool {
	return s >= sWaitInputs && s <= sWaitRemote
}

type drv struct {
	job         Job
	inputs      []int32
	parents     []int32
	roots       []int32 // requests waiting for this root
	claims      []Claim
	excluded    []PeerID // peers it failed on or was lost by
	former      []PeerID // earlier lease holders, whose late results count
	at          PeerID   // where the outputs are, once available
	holder      PeerID   // lease holder (Self for a local build)
	remoteBy    PeerID   // another coordinator building it
	reason      string
	prio        int64
	leaseUntil  time.Duration
	offeredAt   time.Duration
	remoteUntil time.Duration
	missing     int32 // inputs not yet available
	origin      int32 // once failed: the derivation whose failure caused it
	gen         uint32
	attempts    int
	fetchFails  int // failed fetches and lookups again, bounded by MaxFetchFailures
	state       drvState
	needed      bool
	substituted bool
	local       bool
	announced   bool
	permanent   bool // failed for good (see failPermanently)
	parked      bool // offered, window over, no candidate yet

	// Reproducibility checks (check.go).
	builtBy   PeerID  // who built it, when this coordinator saw it built
	check     int32   // its check job's index + 1; 0: none
	checkOf   int32   // for a check job: the checked derivation's index + 1
	avoid     PeerID  // for a check job: the first builder, who must not check
	checkReqs []int32 // requests that asked to check it when it is built
	differs   bool    // a check job whose rebuild differed
}

type peer struct {
	info      PeerInfo
	free      int
	leases    []int32 // may hold stale entries; checked on use
	announced []int32 // derivations it announced; checked on use
}

type request struct {
	id     string
	open   int
	failed int
	check  bool // BuildRequested.Check
}

// Coordinator is the build coordinator of one node: a deterministic state
// machine. It is not safe for concurrent use; the driver serialises Step,
// Tick and Ready calls.
type Coordinator struct {
	cfg    Config
	now    time.Duration
	drvs   []*drv
	byPath map[string]int32
	peers  map[PeerID]*peer
	// gone are the peers that died and did not join again: a lookup
	// naming one found a record that outlived it.
	gone map[PeerID]bool
	reqs []*request
	// holders lists, per peer, derivations found or built there; entries
	// may be stale and are checked on use.
	holders map[PeerID][]int32
	timers  timerHeap
	waiting prioHeap // offered or queued jobs waiting for a local slot
	out     []Action

	localRunning int
	external     int // local slots taken by other coordinators' builds
	fill         bool

	toBuild, built, substituted, running, failed int
	reproducible, notReproducible                int
	builtOn                                      map[PeerID]struct{}
	last                                         Progress
}

// New returns a Coordinator with cfg's defaults filled in, at time 0.
func New(cfg Config) (*Coordinator, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	c := &Coordinator{
		cfg:     cfg,
		byPath:  make(map[string]int32),
		peers:   make(map[PeerID]*peer),
		gone:    make(map[PeerID]bool),
		holders: make(map[PeerID][]int32),
		builtOn: make(map[PeerID]struct{}),
	}
	c.waiting.prio = func(i int32) int64 { return c.drvs[i].prio }
	return c, nil
}

// Config returns the configuration in use, defaults filled in.
func (c *Coordinator) Config() Config { return c.cfg }

// NumPeers returns how many peers have joined and not died since.
func (c *Coordinator) NumPeers() int { return len(c.peers) }

// Now returns the time of the last Tick.
func (c *Coordinator) Now() time.Duration { return c.now }

// Ready returns the actions produced since the last call, in order, and
// forgets them. The driver carries them out and reports their outcomes as
// events.
func (c *Coordinator) Ready() []Action {
	out := c.out
	c.out = nil
	return out
}

// Progress returns the current counts.
func (c *Coordinator) Progress() Progress {
	return Progress{Built: c.built, ToBuild: c.toBuild, Peers: len(c.builtOn), Substituted: c.substituted, Running: c.running, Failed: c.failed,
		Reproducible: c.reproducible, NotReproducible: c.notReproducible}
}

// Lease is one running build, for status pages.
type Lease struct {
	Drv  string
	Peer PeerID // Self for a local build
	// Until is when a remote lease lapses without a heartbeat; zero for a
	// local build.
	Until time.Duration
}

// Leases returns the running builds in derivation order. It walks every
// derivation, so it is meant for status pages, not for every event.
func (c *Coordinator) Leases() []Lease {
	var out []Lease
	for _, d := range c.drvs {
		if d.state != sLeased {
			continue
		}
		l := Lease{Drv: d.job.Drv, Peer: d.holder}
		if d.holder != c.cfg.Self {
			l.Until = d.leaseUntil
		}
		out = append(out, l)
	}
	return out
}

// State returns the state name of derivation drv ("" if unknown), for
// status pages and tests.
func (c *Coordinator) State(drvPath string) string {
	i, ok := c.byPath[drvPath]
	if !ok {
		return ""
	}
	return c.drvs[i].state.String()
}

// Tick advances the clock to now, fires every deadline that passed, and
// emits Progress if the counts changed since the last Progress (so a
// progress line is redrawn at most once per tick). Time
// never goes back: a now before the last one is ignored. now is measured from
// any origin the driver likes (a daemon's start, simnet's zero).
func (c *Coordinator) Tick(now time.Duration) {
	if now > c.now {
		c.now = now
	}
	for len(c.timers) > 0 && c.timers[0].at <= c.now {
		t := heap.Pop(&c.timers).(timer)
		d := c.drvs[t.idx]
		if t.gen != d.gen {
			continue
		}
		c.fire(t, d)
	}
	c.flush()
	if p := c.Progress(); p != c.last {
		c.last = p
		c.emit(p)
	}
}

// Step feeds one event. It returns an error only for a malformed
// BuildRequested (the coordinator is then unchanged); stale or unknown
// events are ignored.
func (c *Coordinator) Step(ev Event) error {
	switch ev := ev.(type) {
	case BuildRequested:
		if err := c.request(ev); err != nil {
			return err
		}
	case OutputsFound:
		c.onFound(ev)
	case OutputsMissing:
		c.onMissing(ev)
	case Fetched:
		c.onFetched(ev)
	case FetchFailed:
		c.onFetchFailed(ev)
	case Claim:
		c.onClaim(ev)
	case Heartbeat:
		c.onHeartbeat(ev)
	case BuildFinished:
		c.onFinished(ev)
	case BuildFailed:
		c.onFailed(ev)
	case PeerJoined:
		c.onJoined(ev)
	case PeerDied:
		c.onDied(ev)
	case RemoteBuilding:
		c.onRemoteBuilding(ev)
	case RemoteBuildDone:
		c.onRemoteDone(ev)
	case LocalBusy:
		if ev.Slots < c.external {
			c.fill = true
		}
		c.external = max(ev.Slots, 0)
	default:
		return fmt.Errorf("coordinator: unknown event %T", ev)
	}
	c.flush()
	return nil
}

func (c *Coordinator) emit(a Action) { c.out = append(c.out, a) }

func (c *Coordinator) after(d time.Duration, i int32, k timerKind) {
	c.at(c.now+d, i, k)
}

func (c *Coordinator) at(at time.Duration, i int32, k timerKind) {
	d := c.drvs[i]
	heap.Push(&c.timers, timer{at: at, prio: d.prio, idx: i, gen: d.gen, kind: k})
}

func (c *Coordinator) lookup(path string) (int32, *drv) {
	i, ok := c.byPath[path]
	if !ok {
		return -1, nil
	}
	return i, c.drvs[i]
}

// flush starts local builds that became possible.
func (c *Coordinator) flush() {
	if c.fill {
		c.fill = false
		c.fillLocal()
	}
}

// setState moves d to s and invalidates its pending timers.
func (c *Coordinator) setState(d *drv, s drvState) {
	d.state = s
	d.gen++
}
