package farm

import (
	"context"
	"sort"
	"time"

	"github.com/p2pnix/tvix/internal/faults"
	"github.com/p2pnix/tvix/node/status"
)

// recentBuildsShown bounds status.Snapshot.Recent.
const recentBuildsShown = 50

// StatusSource is f as the status page's and /metrics' source (see
// node/status): its snapshot and its build log lines.
func (f *Farm) StatusSource() status.Source { return farmStatus{f} }

// farmStatus is the Farm as the status page's status.Source.
type farmStatus struct{ f *Farm }

var _ status.Source = farmStatus{}

// Snapshot implements status.Source: peers from gossip, this coordinator's
// leases and builds run here for peers as Running, the coordinator's queue
// as Queued, and the last builds run here as Recent.
func (s farmStatus) Snapshot() status.Snapshot {
	snap := s.f.Snapshot()
	out := status.Snapshot{GossipMembers: len(snap.Peers), Finished: map[string]uint64{},
		Reproducible: uint64(snap.Progress.Reproducible), NotReproducible: uint64(snap.Progress.NotReproducible)}
	for _, p := range snap.Peers {
		m := p.Meta
		out.Peers = append(out.Peers, status.Peer{ID: p.ID, Name: p.ID, Health: "alive", Slots: int(m.TotalSlots), Busy: int(m.TotalSlots) - int(m.FreeSlots), Load: float64(m.Load)})
	}
	now := faults.Now()
	for _, l := range snap.Leases {
		out.Running = append(out.Running, s.build(l.Drv, l.Peer, "running", l.Since, now.Sub(l.Since)))
	}
	for _, b := range snap.Running {
		if b.Coordinator == snap.Self {
			continue // one of the leases
		}
		started := b.Started
		if started.IsZero() {
			started = b.Granted
		}
		out.Running = append(out.Running, s.build(b.Drv, snap.Self, "running", started, now.Sub(started)))
	}
	for _, q := range snap.Queued {
		out.Queued = append(out.Queued, status.Build{ID: q, Drv: q, State: "queued"})
	}
	for i := len(snap.Finished) - 1; i >= 0; i-- {
		b := snap.Finished[i]
		state := "built"
		switch {
		case b.Err != "":
			state = "failed"
		case !b.Built:
			state = "substituted"
		}
		out.Finished[state]++
		if len(out.Recent) < recentBuildsShown {
			out.Recent = append(out.Recent, s.build(b.Drv, snap.Self, state, b.Started, b.Duration))
		}
	}
	sort.Slice(out.Running, func(i, j int) bool { return out.Running[i].Drv < out.Running[j].Drv })
	return out
}

func (s farmStatus) build(drv, node, state string, started time.Time, d time.Duration) status.Build {
	b := status.Build{ID: drv, Drv: drv, Node: node, State: state, Started: started, Duration: d}
	for _, l := range s.f.RecentLogs(drv) {
		b.Log = append(b.Log, string(l.Line))
	}
	return b
}

// SubscribeLogs implements status.Source with the farm's log lines (builds
// run here, and lines peers forward of builds this node asked for); the
// build ID is the derivation path.
func (s farmStatus) SubscribeLogs(ctx context.Context) <-chan status.LogLine {
	in, stop := s.f.SubscribeLogs()
	out := make(chan status.LogLine, logSubBuffer)
	go func() {
		defer close(out)
		defer stop()
		for {
			select {
			case <-ctx.Done():
				return
			case l := <-in:
				select {
				case out <- status.LogLine{Build: l.Drv, Line: string(l.Line)}:
				default: // a slow reader misses lines
				}
			}
		}
	}()
	return out
}
