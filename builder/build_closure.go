package builder

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/p2pnix/tvix/builder/buildprof"
)

// ClosureOptions tune BuildClosure.
type ClosureOptions struct {
	// Jobs is how many builders run at once; 0 means 1. As in Nix, a
	// build's slot is free once its builder has finished: the next build
	// starts while its outputs are registered (and synced), and its
	// dependents start after that.
	Jobs int
	// KeepGoing keeps starting builds that do not depend on a failed
	// one (Nix's --keep-going); otherwise no new build starts after the
	// first failure, while running ones finish.
	KeepGoing bool
	// Check rebuilds the requested derivations whose outputs are in the
	// store and fails if an output differs (Nix's --check).
	Check bool
	// Planned, when set, is called once before any build starts with
	// the derivations that will be built (or checked), in dependency
	// order.
	Planned func(drvPaths []string)
}

// ClosureError reports the derivations of a BuildClosure that failed, in
// the order they failed, and those skipped because an input failed.
type ClosureError struct {
	Failed []error
	// FailedDrvs holds the derivation of each error in Failed.
	FailedDrvs []string
	Skipped    []string
}

func (e *ClosureError) Error() string {
	msgs := make([]string, 0, len(e.Failed)+1)
	for _, f := range e.Failed {
		msgs = append(msgs, f.Error())
	}
	if n := len(e.Skipped); n > 0 {
		msgs = append(msgs, fmt.Sprintf("%d dependent derivations were not built", n))
	}
	return strings.Join(msgs, "\n")
}

// Unwrap returns the individual failures.
func (e *ClosureError) Unwrap() []error { return e.Failed }

// BuildClosure builds drvPaths and every derivation they depend on (via
// inputDrvs) whose outputs are not yet in the store, each after all its
// inputs, up to opts.Jobs at a time. It returns one Result per derivation
// of the closure, dependencies before dependents (derivations already
// built have Built false). When some builds fail it returns the results
// of those that succeeded and a *ClosureError.
func (d *DrvBuilder) BuildClosure(ctx context.Context, drvPaths []string, opts ClosureOptions) ([]*Result, error) {
	sp := buildprof.Begin("plan")
	order, deps, valid, err := d.topoOrder(ctx, drvPaths)
	sp.End()
	if err != nil {
		return nil, err
	}
	jobs := max(opts.Jobs, 1)
	roots := map[string]bool{}
	for _, p := range drvPaths {
		roots[p] = true
	}
	if opts.Planned != nil {
		var planned []string
		for _, p := range order {
			if !valid[p] || (opts.Check && roots[p]) {
				planned = append(planned, p)
			}
		}
		opts.Planned(planned)
	}

	type node struct {
		waiting    int      // inputs not yet built
		dependents []string // derivations that use this one
	}
	nodes := make(map[string]*node, len(order))
	for _, p := range order {
		nodes[p] = &node{waiting: len(deps[p])}
	}
	for _, p := range order {
		for _, dep := range deps[p] {
			nodes[dep].dependents = append(nodes[dep].dependents, p)
		}
	}

	var (
		mu      sync.Mutex
		ready   []string
		running int // builds holding a slot
		pending int // builds not finished, registering included
		results = map[string]*Result{}
		cerr    ClosureError
		stopped bool
		wake    = make(chan struct{}, 1)
	)
	for _, p := range order {
		if nodes[p].waiting == 0 {
			ready = append(ready, p)
		}
	}
	var skip func(string)
	skip = func(p string) {
		for _, dep := range nodes[p].dependents {
			if nodes[dep].waiting >= 0 {
				nodes[dep].waiting = -1
				cerr.Skipped = append(cerr.Skipped, dep)
				skip(dep)
			}
		}
	}
	finish := func(p string, res *Result, err error) {
		mu.Lock()
		defer mu.Unlock()
		pending--
		if err != nil {
			cerr.Failed = append(cerr.Failed, err)
			cerr.FailedDrvs = append(cerr.FailedDrvs, p)
			skip(p)
			if !opts.KeepGoing {
				stopped = true
			}
		} else {
			results[p] = res
			for _, dep := range nodes[p].dependents {
				if n := nodes[dep]; n.waiting > 0 {
					n.waiting--
					if n.waiting == 0 {
						ready = append(ready, dep)
					}
				}
			}
		}
		select {
		case wake <- struct{}{}:
		default:
		}
	}
	var wg sync.WaitGroup
	cancelled := ctx.Done()
	for {
		mu.Lock()
		if ctx.Err() != nil {
			stopped = true
		}
		for !stopped && running < jobs && len(ready) > 0 {
			p := ready[0]
			ready = ready[1:]
			running++
			pending++
			wg.Add(1)
			go func() {
				defer wg.Done()
				released := false
				release := func() {
					mu.Lock()
					defer mu.Unlock()
					if !released {
						released = true
						running--
						select {
						case wake <- struct{}{}:
						default:
						}
					}
				}
				check := opts.Check && roots[p]
				if valid[p] && !check {
					res, err := d.BuildDerivation(ctx, p) // returns the existing outputs
					release()
					finish(p, res, err)
					return
				}
				d.progress(Event{DrvPath: p, Started: true})
				res, err := d.buildDerivation(ctx, p, check, RequestOptions{}, release)
				release()
				d.progress(Event{DrvPath: p, Err: err})
				finish(p, res, err)
			}()
		}
		idle := pending == 0
		mu.Unlock()
		if idle {
			break
		}
		select {
		case <-wake:
		case <-cancelled:
			cancelled = nil // running builds see ctx too; wait for them
		}
	}
	wg.Wait()

	out := make([]*Result, 0, len(results))
	for _, p := range order {
		if r, ok := results[p]; ok {
			out = append(out, r)
		}
	}
	if err := ctx.Err(); err != nil {
		return out, err
	}
	if len(cerr.Failed) > 0 {
		return out, &cerr
	}
	if len(out) != len(order) {
		return out, errors.New("build closure: some derivations were not built")
	}
	return out, nil
}

func (d *DrvBuilder) progress(e Event) {
	if d.opts.Progress != nil {
		d.opts.Progress(e)
	}
}

// topoOrder loads the closure of roots and returns it in dependency
// order (inputs first; ties by path) with each derivation's inputs, and
// which derivations' outputs are all in the store already (their inputs
// are left out).
func (d *DrvBuilder) topoOrder(ctx context.Context, roots []string) ([]string, map[string][]string, map[string]bool, error) {
	deps := map[string][]string{}
	validSet := map[string]bool{}
	var visit func(p string, stack map[string]bool) error
	var order []string
	visit = func(p string, stack map[string]bool) error {
		if _, done := deps[p]; done {
			return nil
		}
		if stack[p] {
			return fmt.Errorf("derivation %s depends on itself", p)
		}
		stack[p] = true
		defer delete(stack, p)
		drv, err := d.Derivation(ctx, p)
		if err != nil {
			return err
		}
		var inputs []string
		valid, err := d.outputsValid(ctx, drv)
		if err != nil {
			return err
		}
		if !valid { // inputs of a derivation already built are not needed
			inputs = sortedKeys(drv.InputDrvs)
		}
		validSet[p] = valid
		for _, in := range inputs {
			if err := visit(in, stack); err != nil {
				return err
			}
		}
		deps[p] = inputs
		order = append(order, p)
		return nil
	}
	sorted := slices.Clone(roots)
	slices.Sort(sorted)
	for _, r := range slices.Compact(sorted) {
		if err := visit(r, map[string]bool{}); err != nil {
			return nil, nil, nil, err
		}
	}
	return order, deps, validSet, nil
}
