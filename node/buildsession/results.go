package buildsession

import (
	"fmt"
	"os"
	"slices"
	"sort"

	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/p2p"
)

// ResultLink is a result link nix-build makes: Name links to Target, the
// checkout of an output.
type ResultLink struct{ Name, Target string }

// NixBuildOutputs returns the output paths nix-build prints, in its
// order, and the result links it makes: outLink for the first
// derivation, outLink-2, outLink-3, ... for the next ones, each with
// "-<output>" added for outputs other than out. No links when outLink is
// empty.
func NixBuildOutputs(results []Result, outLink string) ([]string, []ResultLink) {
	type asked struct {
		pos    int
		r      *Result
		output string
	}
	var all []asked
	for i := range results {
		for _, a := range results[i].Asked {
			all = append(all, asked{a.Pos, &results[i], a.Output})
		}
	}
	slices.SortFunc(all, func(a, b asked) int { return a.pos - b.pos })
	var paths []string
	var links []ResultLink
	prefixes := map[string]string{}
	seen := map[string]bool{}
	for _, a := range all {
		paths = append(paths, a.r.Outputs[a.output])
		if outLink == "" {
			continue
		}
		prefix, ok := prefixes[a.r.DrvPath]
		if !ok {
			prefix = outLink
			if len(prefixes) > 0 {
				prefix += fmt.Sprintf("-%d", len(prefixes)+1)
			}
			prefixes[a.r.DrvPath] = prefix
		}
		name := prefix
		if a.output != "out" {
			name += "-" + a.output
		}
		if !seen[name] {
			seen[name] = true
			links = append(links, ResultLink{Name: name, Target: a.r.Checkouts[a.output]})
		}
	}
	return paths, links
}

// Record is one line of `tvix build --json` (see DESIGN.md).
type Record struct {
	DrvPath         string            `json:"drvPath"`
	Outputs         map[string]string `json:"outputs"`
	BuiltOn         string            `json:"builtOn"`
	SubstitutedFrom string            `json:"substitutedFrom"`
	DurationMs      int64             `json:"durationMs"`
}

// Records returns a record for every derivation that was built or asked
// for, dependencies first. BuiltOn is this machine's peer ID (from the
// node identity in home, "local" without one) for derivations built here
// now, the peer a node reported, and empty for those already in the
// store.
func Records(home tvixhome.Dir, results []Result) []Record {
	self := localBuilderID(home)
	var recs []Record
	for _, r := range results {
		if !r.Built && len(r.Asked) == 0 {
			continue
		}
		rec := Record{DrvPath: r.DrvPath, Outputs: r.Outputs, DurationMs: r.Duration.Milliseconds()}
		if r.Built {
			rec.BuiltOn = self
		}
		if r.BuiltOn != "" || r.SubstitutedFrom != "" { // a node's answer
			rec.BuiltOn, rec.SubstitutedFrom = r.BuiltOn, r.SubstitutedFrom
		}
		recs = append(recs, rec)
	}
	return recs
}

// localBuilderID is the peer ID of the node identity in home, or "local"
// when there is none.
func localBuilderID(home tvixhome.Dir) string {
	if _, err := os.Stat(home.P2PIdentity()); err != nil {
		return "local"
	}
	key, err := p2p.LoadOrCreateIdentity(string(home))
	if err != nil {
		return "local"
	}
	id, err := peer.IDFromPrivateKey(key)
	if err != nil {
		return "local"
	}
	return id.String()
}

// OutputsOf returns the outputs (output name -> store path) of each of
// drvPaths among results, in the order of drvPaths; nil for one that is
// not among them.
func OutputsOf(results []*builder.Result, drvPaths []string) []map[string]string {
	byDrv := map[string]*builder.Result{}
	for _, r := range results {
		byDrv[r.DrvPath] = r
	}
	outputs := make([]map[string]string, len(drvPaths))
	for i, d := range drvPaths {
		if r := byDrv[d]; r != nil {
			outputs[i] = r.Outputs
		}
	}
	return outputs
}

// OutputPaths lists the store paths of outputs (output name -> store
// path) in the order of the output names, as nix-build prints them.
func OutputPaths(outputs map[string]string) []string {
	names := make([]string, 0, len(outputs))
	for n := range outputs {
		names = append(names, n)
	}
	sort.Strings(names)
	paths := make([]string, len(names))
	for i, n := range names {
		paths[i] = outputs[n]
	}
	return paths
}
