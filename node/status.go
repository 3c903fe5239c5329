package node

import (
	"context"
	"sync"
	"time"
)

// StatusSource is the build farm as the status page (/) and /metrics see
// it: read-only, polled. Implementations must be safe for concurrent use,
// and Snapshot must not block (it runs on every page render, every live
// update and every scrape). Until one is set (SetStatusSource) the page
// shows empty farm sections.
type StatusSource interface {
	// Snapshot returns the farm's state now.
	Snapshot() StatusSnapshot
	// SubscribeLogs returns the log lines of running builds as they are
	// written, until ctx ends; then the channel is closed. A slow reader
	// may miss lines (the snapshot's log tails still have them).
	SubscribeLogs(ctx context.Context) <-chan StatusLogLine
}

// StatusSnapshot is the farm's state at one moment.
type StatusSnapshot struct {
	// Peers are the farm's members as gossip knows them.
	Peers []StatusPeer
	// Running and Queued are the builds this node coordinates or runs;
	// Recent are finished ones, newest first.
	Running, Queued, Recent []StatusBuild
	// GossipMembers is how many nodes gossip counts as members (this one
	// included).
	GossipMembers int
	// Finished counts the builds finished since start by result
	// ("built", "failed", "substituted", ...).
	Finished map[string]uint64
}

// StatusPeer is one farm member.
type StatusPeer struct {
	// ID is the libp2p peer ID when known (it joins the peer to the p2p
	// view), else the gossip name.
	ID   string
	Name string
	// Health is "alive", "suspect" or "dead".
	Health string
	// Slots is how many builds it runs at once; Busy how many it runs.
	Slots, Busy int
	// Load is its load average (or any 0..n load figure it gossips).
	Load float64
}

// StatusBuild is one build.
type StatusBuild struct {
	// ID identifies the build in StatusLogLine.
	ID string
	// Drv is the derivation's store path.
	Drv string
	// Node is where it runs or ran (peer ID or name); empty if queued.
	Node string
	// State is "queued", "running", "built", "failed", "substituted", ...
	State string
	// Started is when it started (or was queued).
	Started time.Time
	// Duration is how long it took (finished builds) or has run so far.
	Duration time.Duration
	// Log is the tail of its log, oldest line first.
	Log []string
}

// StatusLogLine is a line written by a build.
type StatusLogLine struct {
	Build string // StatusBuild.ID
	Line  string
}

// statusState is the node's status page state.
type statusState struct {
	mu       sync.Mutex
	src      StatusSource
	statsMu  sync.Mutex // held while computing stats
	stats    storeStats
	stopOnce sync.Once
	stop     chan struct{} // closed when the HTTP server shuts down
}

// SetStatusSource makes src the farm the status page and /metrics show.
// Safe to call at any time, also while serving.
func (n *Node) SetStatusSource(src StatusSource) {
	n.status.mu.Lock()
	n.status.src = src
	n.status.mu.Unlock()
}

// farmSnapshot returns the status source's snapshot, empty without one.
func (n *Node) farmSnapshot() StatusSnapshot {
	n.status.mu.Lock()
	src := n.status.src
	n.status.mu.Unlock()
	if src == nil {
		return StatusSnapshot{}
	}
	return src.Snapshot()
}

// statusSource is the current source, or nil.
func (n *Node) statusSource() StatusSource {
	n.status.mu.Lock()
	defer n.status.mu.Unlock()
	return n.status.src
}
