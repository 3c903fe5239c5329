package buildsession

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/builder/buildprof"
	"github.com/p2pnix/tvix/eval"
	"github.com/p2pnix/tvix/eval/instantiate"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
)

// Result is one derivation of a build's closure.
type Result struct {
	DrvPath string
	// Outputs maps each output name to its store path.
	Outputs map[string]string
	// Asked lists where the expression asked for this derivation, in
	// nix-build's order; empty for a dependency.
	Asked []AskedOutput
	// Checkouts maps each asked-for output to its materialised copy.
	Checkouts map[string]string
	Built     bool
	Duration  time.Duration
	// BuiltOn and SubstitutedFrom are the peer IDs a node reported (empty
	// when built here).
	BuiltOn, SubstitutedFrom string
}

// AskedOutput is the output the expression's Pos-th derivation names.
type AskedOutput struct {
	Pos    int
	Output string
}

// Build evaluates inst (its files and .drv arguments), writes the
// derivations into the store, builds what is missing (import-from-derivation
// included) and materialises the outputs asked for under the home's
// checkout directory (see builder.Checkouts; as root they also appear at
// their /nix/store paths when nothing is there). It returns one result
// per derivation of the closure, dependencies first; when builds fail it
// returns the results of those that succeeded and the failure (see
// BuildClosure).
func (lb *Session) Build(ctx context.Context, inst instantiate.Options) ([]Result, error) {
	co := lb.checkouts()
	realise := func(ctx context.Context, outputs []eval.ContextElem) error {
		return realiseOutputs(ctx, lb, co, outputs)
	}
	var targets []instantiate.Target
	var err error
	// Import-from-derivation builds run inside the evaluation, and their
	// phases are counted twice.
	sp := buildprof.BeginAlone("evaluate, write .drv files")
	if !inst.FromExpr {
		targets, inst.Files, err = drvTargets(ctx, lb.st, lb.dir, inst.Files)
		if err != nil {
			return nil, err
		}
	}
	if len(targets) == 0 || len(inst.Files) > 0 {
		t, err := instantiate.Instantiate(ctx, &inst, lb.st, realise, lb.progress)
		if err != nil {
			return nil, err
		}
		targets = append(targets, t...)
	}
	sp.End()
	var roots []string
	asked := map[string][]AskedOutput{}
	for i, t := range targets {
		if _, ok := asked[t.DrvPath]; !ok {
			roots = append(roots, t.DrvPath)
		}
		asked[t.DrvPath] = append(asked[t.DrvPath], AskedOutput{Pos: i, Output: t.Output})
	}
	res, berr := lb.BuildClosure(ctx, roots, lb.settings.Check)
	sp = buildprof.Begin("checkouts")
	defer func() { sp.End() }()
	out := make([]Result, 0, len(res))
	for _, r := range res {
		br := Result{DrvPath: r.DrvPath, Outputs: r.Outputs, Asked: asked[r.DrvPath], Built: r.Built, Duration: r.Duration}
		br.BuiltOn, br.SubstitutedFrom = lb.where[r.DrvPath].BuiltOn, lb.where[r.DrvPath].SubstitutedFrom
		for _, a := range br.Asked {
			p, ok := r.Outputs[a.Output]
			if !ok {
				return out, fmt.Errorf("derivation '%s' does not have an output named '%s'", r.DrvPath, a.Output)
			}
			dir, err := co.Path(ctx, p)
			if err != nil {
				return out, err
			}
			if br.Checkouts == nil {
				br.Checkouts = map[string]string{}
			}
			br.Checkouts[a.Output] = dir
		}
		out = append(out, br)
	}
	return out, berr
}

// realiseOutputs serves import-from-derivation: it builds the derivations
// of outputs and checks out the outputs asked for, so that the evaluator
// can read them.
func realiseOutputs(ctx context.Context, lb *Session, co *builder.Checkouts, outputs []eval.ContextElem) error {
	var drvs []string
	want := map[string][]string{}
	for _, e := range outputs {
		if _, seen := want[e.Path]; !seen {
			drvs = append(drvs, e.Path)
		}
		want[e.Path] = append(want[e.Path], e.Output)
	}
	res, err := lb.BuildClosure(ctx, drvs, false)
	if err != nil {
		return err
	}
	for _, r := range res {
		for _, o := range want[r.DrvPath] {
			p, ok := r.Outputs[o]
			if !ok {
				return fmt.Errorf("derivation '%s' does not have an output named '%s'", r.DrvPath, o)
			}
			if _, err := co.Path(ctx, p); err != nil {
				return err
			}
		}
	}
	return nil
}

// drvTargets takes the arguments that name .drv store paths out of args,
// as nix-build does: "DRV" asks for the output its env's outputName names
// (else out), "DRV!OUTPUT" for OUTPUT. A .drv missing from st is imported
// with its closure from the Nix store on this machine (dir on disk), as
// tvix build-drv does. It returns their targets, in order, and the other
// arguments (files to evaluate, which nix-build evaluates afterwards).
func drvTargets(ctx context.Context, st *store.Store, dir nixpath.StoreDir, args []string) ([]instantiate.Target, []string, error) {
	var targets []instantiate.Target
	var rest []string
	for _, a := range args {
		p, outs, _ := strings.Cut(a, "!")
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		sp, err := dir.Parse(p)
		if err != nil || !strings.HasSuffix(p, ".drv") {
			rest = append(rest, a)
			continue
		}
		if strings.Contains(outs, ",") {
			return nil, nil, fmt.Errorf("building more than one derivation output is not supported, in '%s'", a)
		}
		if _, err := st.PathInfos.Get(ctx, sp.Hash); errors.Is(err, store.ErrNotFound) {
			if _, err := os.Lstat(p); err != nil {
				return nil, nil, fmt.Errorf("path '%s' does not exist and cannot be created", p)
			}
			if err := builder.ImportDerivations(ctx, st, dir, []string{p}); err != nil {
				return nil, nil, fmt.Errorf("importing %s: %w", p, err)
			}
		} else if err != nil {
			return nil, nil, err
		}
		drv, err := builder.LoadDerivation(ctx, st, dir, p)
		if err != nil {
			return nil, nil, err
		}
		if outs == "" {
			outs = "out"
			if n, ok := drv.Env["outputName"]; ok {
				outs = n
			}
		}
		if _, ok := drv.Outputs[outs]; !ok {
			return nil, nil, fmt.Errorf("derivation '%s' does not have output '%s'", p, outs)
		}
		targets = append(targets, instantiate.Target{DrvPath: p, Output: outs})
	}
	return targets, rest, nil
}
