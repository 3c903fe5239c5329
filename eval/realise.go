package eval

import "context"

// Realiser is a store's capability (Capabilities.Realiser) to build
// derivation outputs during evaluation ("import from derivation").
// Realise builds (or substitutes) every derivation output in outputs
// (context elements of kind CtxOutput) and returns once they all exist
// on disk at their store paths or, for a store with StoreFiles, can be
// read through it; or with the first error. It is called on
// the evaluating goroutine and may block; ctx is the evaluation's.
type Realiser interface {
	Realise(ctx context.Context, outputs []ContextElem) error
}

// realiseContext makes the store paths a string's context names usable by
// builtins that read them (import, readFile, …), as Nix's realiseContext
// does: plain paths must be valid, and derivation outputs are built
// through the store's Realiser. Without a Realiser, needing a derivation
// output is the error Nix 2.8 gives when import from derivation is off.
func (ev *Evaluator) realiseContext(c *Context, pos Pos) {
	if c.Len() == 0 {
		return
	}
	var outs []ContextElem
	for _, e := range ev.contextElems(c, pos) {
		p := e.Path
		if e.Kind == CtxOutput {
			outs = append(outs, e)
		}
		if ss := ev.caps.Sources; ss != nil {
			valid, err := ss.IsValidPath(ev.ctx, p)
			if err != nil {
				errorf(KindEval, pos, "checking '%s': %v", p, err)
			}
			if !valid {
				errorf(KindEval, pos, "path '%s' is not valid", p)
			}
		}
	}
	if len(outs) == 0 {
		return
	}
	r := ev.caps.Realiser
	if r == nil {
		errorf(KindEval, pos, "cannot build '%s' during evaluation because the option 'allow-import-from-derivation' is disabled", outs[0].Path)
	}
	if err := r.Realise(ev.ctx, outs); err != nil {
		errorf(KindEval, pos, "building during evaluation: %v", err)
	}
}

// realisedPath is coercePath for builtins that read the path: the string's
// context is realised first (see realiseContext).
func (ev *Evaluator) realisedPath(v Value, pos Pos) string {
	var ctx ctxBuilder
	s := ev.absolutePath(v, pos, &ctx)
	calls := len(ev.calls)
	defer func() {
		if r := recover(); r != nil {
			addTrace(r, calls, "while realising the context of path '"+s+"'", Pos{}, true)
		}
	}()
	ev.realiseContext(ctx.result(), pos)
	return s
}

// absolutePath coerces v to an absolute path, adding its context to ctx;
// its errors come, as in Nix 2.26, from within "while realising the
// context of a path".
func (ev *Evaluator) absolutePath(v Value, pos Pos, ctx *ctxBuilder) string {
	calls := len(ev.calls)
	defer func() {
		if r := recover(); r != nil {
			addTrace(r, calls, "while realising the context of a path", Pos{}, true)
		}
	}()
	s := ev.coerceToString(v, pos, ctx, false, false)
	if s == "" || s[0] != '/' {
		ev.notAbsolute(s, v, pos)
	}
	return s
}
