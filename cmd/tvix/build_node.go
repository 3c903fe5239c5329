package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/p2pnix/tvix/node"
	"github.com/p2pnix/tvix/proto/nodev1"
)

// nodeBuildOptions tune buildOnNode.
type nodeBuildOptions struct {
	// logs streams the builds' log lines to stderr (-L).
	logs bool
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
	c, err := node.DialBuildClient(addr)
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
				clear()
				fmt.Fprintf(stderr, "error: %s: %s\n", r.DrvPath, r.Error)
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
		r := byDrv[d]
		names := make([]string, 0, len(r.Outputs))
		for n := range r.Outputs {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			if _, err := fmt.Fprintln(w, r.Outputs[n]); err != nil {
				return err
			}
		}
	}
	return nil
}
