package status

import (
	"context"
	"time"
)

// Source is the build farm as the status page (/) and /metrics see
// it: read-only, polled. Implementations must be safe for concurrent use,
// and Snapshot must not block (it runs on every page render, every live
// update and every scrape). Until one is set (Server.SetSource) the page
// shows empty farm sections.
type Source interface {
	// Snapshot returns the farm's state now.
	Snapshot() Snapshot
	// SubscribeLogs returns the log lines of running builds as they are
	// written, until ctx ends; then the channel is closed. A slow reader
	// may miss lines (the snapshot's log tails still have them).
	SubscribeLogs(ctx context.Context) <-chan LogLine
}

// Snapshot is the farm's state at one moment.
type Snapshot struct {
	// Peers are the farm's members as gossip knows them.
	Peers []Peer
	// Running and Queued are the builds this node coordinates or runs;
	// Recent are finished ones, newest first.
	Running, Queued, Recent []Build
	// GossipMembers is how many nodes gossip counts as members (this one
	// included).
	GossipMembers int
	// Finished counts the builds finished since start by result
	// ("built", "failed", "substituted", ...).
	Finished map[string]uint64
	// Reproducible and NotReproducible count the reproducibility checks
	// this node's coordinator ended since start (a second peer's rebuild
	// matched, or differed).
	Reproducible, NotReproducible uint64
}

// Peer is one farm member.
type Peer struct {
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

// Build is one build.
type Build struct {
	// ID identifies the build in LogLine.
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

// LogLine is a line written by a build.
type LogLine struct {
	Build string // Build.ID
	Line  string
}
