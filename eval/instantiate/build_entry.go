package instantiate

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/p2pnix/tvix/eval"
	"github.com/p2pnix/tvix/store"
)

// Target is one derivation output an evaluation asked for, as nix-build
// sees it: the derivation and the output its outputName attribute names.
type Target struct {
	DrvPath string
	Output  string
}

// RealiseFunc builds the derivation outputs named by string context
// elements (of kind eval.CtxOutput) into the store, for
// import-from-derivation; the evaluator reads them at their store paths
// or, where nothing is there, through the store.
type RealiseFunc func(ctx context.Context, outputs []eval.ContextElem) error

// Instantiate evaluates o's files (or expressions, with FromExpr) and
// attribute paths as nix-build does, writes the .drv files, text files
// and sources the evaluation made into st, and returns the derivations
// asked for, in nix-build's order (duplicates kept). When realise is not
// nil the evaluator may call it for import-from-derivation; everything
// made so far is written into st first, so the derivations it names can
// be built from st. Evaluation errors are a *Failure. Copies of store
// paths made for the evaluation to read (eval.StoreFiles) are removed
// before it returns.
func Instantiate(ctx context.Context, o *Options, st *store.Store, realise RealiseFunc, stderr io.Writer) ([]Target, error) {
	fail := func(err error) error {
		var ee *eval.Error
		if errors.As(err, &ee) {
			return &Failure{Msg: ee.Format(o.ShowTrace)}
		}
		var f *Failure
		if errors.As(err, &f) {
			return f
		}
		return &Failure{Msg: "error: " + err.Error()}
	}
	cs := newComputeStore()
	cs.target = st
	// The evaluation, import-from-derivation's reads included, is over
	// when Instantiate returns: its local copies of store paths go.
	defer cs.cleanup()
	var hooks eval.StoreHooks = cs
	if realise != nil {
		hooks = &realisingStore{computeStore: cs, realise: realise}
	}
	ev := eval.New(ctx, eval.Options{SearchPath: SearchPath(o.Includes), Stderr: stderr, Store: hooks})
	autoArgs, err := buildAutoArgs(ev, o.Args)
	if err != nil {
		return nil, fail(err)
	}
	inputs := o.Files
	if len(inputs) == 0 {
		if o.FromExpr {
			return nil, fail(errors.New("no expression given"))
		}
		inputs = []string{"./default.nix"}
	}
	wd, _ := os.Getwd()
	var targets []Target
	for _, in := range inputs {
		var root eval.Value
		switch {
		case o.FromExpr:
			root, err = ev.EvalExpr(in, "«string»", wd)
		case strings.HasPrefix(in, "<") && strings.HasSuffix(in, ">"):
			root, err = ev.EvalExpr(in, "«string»", wd)
		default:
			if !filepath.IsAbs(in) {
				in = filepath.Join(wd, in)
			}
			root, err = ev.EvalFile(in)
		}
		if err != nil {
			return nil, fail(err)
		}
		paths := o.AttrPaths
		if len(paths) == 0 {
			paths = []string{""}
		}
		for _, ap := range paths {
			drvs, err := ev.DrvPaths(root, ap, autoArgs)
			if err != nil {
				return nil, fail(err)
			}
			for _, p := range drvs {
				t := Target{DrvPath: p, Output: "out"}
				if i := strings.LastIndexByte(p, '!'); i >= 0 {
					t = Target{DrvPath: p[:i], Output: p[i+1:]}
				}
				targets = append(targets, t)
			}
		}
	}
	if err := cs.write(ctx); err != nil {
		return nil, fail(err)
	}
	return targets, nil
}

// write copies what the evaluation made (sources, then .drv and text
// files) into the target store, if there is one, and registers them all
// at once.
func (c *computeStore) write(ctx context.Context) error {
	target, err := c.targetStore(ctx)
	if err != nil || target == nil {
		return err
	}
	infos, err := c.sourceInfos(ctx, target, nil)
	if err != nil {
		return err
	}
	if infos, err = c.textInfos(ctx, target, c.dir, infos); err != nil {
		return err
	}
	// One commit registers them all: a store that batches (the local
	// store) makes the content durable and then records every path in
	// one transaction, instead of syncing once per path.
	_, err = store.PutPathInfos(ctx, target.PathInfos, infos)
	return err
}

// realisingStore is computeStore with the evaluator's Realiser
// capability: before building, it writes what the evaluation has made so
// far (the .drv closure of the outputs asked for) into its target store.
type realisingStore struct {
	*computeStore
	realise RealiseFunc
}

var (
	_ eval.StoreHooks = (*realisingStore)(nil)
	_ eval.Realiser   = (*realisingStore)(nil)
)

// Capabilities are the compute store's and the Realiser.
func (r *realisingStore) Capabilities() eval.Capabilities {
	c := r.computeStore.Capabilities()
	c.Realiser = r
	return c
}

// Realise writes the evaluation's derivations into the store and builds
// outputs with the RealiseFunc.
func (r *realisingStore) Realise(ctx context.Context, outputs []eval.ContextElem) error {
	if err := r.write(ctx); err != nil {
		return err
	}
	return r.realise(ctx, outputs)
}
