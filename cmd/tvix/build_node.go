package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/node/nodeclient"
	"github.com/p2pnix/tvix/proto/nodev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
)

// nodeBuildOptions tune buildOnNode.
type nodeBuildOptions struct {
	// logs streams the builds' log lines to stderr (-L).
	logs bool
	// quietErrors leaves failed derivations to the caller to report.
	quietErrors bool
}

// nodeResult is one derivation as the node reports it (tvix build --json
// prints these).
type nodeResult struct {
	DrvPath         string            `json:"drvPath"`
	Outputs         map[string]string `json:"outputs"`
	BuiltOn         string            `json:"builtOn"`
	SubstitutedFrom string            `json:"substitutedFrom"`
	DurationMS      uint64            `json:"durationMs"`
	Error           string            `json:"error,omitempty"`
	root            bool
}

// buildOnNode asks the node at addr (host:port or socket path) to build
// drvPaths, whose .drv closure is already in its store, across its
// cluster. It shows the node's progress line on stderr (redrawn when
// stderr is a terminal), build logs with opts.logs, and returns one
// result per derivation the node reported, the requested ones included.
// It fails when a requested derivation failed.
func buildOnNode(ctx context.Context, addr string, drvPaths []string, stderr io.Writer, opts nodeBuildOptions) ([]nodeResult, error) {
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
	var results []nodeResult
	var failures []string
	lastProgress := ""
	done, err := c.Build(ctx, &nodev1.BuildRequest{DrvPaths: drvPaths, Logs: opts.logs}, func(ev *nodev1.BuildEvent) error {
		switch {
		case ev.GetProgress() != nil:
			p := ev.GetProgress()
			line := fmt.Sprintf("[%d/%d built on %d peers, %d substituted, %d running", p.Built, p.ToBuild, p.Peers, p.Substituted, p.Running)
			if p.Failed > 0 {
				line += fmt.Sprintf(", %d failed", p.Failed)
			}
			line += "]"
			if tty && line != lastProgress {
				clear()
				fmt.Fprint(stderr, line)
				shown = true
			}
			lastProgress = line
		case ev.GetLog() != nil:
			l := ev.GetLog()
			clear()
			fmt.Fprintf(stderr, "%s> %s\n", drvName(l.DrvPath), l.Line)
		case ev.GetResult() != nil:
			r := ev.GetResult()
			results = append(results, nodeResult{DrvPath: r.DrvPath, Outputs: r.Outputs, BuiltOn: r.BuiltOn, SubstitutedFrom: r.SubstitutedFrom, DurationMS: r.DurationMs, Error: r.Error, root: r.Root})
			if r.Error != "" {
				if !opts.quietErrors {
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

// printNodeResults prints the output paths of drvPaths one per line (as
// nix-build does), or with asJSON one JSON object per derivation.
func printNodeResults(w io.Writer, drvPaths []string, res []nodeResult, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		for _, r := range res {
			if r.Outputs == nil {
				r.Outputs = map[string]string{}
			}
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	byDrv := map[string]nodeResult{}
	for _, r := range res {
		if r.root {
			byDrv[r.DrvPath] = r
		}
	}
	for _, d := range drvPaths {
		if err := printOutputPaths(w, byDrv[d].Outputs); err != nil {
			return err
		}
	}
	return nil
}

// buildNodeAddr returns the node `tvix build` should hand its builds to:
// the tvix-node that storeURL names (grpc+http://host:port or
// grpc+unix:/path, as --node, $TVIX_NODE and the node on $TVIX_HOME's
// socket give) when it answers NodeService; "" otherwise (a plain store,
// or a store server that is not a tvix-node), and the build runs here.
func buildNodeAddr(ctx context.Context, storeURL string) string {
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
func buildClosureOnNode(ctx context.Context, addr string, drvPaths []string, stderr io.Writer, logs bool) ([]*builder.Result, map[string]nodeResult, error) {
	res, err := buildOnNode(ctx, addr, drvPaths, stderr, nodeBuildOptions{logs: logs, quietErrors: true})
	var out []*builder.Result
	where := map[string]nodeResult{}
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

// newBuilderFor returns the builder of tvix build: one handing the builds
// to the node that storeURL names (buildNodeAddr), unless --local or
// --check (which needs the outputs here), else newLocalBuilder's OCI
// sandbox. Through a node the evaluation has already written the .drv
// files into the node's store, and the outputs land there.
func newBuilderFor(ctx context.Context, storeURL string, st *store.Store, s buildSettings, stderr io.Writer) (*localBuilder, error) {
	if !s.local && !s.check {
		if addr := buildNodeAddr(ctx, storeURL); addr != "" {
			return &localBuilder{st: st, dir: nixpath.DefaultStoreDir, settings: s, node: addr, where: map[string]nodeResult{},
				logs:     &logFiles{dir: tvixhome.Default().Logs(), files: map[string]*os.File{}},
				progress: newProgressLine(stderr, s.progress)}, nil
		}
	}
	return newLocalBuilder(st, s, stderr)
}

// buildThroughNode is buildClosure through lb.node: the node's progress
// line replaces the local one on a terminal, build logs stream unless -Q.
func (lb *localBuilder) buildThroughNode(ctx context.Context, drvPaths []string) ([]*builder.Result, error) {
	stderr := io.Writer(lb.progress)
	if lb.progress.tty {
		stderr = lb.progress.w
	}
	res, where, err := buildClosureOnNode(ctx, lb.node, drvPaths, stderr, !lb.settings.quiet)
	for d, r := range where {
		lb.where[d] = r
	}
	return res, err
}
