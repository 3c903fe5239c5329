package buildsession

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/node/nodeclient"
	"github.com/p2pnix/tvix/proto/nodev1"
)

// NodeOptions tune BuildOnNode.
type NodeOptions struct {
	// Logs streams the builds' log lines to stderr (-L).
	Logs bool
	// QuietErrors leaves failed derivations to the caller to report.
	QuietErrors bool
	// Log, when set, receives the log lines (with Logs) instead of
	// stderr, and Started the peer a build began on (with Logs);
	// Result receives each result as it arrives.
	Log     func(drvPath, line string)
	Started func(drvPath, peer string)
	Result  func(NodeResult)
	// Timeout, MaxSilent and Cores go to every build (0: the node's);
	// without KeepGoing the node ends the request at the first failure.
	Timeout, MaxSilent time.Duration
	Cores              int
	KeepGoing          bool
	// CheckReproducible has the farm build each derivation on a second
	// peer and fail where an output differs.
	CheckReproducible bool
}

// NodeResult is one derivation as the node reports it (tvix cluster
// build --json prints these).
type NodeResult struct {
	DrvPath         string            `json:"drvPath"`
	Outputs         map[string]string `json:"outputs"`
	BuiltOn         string            `json:"builtOn"`
	SubstitutedFrom string            `json:"substitutedFrom"`
	DurationMS      uint64            `json:"durationMs"`
	Error           string            `json:"error,omitempty"`
	// Root is set for the derivations the request named.
	Root bool `json:"-"`
}

// BuildOnNode asks the node at addr (host:port or socket path) to build
// drvPaths, whose .drv closure is already in its store, across its
// cluster. It shows the node's progress line on stderr (redrawn when
// stderr is a terminal), build logs with opts.Logs, and returns one
// result per derivation the node reported, the requested ones included.
// It fails when a requested derivation failed.
func BuildOnNode(ctx context.Context, addr string, drvPaths []string, stderr io.Writer, opts NodeOptions) ([]NodeResult, error) {
	c, err := nodeclient.DialBuildClient(addr)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	tty := isTerminal(stderr)
	shown := false
	clear := func() {
		if shown {
			fmt.Fprint(stderr, "\r\033[K")
			shown = false
		}
	}
	var results []NodeResult
	var failures []string
	lastProgress := ""
	done, err := c.Build(ctx, &nodev1.BuildRequest{
		DrvPaths: drvPaths, Logs: opts.Logs, KeepGoing: opts.KeepGoing, Cores: uint32(opts.Cores),
		TimeoutSeconds: uint64(opts.Timeout / time.Second), MaxSilentSeconds: uint64(opts.MaxSilent / time.Second),
		CheckReproducible: opts.CheckReproducible,
	}, func(ev *nodev1.BuildEvent) error {
		switch {
		case ev.GetProgress() != nil:
			line := nodeclient.ProgressLine(ev.GetProgress())
			if tty && line != lastProgress {
				clear()
				fmt.Fprint(stderr, line)
				shown = true
			}
			lastProgress = line
		case ev.GetStarted() != nil:
			if s := ev.GetStarted(); opts.Started != nil {
				opts.Started(s.DrvPath, s.Peer)
			}
		case ev.GetLog() != nil:
			l := ev.GetLog()
			if opts.Log != nil {
				opts.Log(l.DrvPath, string(l.Line))
				break
			}
			clear()
			fmt.Fprintf(stderr, "%s> %s\n", drvName(l.DrvPath), l.Line)
		case ev.GetResult() != nil:
			r := ev.GetResult()
			results = append(results, NodeResult{DrvPath: r.DrvPath, Outputs: r.Outputs, BuiltOn: r.BuiltOn, SubstitutedFrom: r.SubstitutedFrom, DurationMS: r.DurationMs, Error: r.Error, Root: r.Root})
			if opts.Result != nil {
				opts.Result(results[len(results)-1])
			}
			if r.Error != "" {
				if !opts.QuietErrors {
					clear()
					fmt.Fprintf(stderr, "error: %s: %s\n", r.DrvPath, r.Error)
				}
				failures = append(failures, r.DrvPath)
			}
		}
		return nil
	})
	clear()
	if err != nil {
		return results, fmt.Errorf("node %s: %w", addr, err)
	}
	if done.Failed > 0 {
		return results, fmt.Errorf("%d of %d derivations failed: %s", done.Failed, len(drvPaths), strings.Join(failures, ", "))
	}
	return results, nil
}

// drvName is the name of a .drv store path, for log prefixes.
func drvName(p string) string {
	base := p[strings.LastIndexByte(p, '/')+1:]
	if _, name, ok := strings.Cut(base, "-"); ok {
		return strings.TrimSuffix(name, ".drv")
	}
	return base
}

// NodeAddr returns the node a session should hand its builds to: the
// tvix-node that storeURL names (grpc+http://host:port or
// grpc+unix:/path, as --node, $TVIX_NODE and the node on $TVIX_HOME's
// socket give) when it answers NodeService; "" otherwise (a plain store,
// or a store server that is not a tvix-node), and the build runs here.
func NodeAddr(ctx context.Context, storeURL string) string {
	addr := ""
	if rest, ok := strings.CutPrefix(storeURL, "grpc+http://"); ok {
		addr = strings.TrimSuffix(rest, "/")
	} else if rest, ok := strings.CutPrefix(storeURL, "grpc+unix:"); ok {
		addr = "/" + strings.TrimLeft(rest, "/")
	}
	if addr == "" {
		return ""
	}
	c, err := nodeclient.DialBuildClient(addr)
	if err != nil {
		return ""
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := c.Status(ctx); err != nil {
		return ""
	}
	return addr
}

// buildClosureOnNode is builder.DrvBuilder.BuildClosure through the node
// at addr: the node builds drvPaths across its cluster and fetches their
// outputs into its store. It returns a result per derivation the node
// reported (Built when a node built it for this request) with where it was
// built or substituted from, and a *builder.ClosureError naming the
// failed derivations.
func buildClosureOnNode(ctx context.Context, addr string, drvPaths []string, stderr io.Writer, opts NodeOptions) ([]*builder.Result, map[string]NodeResult, error) {
	opts.QuietErrors = true
	res, err := BuildOnNode(ctx, addr, drvPaths, stderr, opts)
	var out []*builder.Result
	where := map[string]NodeResult{}
	var ce builder.ClosureError
	for _, r := range res {
		if r.Error != "" {
			msg := r.Error
			if !strings.Contains(msg, r.DrvPath) {
				msg = fmt.Sprintf("building '%s': %s", r.DrvPath, msg)
			}
			ce.Failed = append(ce.Failed, errors.New(msg))
			ce.FailedDrvs = append(ce.FailedDrvs, r.DrvPath)
			continue
		}
		where[r.DrvPath] = r
		out = append(out, &builder.Result{DrvPath: r.DrvPath, Outputs: r.Outputs, Built: r.BuiltOn != "", Duration: time.Duration(r.DurationMS) * time.Millisecond})
	}
	if len(ce.Failed) > 0 {
		return out, where, &ce
	}
	return out, where, err
}

// buildThroughNode is buildClosure through lb.node: the node's progress
// line replaces the local one on a terminal, build logs stream unless -Q.
func (lb *Session) buildThroughNode(ctx context.Context, drvPaths []string) ([]*builder.Result, error) {
	stderr := io.Writer(lb.progress)
	if lb.progress.tty {
		stderr = lb.progress.w
	}
	s := lb.settings
	opts := NodeOptions{Logs: !s.Quiet, Timeout: s.Timeout, MaxSilent: s.MaxSilent, KeepGoing: s.KeepGoing, CheckReproducible: s.CheckReproducible}
	if s.coresSet {
		opts.Cores = s.Cores
	}
	if d := lb.daemonLog; d != nil {
		opts.Logs, opts.Log, opts.Started = true, d.bl.Line, d.bl.Started
		opts.Result = func(r NodeResult) { d.bl.Stopped(r.DrvPath) }
	}
	res, where, err := buildClosureOnNode(ctx, lb.node, drvPaths, stderr, opts)
	for d, r := range where {
		lb.where[d] = r
	}
	return res, err
}

// RootOutputs returns the outputs (output name -> store path) of each of
// drvPaths among the requested derivations of res, in the order of
// drvPaths; nil for one the node did not report.
func RootOutputs(res []NodeResult, drvPaths []string) []map[string]string {
	byDrv := map[string]NodeResult{}
	for _, r := range res {
		if r.Root {
			byDrv[r.DrvPath] = r
		}
	}
	outputs := make([]map[string]string, len(drvPaths))
	for i, d := range drvPaths {
		outputs[i] = byDrv[d].Outputs
	}
	return outputs
}
