package farm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/hashicorp/memberlist"
	"github.com/p2pnix/tvix/node/coordinator"
	"github.com/p2pnix/tvix/node/gossip"
	"github.com/p2pnix/tvix/node/worker"
)

// farmTick is how often the driver ticks the coordinator; it bounds how late
// a claim window, lease or backoff fires.
const farmTick = 10 * time.Millisecond

// farmHeartbeat is how often a builder renews a remote lease: a third of the
// coordinator's default lease timeout.
const farmHeartbeat = 500 * time.Millisecond

// Deps is what the farm needs from the rest of the daemon: the store, the
// p2p network and the builder, as functions. Every function may block and
// is called from goroutines of its own, never from the driver loop; all
// must be set but MissingInput.
type Deps struct {
	// Lookup reports whether every output is in the local store, else the
	// peer providing them all ("" when nobody does).
	Lookup func(ctx context.Context, outputs []string) (local bool, at string, err error)
	// Fetch copies the outputs and their closure into the local store.
	Fetch func(ctx context.Context, outputs []string) error
	// Build builds drvPath here (inputs fetched as needed) and reports
	// whether anything ran; log receives its output, a line at a time.
	// lim are the requesting client's limits.
	Build func(ctx context.Context, drvPath string, lim coordinator.Limits, log func(line []byte)) (built bool, err error)
	// Check builds drvPath here again, although peers hold its outputs,
	// and compares the outputs with theirs: a difference is an error
	// wrapping builder.ErrBuildFailed in Nix's words, naming the files
	// that differ. Nil: this node fails the checks it is given.
	Check func(ctx context.Context, drvPath string, lim coordinator.Limits, log func(line []byte)) error
	// MissingInput names the input derivation of drvPath whose outputs
	// cannot be had, here or from any peer, after a build of drvPath
	// failed ("" when every input can be had). Nil: never named, so a
	// lost input costs the build an attempt.
	MissingInput func(ctx context.Context, drvPath string) (string, error)
	// Published waits until what this node built is findable by peers.
	Published func(ctx context.Context) error
	// LoadJobs reads the closure of roots from the store, and the name of
	// every output path (see LoadJobs).
	LoadJobs func(ctx context.Context, roots []string) ([]coordinator.Job, map[string]string, error)
}

// Config configures New.
type Config struct {
	// Self is this node's libp2p peer ID, also its gossip name.
	Self string
	// APIAddr is the node's API address, advertised in gossip metadata.
	APIAddr string
	// Listen is the gossip bind address (host:port).
	Listen string
	// PSK is the private network's key, from which gossip derives its
	// own (gossip.Config.PSK); nil: gossip is not encrypted.
	PSK []byte
	// Systems and Features are what this node can build.
	Systems  []string
	Features []string
	// Slots is how many builds run here at once; 0 builds nothing here.
	Slots int
	// SigningKey is the node's public key (name:base64), advertised.
	SigningKey string
	// KeyName names the key that signs what this node builds.
	KeyName string
	// Trusted are the key names whose signatures on a peer's build are
	// accepted (coordinator.Config.TrustedKeys); empty trusts the cluster.
	Trusted []string
	// CheckShare is the share of builds checked for reproducibility on a
	// second peer (coordinator.Config.CheckShare).
	CheckShare float64
	// Logger receives the farm's events; it must not be nil.
	Logger *slog.Logger
	// Transport replaces gossip's UDP/TCP transport (tests).
	Transport memberlist.Transport
}

// Farm is the build farm of one node: it drives a coordinator.Coordinator
// (its actions become gossip messages, store lookups, fetches and local
// builds; their outcomes become its events) and builds what peers' coordinators
// grant to this node. All coordinator calls happen on one goroutine, the
// driver loop; the exported methods are safe for concurrent use.
type Farm struct {
	cfg   Config
	deps  Deps
	log   *slog.Logger
	coord *coordinator.Coordinator
	g     *gossip.Gossip
	start time.Time

	ctx    context.Context
	cancel context.CancelFunc
	inbox  chan func()
	wg     sync.WaitGroup
	done   chan struct{}

	// Driver loop state (touched only by the loop).
	jobs     map[string]*coordinator.Job
	reqs     map[string]*farmRequest
	heard    map[string]heardBuild // drv -> another coordinator building it
	leased   map[string]leaseInfo  // drv -> where and since when it runs
	readyAt  map[string]time.Time
	records  map[string]*drvRecord
	outNames map[string]string // output path -> output name
	nextReq  int

	w     *farmWorker
	lg    *farmLogs
	guard claimGuard // loop only
	flood floodState // faults builds only

	smu  sync.Mutex
	snap Snapshot
}

type heardBuild struct {
	by    string
	until time.Time
}

type leaseInfo struct {
	peer  string
	since time.Time
}

// farmRequest is one Build call waiting for its roots.
type farmRequest struct {
	id    string
	roots map[string]bool
	drvs  map[string]bool // the whole closure
	// reported are the derivations whose results were sent.
	reported map[string]bool
	// started are the derivations whose Started was sent.
	started map[string]bool
	events  chan Event
	done    bool
	logs    bool
	start   time.Time
}

// Event is one item of a Build's stream; exactly one field is set.
type Event struct {
	Progress *coordinator.Progress
	// Started comes before a build's log lines (with logs).
	Started *Started
	Log     *LogLine
	Result  *Result
	// Done ends the stream; it counts the failed roots.
	Done *int
}

// Started says that Drv began to build on Peer.
type Started struct {
	Drv, Peer string
}

// LogLine is one line a build printed.
type LogLine struct {
	Drv  string
	Peer string // where the build runs
	Line []byte
	Time time.Time
}

// Result is what became of one derivation of a request.
type Result struct {
	Drv             string
	Outputs         map[string]string
	BuiltOn         string
	SubstitutedFrom string
	Duration        time.Duration
	Err             string
	Root            bool
}

// Snapshot is a read-only copy of the farm's state for status pages.
type Snapshot struct {
	// Self is this node's peer ID; GossipAddr its gossip address.
	Self       string
	GossipAddr string
	// Progress counts every request's derivations.
	Progress coordinator.Progress
	// Peers are the gossip members, this node included, by peer ID.
	Peers []Peer
	// Leases are the builds this node's coordinator has running, here or
	// on peers.
	Leases []Lease
	// Queued are derivations waiting for a builder (offered or backing off).
	Queued []string
	// Running are the builds running on this node, for any coordinator.
	Running []BuildInfo
	// Finished are the last builds this node ran (at most farmKeepFinished).
	Finished []BuildInfo
	// Requests is how many Build calls are waiting.
	Requests int
}

// Peer is one gossip member.
type Peer struct {
	ID         string
	GossipAddr string
	Meta       gossip.NodeMeta
	Self       bool
}

// Lease is a build of this node's coordinator.
type Lease struct {
	Drv   string
	Peer  string
	Since time.Time
}

// BuildInfo is a build run on this node.
type BuildInfo struct {
	Drv         string
	Coordinator string
	Ready       time.Time // when its coordinator first offered it (zero if unknown)
	Granted     time.Time
	Started     time.Time // when it got a slot
	Duration    time.Duration
	Built       bool // false: the outputs existed already
	Err         string
}

// ErrClosed is returned by Build after Close.
var ErrClosed = errors.New("node: build farm closed")

// New starts the gossip member and the driver loop. It does not join
// anyone; see Join.
func New(cfg Config, deps Deps) (*Farm, error) {
	coord, err := coordinator.New(coordinator.Config{
		Self:        coordinator.PeerID(cfg.Self),
		Systems:     cfg.Systems,
		Features:    cfg.Features,
		LocalSlots:  cfg.Slots,
		TrustedKeys: cfg.Trusted,
		CheckShare:  cfg.CheckShare,
	})
	if err != nil {
		return nil, fmt.Errorf("node: coordinator: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	f := &Farm{
		cfg: cfg, deps: deps, log: cfg.Logger, coord: coord, start: time.Now(),
		ctx: ctx, cancel: cancel, inbox: make(chan func(), 4096), done: make(chan struct{}),
		jobs: map[string]*coordinator.Job{}, reqs: map[string]*farmRequest{},
		heard:  map[string]heardBuild{},
		leased: map[string]leaseInfo{}, readyAt: map[string]time.Time{}, outNames: map[string]string{},
		lg: newFarmLogs(),
	}
	if f.w, err = newFarmWorker(f); err != nil {
		cancel()
		return nil, fmt.Errorf("node: worker: %w", err)
	}
	f.g, err = gossip.New(gossip.Config{
		Name:      cfg.Self,
		BindAddr:  cfg.Listen,
		Transport: cfg.Transport,
		PSK:       cfg.PSK,
		Meta:      f.meta(),
		OnMessage: f.onMessage,
		OnEvent:   f.onEvent,
	})
	if err != nil {
		cancel()
		return nil, fmt.Errorf("node: gossip: %w", err)
	}
	f.snap.Self = cfg.Self
	f.snap.GossipAddr = f.g.Addr()
	f.wg.Add(1)
	go f.loop()
	f.startFaults()
	return f, nil
}

// GossipAddr is the farm's gossip address (host:port).
func (f *Farm) GossipAddr() string { return f.g.Addr() }

// IsMember reports whether peer is a live (or suspect) gossip member.
func (f *Farm) IsMember(peer string) bool {
	_, ok := f.g.Member(peer)
	return ok
}

// Join joins the gossip members at addrs.
func (f *Farm) Join(addrs []string) error {
	_, err := f.g.Join(addrs)
	return err
}

// Close stops the driver, cancels running builds and leaves the cluster.
func (f *Farm) Close() error {
	select {
	case <-f.done:
		return nil
	default:
	}
	close(f.done)
	f.cancel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err := f.g.Leave(ctx)
	f.wg.Wait()
	return err
}

// do runs fn on the driver loop. It never blocks for long: the inbox is
// large, and after Close fn is dropped.
func (f *Farm) do(fn func()) {
	select {
	case f.inbox <- fn:
	case <-f.done:
	}
}

// step feeds ev to the coordinator on the driver loop.
func (f *Farm) step(ev coordinator.Event) {
	f.do(func() { f.feed(ev) })
}

func (f *Farm) feed(ev coordinator.Event) {
	f.log.Debug("farm: event", "event", fmt.Sprintf("%T%+v", ev, ev))
	if err := f.coord.Step(ev); err != nil {
		f.log.Warn("farm: coordinator", "err", err)
	}
	f.perform()
}

func (f *Farm) loop() {
	defer f.wg.Done()
	t := time.NewTicker(farmTick)
	defer t.Stop()
	snapEvery := 0
	for {
		select {
		case <-f.done:
			f.closeRequests()
			return
		case fn := <-f.inbox:
			fn()
		case <-t.C:
			now := time.Since(f.start)
			f.coord.Tick(now)
			f.perform()
			f.w.tick(now)
			if snapEvery++; snapEvery%10 == 0 {
				f.updateSnapshot()
				f.w.refreshMeta()
			}
		}
	}
}

func (f *Farm) closeRequests() {
	for id, r := range f.reqs {
		close(r.events)
		delete(f.reqs, id)
	}
}

// Build asks the coordinator for drvPaths (whose .drv files are in the
// store) and returns the stream of what happens to them; the channel is
// closed after a Done event, or when ctx ends (the builds go on).
func (f *Farm) Build(ctx context.Context, drvPaths []string, logs bool, lim coordinator.Limits) (<-chan Event, error) {
	return f.BuildWith(ctx, drvPaths, BuildOptions{Logs: logs, Limits: lim})
}

// BuildOptions are a Build request's settings.
type BuildOptions struct {
	// Logs streams the builds' log lines.
	Logs bool
	// Limits are the client's, for every build.
	Limits coordinator.Limits
	// Check builds every derivation the request builds, and every root,
	// on a second peer and fails the request if an output differs
	// (tvix build --check-reproducible).
	Check bool
}

// BuildWith is Build with every setting of opts.
func (f *Farm) BuildWith(ctx context.Context, drvPaths []string, opts BuildOptions) (<-chan Event, error) {
	logs, lim := opts.Logs, opts.Limits
	if len(drvPaths) == 0 {
		return nil, errors.New("node: build: no derivations")
	}
	jobs, names, err := f.deps.LoadJobs(ctx, drvPaths)
	if err != nil {
		return nil, err
	}
	for k := range jobs {
		jobs[k].Limits = lim
	}
	// Peers read the .drv files through the DHT: wait until they can.
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	f.deps.Published(pctx)
	cancel()
	r := &farmRequest{roots: map[string]bool{}, drvs: map[string]bool{}, reported: map[string]bool{}, started: map[string]bool{}, events: make(chan Event, 1024), logs: logs, start: time.Now()}
	for _, p := range drvPaths {
		r.roots[p] = true
	}
	for _, j := range jobs {
		r.drvs[j.Drv] = true
	}
	errc := make(chan error, 1)
	f.do(func() {
		f.nextReq++
		r.id = fmt.Sprintf("r%d", f.nextReq)
		for o, name := range names {
			f.outNames[o] = name
		}
		for k := range jobs {
			if _, ok := f.jobs[jobs[k].Drv]; !ok {
				f.jobs[jobs[k].Drv] = &jobs[k]
			}
		}
		f.reqs[r.id] = r
		for drv := range r.drvs {
			if l, ok := f.leased[drv]; ok {
				f.sendStarted(r, drv, l.peer)
			}
		}
		err := f.coord.Step(coordinator.BuildRequested{ID: r.id, Jobs: jobs, Roots: drvPaths, Check: opts.Check})
		if err != nil {
			delete(f.reqs, r.id)
		}
		errc <- err
		f.perform()
	})
	select {
	case err := <-errc:
		if err != nil {
			return nil, err
		}
	case <-f.done:
		return nil, ErrClosed
	}
	out := make(chan Event, 64)
	go func() {
		defer close(out)
		for {
			select {
			case ev, ok := <-r.events:
				if !ok {
					return
				}
				select {
				case out <- ev:
				case <-ctx.Done():
					f.do(func() { f.dropRequest(r) })
					return
				}
				if ev.Done != nil {
					return
				}
			case <-ctx.Done():
				f.do(func() { f.dropRequest(r) })
				return
			}
		}
	}()
	return out, nil
}

func (f *Farm) dropRequest(r *farmRequest) {
	if _, ok := f.reqs[r.id]; ok {
		delete(f.reqs, r.id)
		r.done = true
	}
}

// send queues ev on r's stream; a stream that is not read is cut off
// rather than stalling the driver.
func (f *Farm) send(r *farmRequest, ev Event) {
	if r.done {
		return
	}
	select {
	case r.events <- ev:
	default:
		if ev.Done != nil || ev.Result != nil {
			go func() { // must arrive: wait outside the loop
				select {
				case r.events <- ev:
				case <-f.done:
				}
			}()
		}
	}
}

// Snapshot returns a copy of the farm's state, at most 100ms old: peers,
// this coordinator's leases and queue, builds running on and finished by
// this node, progress. It is cheap and safe to call from HTTP handlers.
func (f *Farm) Snapshot() Snapshot {
	f.smu.Lock()
	s := f.snap
	f.smu.Unlock()
	s.Running, s.Finished = f.w.builds()
	return s
}

// SubscribeLogs returns a channel receiving every log line of builds that
// run on this node from now on, and a function to unsubscribe. Lines are
// dropped for a subscriber that does not keep up (buffer of 256).
// Recent lines of a derivation are kept: see RecentLogs.
func (f *Farm) SubscribeLogs() (<-chan LogLine, func()) { return f.lg.subscribe() }

// RecentLogs returns the last lines (at most 200) of the build of drv on
// this node, if it ran recently.
func (f *Farm) RecentLogs(drv string) []LogLine { return f.lg.recentLines(drv) }

func (f *Farm) updateSnapshot() {
	s := Snapshot{Self: f.cfg.Self, GossipAddr: f.g.Addr(), Progress: f.coord.Progress(), Requests: len(f.reqs)}
	for _, m := range f.g.Members() {
		s.Peers = append(s.Peers, Peer{ID: m.Name, GossipAddr: m.Addr, Meta: m.Meta, Self: m.Name == f.cfg.Self})
	}
	sort.Slice(s.Peers, func(i, j int) bool { return s.Peers[i].ID < s.Peers[j].ID })
	for _, l := range f.coord.Leases() {
		s.Leases = append(s.Leases, Lease{Drv: l.Drv, Peer: string(l.Peer), Since: f.leased[l.Drv].since})
	}
	for drv := range f.jobs {
		switch f.coord.State(drv) {
		case "offered", "queued", "backoff":
			s.Queued = append(s.Queued, drv)
		}
	}
	sort.Strings(s.Queued)
	f.smu.Lock()
	f.snap = s
	f.smu.Unlock()
}

// meta is the NodeMeta this node advertises.
func (f *Farm) meta() gossip.NodeMeta {
	free := f.cfg.Slots
	if f.w != nil {
		free = f.w.freeSlots()
	}
	return gossip.NodeMeta{
		PeerID: f.cfg.Self, APIAddr: f.cfg.APIAddr, Systems: f.cfg.Systems, Features: f.cfg.Features,
		FreeSlots: uint32(max(free, 0)), TotalSlots: uint32(f.cfg.Slots), Load: float32(f.w.loadShare()),
		SigningKey: f.cfg.SigningKey,
	}
}

// onEvent turns membership changes into coordinator events.
func (f *Farm) onEvent(ev gossip.Event) {
	id := ev.Member.Name
	if id == f.cfg.Self {
		return
	}
	switch ev.Kind {
	case gossip.EventJoined, gossip.EventUpdated:
		m := ev.Member.Meta
		f.step(coordinator.PeerJoined{Peer: coordinator.PeerID(id), Info: coordinator.PeerInfo{
			Systems: m.Systems, Features: m.Features, Slots: int(m.TotalSlots), Load: float64(m.Load), Speed: 1,
		}})
		if ev.Kind == gossip.EventJoined {
			f.log.Info("farm: peer joined", "peer", id, "api", m.APIAddr)
		}
	case gossip.EventLeft, gossip.EventDead:
		f.log.Info("farm: peer gone", "peer", id, "how", ev.Kind.String())
		f.step(coordinator.PeerDied{Peer: coordinator.PeerID(id)})
		f.w.stepRemote(worker.PeerDied{Peer: coordinator.PeerID(id)})
	}
}
