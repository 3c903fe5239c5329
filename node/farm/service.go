package farm

import (
	"context"
	"time"

	"github.com/p2pnix/tvix/node/coordinator"
	"github.com/p2pnix/tvix/proto/nodev1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// buildAPI serves NodeService from a Farm.
type buildAPI struct {
	nodev1.UnimplementedNodeServiceServer
	f       *Farm
	apiAddr func() string
}

var _ nodev1.NodeServiceServer = (*buildAPI)(nil)

// NewService returns f's NodeService (proto tvix.node.v1): Build runs a
// request through f and streams its events, Status reports f's snapshot.
// apiAddr returns the node's API address for Status.
func NewService(f *Farm, apiAddr func() string) nodev1.NodeServiceServer {
	return &buildAPI{f: f, apiAddr: apiAddr}
}

// Build implements nodev1.NodeServiceServer.
func (a *buildAPI) Build(req *nodev1.BuildRequest, stream nodev1.NodeService_BuildServer) error {
	if len(req.DrvPaths) == 0 {
		return status.Error(codes.InvalidArgument, "build: no derivations")
	}
	if req.Local {
		return status.Error(codes.Unimplemented, "build: --local through a node is not supported yet")
	}
	ctx := stream.Context()
	lim := coordinator.Limits{
		Timeout:   time.Duration(req.TimeoutSeconds) * time.Second,
		MaxSilent: time.Duration(req.MaxSilentSeconds) * time.Second,
		Cores:     int(req.Cores),
	}
	events, err := a.f.BuildWith(ctx, req.DrvPaths, BuildOptions{Logs: req.Logs, Limits: lim, Check: req.CheckReproducible})
	if err != nil {
		if ctx.Err() != nil {
			return status.FromContextError(ctx.Err()).Err()
		}
		return status.Errorf(codes.FailedPrecondition, "build: %v", err)
	}
	for ev := range events {
		if err := stream.Send(eventProto(ev)); err != nil {
			return err
		}
		if ev.Done != nil {
			return nil
		}
		if r := ev.Result; r != nil && r.Err != "" && !req.KeepGoing {
			// Without keep-going the first failure ends the request,
			// as Nix stops; the builds under way go on for others.
			failed := 1
			return stream.Send(eventProto(Event{Done: &failed}))
		}
	}
	if err := ctx.Err(); err != nil {
		return status.FromContextError(err).Err()
	}
	return status.Error(codes.Unavailable, "build: the node is shutting down")
}

func eventProto(ev Event) *nodev1.BuildEvent {
	switch {
	case ev.Progress != nil:
		return &nodev1.BuildEvent{Event: &nodev1.BuildEvent_Progress{Progress: progressProto(*ev.Progress)}}
	case ev.Started != nil:
		return &nodev1.BuildEvent{Event: &nodev1.BuildEvent_Started{Started: &nodev1.Started{DrvPath: ev.Started.Drv, Peer: ev.Started.Peer}}}
	case ev.Log != nil:
		return &nodev1.BuildEvent{Event: &nodev1.BuildEvent_Log{Log: &nodev1.LogLine{DrvPath: ev.Log.Drv, Peer: ev.Log.Peer, Line: ev.Log.Line}}}
	case ev.Result != nil:
		r := ev.Result
		return &nodev1.BuildEvent{Event: &nodev1.BuildEvent_Result{Result: &nodev1.DrvResult{
			DrvPath: r.Drv, Outputs: r.Outputs, BuiltOn: r.BuiltOn, SubstitutedFrom: r.SubstitutedFrom,
			DurationMs: uint64(r.Duration.Milliseconds()), Error: r.Err, Root: r.Root,
		}}}
	default:
		failed := 0
		if ev.Done != nil {
			failed = *ev.Done
		}
		return &nodev1.BuildEvent{Event: &nodev1.BuildEvent_Done{Done: &nodev1.Done{Failed: uint32(failed)}}}
	}
}

// Status implements nodev1.NodeServiceServer.
func (a *buildAPI) Status(ctx context.Context, _ *nodev1.StatusRequest) (*nodev1.StatusResponse, error) {
	s := a.f.Snapshot()
	out := &nodev1.StatusResponse{PeerId: s.Self, ApiAddr: a.apiAddr(), GossipAddr: s.GossipAddr, Progress: progressProto(s.Progress), Queued: s.Queued}
	for _, p := range s.Peers {
		m := p.Meta
		out.Peers = append(out.Peers, &nodev1.Peer{
			PeerId: p.ID, ApiAddr: m.APIAddr, GossipAddr: p.GossipAddr, Systems: m.Systems, Features: m.Features,
			FreeSlots: m.FreeSlots, TotalSlots: m.TotalSlots, Load: m.Load, SigningKey: m.SigningKey, Self: p.Self,
		})
	}
	for _, l := range s.Leases {
		out.Running = append(out.Running, &nodev1.RunningBuild{DrvPath: l.Drv, Peer: l.Peer, Coordinator: s.Self, StartedUnixMs: l.Since.UnixMilli()})
	}
	for _, b := range s.Running {
		if b.Coordinator == s.Self {
			continue // listed as a lease
		}
		out.Running = append(out.Running, &nodev1.RunningBuild{DrvPath: b.Drv, Peer: s.Self, Coordinator: b.Coordinator, StartedUnixMs: b.Started.UnixMilli()})
	}
	for _, b := range s.Finished {
		out.Finished = append(out.Finished, &nodev1.FinishedBuild{
			DrvPath: b.Drv, Coordinator: b.Coordinator, Built: b.Built, DurationMs: uint64(b.Duration.Milliseconds()), Error: b.Err,
			GrantedUnixUs: unixMicro(b.Granted), StartedUnixUs: unixMicro(b.Started), ReadyUnixUs: unixMicro(b.Ready),
		})
	}
	return out, nil
}

func unixMicro(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

func progressProto(p coordinator.Progress) *nodev1.Progress {
	return &nodev1.Progress{Built: uint32(p.Built), ToBuild: uint32(p.ToBuild), Peers: uint32(p.Peers), Substituted: uint32(p.Substituted), Running: uint32(p.Running), Failed: uint32(p.Failed),
		Reproducible: uint32(p.Reproducible), NotReproducible: uint32(p.NotReproducible)}
}
