package buildsession

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/eval/instantiate"
	"github.com/p2pnix/tvix/internal/faults"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/node/nixdaemon"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/derivation"
	"github.com/p2pnix/tvix/store/nixpath"
)

// DaemonBuilder carries out the builds of the Nix daemon protocol
// (nixdaemon.Builder) as tvix build does: each call is a session of its
// own over one store, building in OCI sandboxes here or through the node
// that store belongs to. It is safe for concurrent use.
type DaemonBuilder struct {
	st   *store.Store
	home tvixhome.Dir
	node string
}

var _ nixdaemon.Builder = (*DaemonBuilder)(nil)

// NewDaemonBuilder returns a DaemonBuilder over st, which storeURL opened:
// when storeURL is a node's (see NodeAddr), builds go through that node,
// else they run here in sandboxes under home, which also keeps the logs
// and the signing key. The caller keeps st open while the builder is in
// use.
func NewDaemonBuilder(ctx context.Context, st *store.Store, storeURL string, home tvixhome.Dir) *DaemonBuilder {
	return &DaemonBuilder{st: st, home: home, node: NodeAddr(ctx, storeURL)}
}

// NewNodeDaemonBuilder returns a DaemonBuilder over st whose builds go
// through the tvix-node at nodeAddr (host:port or a unix socket's path),
// without asking first whether it answers: what a node uses for its own
// daemon socket, before it serves. Logs of the builds are kept under home.
func NewNodeDaemonBuilder(st *store.Store, nodeAddr string, home tvixhome.Dir) *DaemonBuilder {
	return &DaemonBuilder{st: st, home: home, node: nodeAddr}
}

// settings turns the client's options into a session's settings.
func daemonSettings(o nixdaemon.BuildOptions) Settings {
	s := DefaultSettings()
	s.Jobs = max(o.Jobs, 1)
	if o.Cores > 0 {
		s.Cores, s.coresSet = o.Cores, true
	} else {
		s.Cores = runtime.NumCPU()
	}
	s.KeepGoing = o.KeepGoing
	s.Timeout, s.MaxSilent = o.Timeout, o.MaxSilent
	return s
}

// session opens a session for one call, local unless the builder has a
// node and local is false; its output goes to the returned line writer,
// which the caller flushes.
func (b *DaemonBuilder) session(o nixdaemon.BuildOptions, local bool) (*Session, *builder.LineWriter, error) {
	w := &builder.LineWriter{Line: func([]byte) {}}
	if o.Log != nil {
		w.Line = func(line []byte) { o.Log(string(line)) }
	}
	s := daemonSettings(o)
	var lb *Session
	var err error
	if b.node != "" && !local {
		lb = newNodeSession(b.st, b.node, b.home, s, w)
	} else if lb, err = NewLocal(b.st, b.home, s, w); err != nil {
		return nil, nil, err
	}
	if o.Builds != nil {
		lb.daemonLog = &buildLogs{bl: o.Builds, w: map[string]*builder.LineWriter{}}
	}
	return lb, w, nil
}

// BuildPaths builds drvPaths and their closures in one session and
// reports each: built, already valid, failed (Nix's message with the end
// of the log), or not built because a dependency failed.
func (b *DaemonBuilder) BuildPaths(ctx context.Context, drvPaths []string, o nixdaemon.BuildOptions) ([]nixdaemon.BuildOutcome, error) {
	lb, w, err := b.session(o, false)
	if err != nil {
		return nil, err
	}
	defer lb.Close()
	start := faults.Now()
	res, err := lb.buildClosure(ctx, drvPaths, false)
	stop := faults.Now()
	w.Flush()
	var ce *builder.ClosureError
	if err != nil && !errors.As(err, &ce) {
		return nil, err
	}
	byDrv := map[string]*builder.Result{}
	for _, r := range res {
		byDrv[r.DrvPath] = r
	}
	out := make([]nixdaemon.BuildOutcome, len(drvPaths))
	for i, d := range drvPaths {
		if r, ok := byDrv[d]; ok {
			out[i] = nixdaemon.BuildOutcome{Status: nixdaemon.StatusAlreadyValid, Outputs: r.Outputs}
			if r.Built {
				out[i].Status, out[i].Start, out[i].Stop = nixdaemon.StatusBuilt, start, stop
			}
			continue
		}
		out[i] = lb.daemonFailure(d, ce, start, stop)
	}
	return out, nil
}

// daemonFailure is the outcome of drv, which did not build in a closure
// that failed with ce: its own failure, or that of its dependencies.
func (lb *Session) daemonFailure(drv string, ce *builder.ClosureError, start, stop time.Time) nixdaemon.BuildOutcome {
	o := nixdaemon.BuildOutcome{Status: nixdaemon.StatusMiscFailure, Start: start, Stop: stop}
	if ce == nil {
		o.Error = fmt.Sprintf("derivation '%s' was not built", drv)
		return o
	}
	n := lb.settings.LogTailLines
	if n == 0 {
		n = 10
	}
	for i, f := range ce.Failed {
		if i < len(ce.FailedDrvs) && ce.FailedDrvs[i] == drv {
			o.Status, o.Error = failureStatus(f), lb.failedBuild(drv, f, n)
			return o
		}
	}
	o.Status = nixdaemon.StatusDependencyFailed
	o.Error = fmt.Sprintf("%d dependencies of derivation '%s' failed to build", len(ce.Failed), drv)
	if len(ce.Failed) > 0 {
		o.Error = lb.failure(ce).Error() + "\nerror: " + o.Error
	}
	return o
}

// failureStatus is Nix's BuildResult status for a failed build.
func failureStatus(err error) nixdaemon.Status {
	var be *builder.Error
	if !errors.As(err, &be) {
		return nixdaemon.StatusMiscFailure
	}
	switch be.Reason {
	case builder.Timeout, builder.Silent:
		return nixdaemon.StatusTimedOut
	case builder.OutputRejected:
		return nixdaemon.StatusOutputRejected
	default:
		return nixdaemon.StatusPermanentFailure
	}
}

// BuildDerivation builds drv, sent inline. Through a node it goes to
// the farm like BuildPaths: the node's peers need a .drv file, so unless
// the store has the one at drvPath, drv is written to the store as the
// .drv its contents make (its inputs are all sources, so its path
// differs from drvPath, and its outputs name it as their deriver).
// Without a node it builds here (see builder.DrvBuilder.BuildInline).
func (b *DaemonBuilder) BuildDerivation(ctx context.Context, drvPath string, drv *derivation.Derivation, o nixdaemon.BuildOptions) (nixdaemon.BuildOutcome, error) {
	if b.node != "" {
		p := drvPath
		if sp, err := nixpath.DefaultStoreDir.Parse(drvPath); err != nil {
			return nixdaemon.BuildOutcome{}, err
		} else if _, err := b.st.PathInfos.Get(ctx, sp.Hash); errors.Is(err, store.ErrNotFound) {
			if p, err = writeDrv(ctx, b.st, drv); err != nil {
				return nixdaemon.BuildOutcome{}, fmt.Errorf("writing the derivation of '%s': %w", drvPath, err)
			}
		} else if err != nil {
			return nixdaemon.BuildOutcome{}, err
		}
		if p != drvPath && o.Builds != nil {
			o.Builds = renamedBuildLog{bl: o.Builds, from: p, to: drvPath}
		}
		out, err := b.BuildPaths(ctx, []string{p}, o)
		if err != nil {
			return nixdaemon.BuildOutcome{}, err
		}
		if p != drvPath {
			out[0].Error = strings.ReplaceAll(out[0].Error, p, drvPath)
		}
		return out[0], nil
	}
	lb, w, err := b.session(o, true)
	if err != nil {
		return nixdaemon.BuildOutcome{}, err
	}
	defer lb.Close()
	start := faults.Now()
	r, err := lb.db.BuildInline(ctx, drvPath, drv)
	stop := faults.Now()
	if lb.daemonLog != nil {
		lb.daemonLog.event(builder.Event{DrvPath: drvPath, Err: err})
	}
	lb.logs.close()
	w.Flush()
	if err != nil {
		var ce builder.ClosureError
		ce.Failed, ce.FailedDrvs = []error{err}, []string{drvPath}
		return lb.daemonFailure(drvPath, &ce, start, stop), nil
	}
	out := nixdaemon.BuildOutcome{Status: nixdaemon.StatusAlreadyValid, Outputs: r.Outputs}
	if r.Built {
		out.Status, out.Start, out.Stop = nixdaemon.StatusBuilt, start, stop
	}
	return out, nil
}

// writeDrv stores drv as the .drv file its contents make and returns
// its path.
func writeDrv(ctx context.Context, st *store.Store, drv *derivation.Derivation) (string, error) {
	text := drv.ATerm()
	refs := slices.Clone(drv.InputSrcs)
	for p := range drv.InputDrvs {
		refs = append(refs, p)
	}
	slices.Sort(refs)
	dir := nixpath.DefaultStoreDir
	sp, err := dir.MakeTextPath(drv.Name+".drv", sha256.Sum256(text), refs)
	if err != nil {
		return "", err
	}
	p := dir.Absolute(sp)
	return p, instantiate.PutText(ctx, st, dir, p, text, refs)
}

// renamedBuildLog reports the builds of the .drv written for a
// derivation sent inline under the client's name for it.
type renamedBuildLog struct {
	bl       nixdaemon.BuildLog
	from, to string
}

func (r renamedBuildLog) name(p string) string {
	if p == r.from {
		return r.to
	}
	return p
}

func (r renamedBuildLog) Started(drvPath, machine string) { r.bl.Started(r.name(drvPath), machine) }
func (r renamedBuildLog) Line(drvPath, line string)       { r.bl.Line(r.name(drvPath), line) }
func (r renamedBuildLog) Stopped(drvPath string)          { r.bl.Stopped(r.name(drvPath)) }

// buildLogs hands each build's output to a BuildLog line by line.
type buildLogs struct {
	bl nixdaemon.BuildLog
	mu sync.Mutex
	w  map[string]*builder.LineWriter
}

// writer is where drvPath's build writes its log.
func (b *buildLogs) writer(drvPath string) io.Writer {
	b.mu.Lock()
	defer b.mu.Unlock()
	w := &builder.LineWriter{Line: func(line []byte) { b.bl.Line(drvPath, string(line)) }}
	b.w[drvPath] = w
	return w
}

// event reports a build's start or end, flushing its log at the end.
func (b *buildLogs) event(e builder.Event) {
	if e.Started {
		b.bl.Started(e.DrvPath, "")
		return
	}
	b.mu.Lock()
	w := b.w[e.DrvPath]
	delete(b.w, e.DrvPath)
	b.mu.Unlock()
	if w != nil {
		w.Flush()
	}
	b.bl.Stopped(e.DrvPath)
}
