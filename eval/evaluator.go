package eval

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"slices"

	"github.com/p2pnix/tvix/eval/internal/nixregex"
)

// StoreHooks is the narrow store interface the evaluator uses for
// builtins that need a Nix store (copying paths in, computing store
// paths). The derivation work plugs an implementation in; with none,
// those builtins fail with ErrNoStore. What else the store can do it says
// in Capabilities, which the evaluator reads once, in New.
type StoreHooks interface {
	// AddPath copies a filesystem path into the store (recursive sha256,
	// like nix-store --add) under the given name and returns its store path.
	AddPath(ctx context.Context, path, name string) (string, error)
	// AddText stores a text file with the given references and returns
	// its store path (builtins.toFile).
	AddText(ctx context.Context, name, contents string, refs []string) (string, error)
	// StoreDir is the store directory, normally /nix/store.
	StoreDir() string
	// Capabilities returns the store's optional capabilities.
	Capabilities() Capabilities
}

// Capabilities are what a store may offer the evaluator beyond
// StoreHooks. A nil field disables the builtins that need it; their
// methods are called on the evaluating goroutine.
type Capabilities struct {
	// Derivations makes builtins.derivationStrict available.
	Derivations DrvWriter
	// Sources makes builtins.path, filterSource, storePath and the
	// fetchers available, and checks context paths before reads.
	Sources SourceStore
	// Files reads store paths that are not on disk at their store paths.
	Files StoreFiles
	// Realiser builds derivation outputs during evaluation (import from
	// derivation); without it, that is Nix's error for
	// allow-import-from-derivation = false.
	Realiser Realiser
	// ReadOnly says the evaluation writes nothing to the store (Nix's
	// read-only mode, as under nix-instantiate --eval): builtins.storePath
	// then does not check that its path is valid, as Nix does not.
	ReadOnly bool
}

// ErrNoStore is the error builtins that need a store report when the
// evaluator has no StoreHooks.
var ErrNoStore = fmt.Errorf("this operation needs a Nix store, but the evaluator has none")

// Options configure an Evaluator. The zero value is usable.
type Options struct {
	// Store is consulted by store-needing builtins; nil disables them.
	Store StoreHooks
	// SearchPath is the list of -I / NIX_PATH entries, in order.
	SearchPath []SearchPathEntry
	// MaxSteps bounds the number of thunk forces and calls; 0 is unlimited.
	MaxSteps int64
	// MaxDepth bounds the nesting of calls and forces (default 100000).
	MaxDepth int
	// MaxCallDepth is Nix's max-call-depth (default 10000): a function
	// call made while more calls than this are in progress fails with
	// "stack overflow; max-call-depth exceeded".
	MaxCallDepth int
	// Stderr receives builtins.trace output (default os.Stderr).
	Stderr io.Writer
	// CurrentSystem is builtins.currentSystem (default x86_64-linux).
	CurrentSystem string
	// LazyArgs turns off the early computation of integer arguments, which
	// is unobservable except in lazily printed output (nix-instantiate
	// --eval without --strict), where Nix shows them as <CODE>.
	LazyArgs bool
	// PureEval forbids impure builtins (getEnv, currentTime, ...).
	PureEval bool
	// ShowTrace records the frames Nix adds only under --show-trace (the
	// calls of functions an error passed through).
	ShowTrace bool
}

// SearchPathEntry is one element of the Nix search path: Prefix is empty
// for plain entries ("-I /dir") and the name for "-I name=/dir" ones.
type SearchPathEntry struct {
	Prefix string
	Path   string
}

// Evaluator evaluates Nix expressions. It carries the limits,
// cancellation and caches of one evaluation; it is not safe for
// concurrent use.
type Evaluator struct {
	ctx  context.Context
	opts Options
	caps Capabilities // opts.Store's

	steps         int64
	maxSteps      int64 // opts.MaxSteps, or the largest int64 when unlimited
	depth         int
	callDepth     int // function calls in progress
	maxCalls      int // opts.MaxCallDepth+1: the most calls in progress
	forcing       []forceFrame
	calls         []callFrame // builtin calls in progress, for traces
	argStack      []Value     // arguments of the builtin calls in progress
	drvEnv        []EnvVar    // derivationStrict's spare environment slice
	intStrs       [256]intStr // toString's recent results for integers
	imports       map[string]Value
	parsed        map[string]node
	globals       map[string]Value
	builtins      *Attrs
	storeCopies   map[string]string
	storeBuiltins map[string]builtinFn
	regexCache    map[string]*nixregex.Regexp
	stderr        io.Writer
	syms          map[string]uint32 // attribute names in Nix's symbol order (symbols.go)
}

// New returns an evaluator with the given options.
func New(ctx context.Context, opts Options) *Evaluator {
	if ctx == nil {
		ctx = context.Background()
	}
	if opts.MaxDepth == 0 {
		opts.MaxDepth = 100000
	}
	if opts.MaxCallDepth == 0 {
		opts.MaxCallDepth = 10000
	}
	if opts.CurrentSystem == "" {
		opts.CurrentSystem = "x86_64-linux"
	}
	ev := &Evaluator{ctx: ctx, opts: opts, imports: map[string]Value{}, parsed: map[string]node{}, syms: newSymbols()}
	if opts.Store != nil {
		ev.caps = opts.Store.Capabilities()
	}
	ev.maxCalls = opts.MaxCallDepth + 1
	ev.maxSteps = opts.MaxSteps
	if ev.maxSteps <= 0 {
		ev.maxSteps = 1<<63 - 1
	}
	ev.stderr = opts.Stderr
	if ev.stderr == nil {
		ev.stderr = os.Stderr
	}
	ev.initBuiltins()
	return ev
}

func init() {
	// Evaluation depth is bounded by MaxDepth; give the goroutine stack
	// room for it so deep but legal recursion does not crash.
	debug.SetMaxStack(4 << 30)
}

// step counts one unit of work and checks the limits and cancellation.
func (ev *Evaluator) step() {
	ev.steps++
	if ev.steps&0x3fff == 0 || ev.steps > ev.maxSteps {
		ev.checkLimits()
	}
}

// checkLimits is the slow part of step: cancellation and the step budget.
func (ev *Evaluator) checkLimits() {
	if err := ev.ctx.Err(); err != nil {
		panic(&Error{Kind: KindLimit, Msg: "evaluation cancelled: " + err.Error(), Err: err})
	}
	if ev.opts.MaxSteps > 0 && ev.steps > ev.opts.MaxSteps {
		panic(&Error{Kind: KindLimit, Msg: ErrStepLimit.Error(), Err: ErrStepLimit})
	}
}

// Force evaluates v to weak head normal form.
func (ev *Evaluator) Force(v Value) Value { return ev.force(v) }

func (ev *Evaluator) force(v Value) Value {
	if t, ok := v.(*Thunk); ok {
		if t.n == nil {
			return t.v
		}
		return ev.forceThunk(t)
	}
	return v
}

func (ev *Evaluator) forceThunk(t *Thunk) Value {
	payload := t.v
	if payload == blackhole {
		infiniteRecursion(t.n.pos())
	}
	t.v = blackhole
	ev.depth++
	if ev.depth > ev.opts.MaxDepth {
		t.v = payload
		errorf(KindLimit, t.n.pos(), stackOverflow)
	}
	ev.step()
	ev.forcing = append(ev.forcing, forceFrame{t, payload})
	var v Value
	if env, ok := payload.(*Env); ok {
		v = t.n.eval(ev, env)
	} else {
		v = t.n.(payloadNode).evalPayload(ev, payload)
	}
	ev.forcing = ev.forcing[:len(ev.forcing)-1]
	ev.depth--
	t.v, t.n = v, nil
	return v
}

func infiniteRecursion(p Pos) {
	errorf(KindInfiniteRecursion, p, "infinite recursion encountered")
}

// forceFrame is a thunk being forced, with the payload it had.
type forceFrame struct {
	t       *Thunk
	payload Value
}

// payloadNode is a node shared by many thunks that differ only in one
// value, kept in the pending thunk's v field (map, genList, mapAttrs
// elements): one allocation per element instead of two.
type payloadNode interface {
	node
	evalPayload(ev *Evaluator, payload Value) Value
}

// unwindState is what recover points restore after catching an error.
type unwindState struct {
	depth, callDepth, forcing, calls, args int
}

func (ev *Evaluator) save() unwindState {
	return unwindState{ev.depth, ev.callDepth, len(ev.forcing), len(ev.calls), len(ev.argStack)}
}

// restore resets the thunks an error left blackholed so that forcing them
// again re-raises the error instead of reporting infinite recursion.
func (ev *Evaluator) restore(s unwindState) {
	for _, f := range ev.forcing[s.forcing:] {
		if f.t.v == blackhole {
			f.t.v = f.payload
		}
	}
	ev.forcing = ev.forcing[:s.forcing]
	ev.calls = ev.calls[:s.calls]
	ev.popArgs(s.args)
	ev.depth = s.depth
	ev.callDepth = s.callDepth
}

// catch runs f and converts an evaluation panic into an *Error.
func (ev *Evaluator) catch(f func()) (err error) {
	s := ev.save()
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*Error)
			if !ok {
				re, isRuntime := r.(runtime.Error)
				if !isRuntime {
					panic(r)
				}
				// A bug in the evaluator: report it as an error of the
				// evaluation rather than bringing the process down.
				e = &Error{Kind: KindEval, Msg: "internal evaluator error: " + re.Error(), Err: re}
			}
			ev.traceFrom(e, s)
			ev.restore(s)
			err = e
		}
	}()
	f()
	return nil
}

// traceFrom appends the call and force stack above s to e's trace.
func (ev *Evaluator) traceFrom(e *Error, s unwindState) {
	calls := ev.calls[s.calls:]
	// As in Nix, an error a builtin raises at its own call names no
	// position: the "while calling" frame below does.
	if n := len(calls); n > 0 && e.Pos == calls[n-1].pos {
		e.Pos = Pos{}
	}
	// The builtin calls in progress go around the frames raised with e,
	// and each frame a recover point added goes around the calls made
	// within that point (see addTrace).
	added := e.Trace
	e.Trace = nil
	i := len(calls) - 1
	for _, f := range added {
		for f.calls > 0 && i >= 0 && s.calls+i >= f.calls-1 {
			ev.traceCall(e, calls, i)
			i--
		}
		e.Trace = append(e.Trace, f)
	}
	for ; i >= 0; i-- {
		ev.traceCall(e, calls, i)
	}
}

// traceCall adds the frame of builtin call calls[i] to e's trace, and
// for the innermost call the frame of its argument e is about, if any.
func (ev *Evaluator) traceCall(e *Error, calls []callFrame, i int) {
	if i == len(calls)-1 && calls[i].forcing == len(ev.forcing) {
		// The innermost call raised e itself, forcing nothing.
		if msg := typeErrorFrame(e, calls[i]); msg != "" && !e.hasFrame(msg) {
			e.Trace = append(e.Trace, TraceFrame{Msg: msg, Shown: true})
		}
	}
	if calls[i].name == "addErrorContext" {
		return // Nix adds no frame for its calls
	}
	f := TraceFrame{Msg: "while calling the '" + calls[i].name + "' builtin", Pos: calls[i].pos, Shown: true}
	if n := len(e.Trace); n > 0 && e.Trace[n-1] == f {
		return // the frame opError gave it
	}
	e.Trace = append(e.Trace, f)
}

// callFrame is a builtin call in progress.
type callFrame struct {
	name string
	pos  Pos
	args []Value
	// forcing is len(Evaluator.forcing) when the call began.
	forcing int
}

// typeErrorFrame returns the frame Nix adds to a type error that call c
// raised itself (see argFrames, elemFrames and returnFrames), or "": the
// frame of the first argument that has one and is the value e names, else
// that of an element of a list argument, else that of a function's return
// value. As in Nix, an error raised while evaluating an argument gets none.
func typeErrorFrame(e *Error, c callFrame) string {
	if e.val == nil {
		return ""
	}
	name := c.name
	if name == "foldl'" {
		name = "foldlStrict" // its name in Nix's sources
	}
	msgs := argFrames[name]
	for i, a := range c.args[:min(len(c.args), len(msgs))] {
		if v, ok := forcedValue(a); ok && msgs[i] != "" && v == e.val {
			return msgs[i]
		}
	}
	if msg, ok := elemFrames[name]; ok {
		for _, a := range c.args {
			l, _ := forcedValue(a)
			if l, ok := l.(*List); ok && slices.ContainsFunc(l.Items, func(it Value) bool {
				v, ok := forcedValue(it)
				return ok && v == e.val
			}) {
				return msg
			}
		}
	}
	return returnFrames[name]
}

// forcedValue returns v's value if it is known without evaluating.
func forcedValue(v Value) (Value, bool) {
	if t, ok := v.(*Thunk); ok {
		return t.v, t.n == nil
	}
	return v, true
}

// callValue applies f to one argument.
func (ev *Evaluator) callValue(f Value, arg Value, pos Pos) Value {
	switch fn := f.(type) {
	case *Lambda:
		return ev.callLambda(fn, arg, pos)
	case *Builtin:
		if fn.Arity == 1 {
			base := len(ev.argStack)
			ev.argStack = append(ev.argStack, arg)
			r := ev.callBuiltin(fn, ev.argStack[base:base+1:base+1], pos)
			ev.popArgs(base)
			return r
		}
		return &PartialApp{B: fn, Args: []Value{arg}}
	case *PartialApp:
		args := make([]Value, len(fn.Args)+1)
		copy(args, fn.Args)
		args[len(fn.Args)] = arg
		if len(args) == fn.B.Arity {
			return ev.callBuiltin(fn.B, args, pos)
		}
		return &PartialApp{B: fn.B, Args: args}
	case *Attrs:
		if functor := fn.GetAttr("__functor"); functor != nil {
			return ev.callFunctor(fn, functor, arg, pos)
		}
	case *Thunk:
		return ev.callValue(ev.force(fn), arg, pos)
	}
	errorf(KindType, pos, "attempt to call something which is not a function but %s: %s", typeName(f), errorValue(f))
	return nil
}

// callFunctor calls the set fn through its __functor attribute as Nix
// 2.26 does: the calls are at the attribute, under a frame at pos.
func (ev *Evaluator) callFunctor(fn *Attrs, functor *Attr, arg Value, pos Pos) Value {
	calls := len(ev.calls)
	defer func() {
		if r := recover(); r != nil {
			addTrace(r, calls, "while calling a functor (an attribute set with a '__functor' attribute)", pos, true)
		}
	}()
	fpos := derefPos(functor.Pos)
	g := ev.callValue(ev.force(functor.Val), fn, fpos)
	return ev.callValue(ev.force(g), arg, fpos)
}

// Call applies a function value to arguments, forcing the result.
func (ev *Evaluator) Call(f Value, args ...Value) Value {
	for _, a := range args {
		f = ev.force(ev.callValue(ev.force(f), a, Pos{}))
	}
	return f
}

// popArgs drops the argument stack's slots from base up, clearing them
// so that they hold no values alive.
func (ev *Evaluator) popArgs(base int) {
	clear(ev.argStack[base:])
	ev.argStack = ev.argStack[:base]
}

func (ev *Evaluator) callBuiltin(b *Builtin, args []Value, pos Pos) Value {
	ev.enterCall(pos)
	ev.calls = append(ev.calls, callFrame{b.Name, pos, args, len(ev.forcing)})
	v := b.Fn(ev, args, pos)
	ev.calls = ev.calls[:len(ev.calls)-1]
	ev.leaveCall()
	return v
}

// enterCall counts a function call in progress (leaveCall ends it),
// failing as Nix does when MaxCallDepth calls already are.
func (ev *Evaluator) enterCall(pos Pos) {
	ev.callDepth++
	ev.depth++
	if ev.callDepth > ev.maxCalls || ev.depth > ev.opts.MaxDepth {
		ev.tooDeep(pos)
	}
}

func (ev *Evaluator) leaveCall() {
	ev.callDepth--
	ev.depth--
}

func (ev *Evaluator) tooDeep(pos Pos) {
	if ev.callDepth > ev.maxCalls {
		errorf(KindLimit, pos, "stack overflow; max-call-depth exceeded")
	}
	errorf(KindLimit, pos, stackOverflow)
}

func (ev *Evaluator) callLambda(fn *Lambda, arg Value, pos Pos) Value {
	lc := fn.fn
	e := ev.bindArg(lc, fn.env, arg, pos)
	v := ev.runBody(lc, e, pos)
	if lc.noCapture {
		lc.release(e)
	}
	return v
}

// bindArg makes the frame of a call of lc (closed over env) with arg.
func (ev *Evaluator) bindArg(lc *lambdaCode, env *Env, arg Value, pos Pos) *Env {
	var e *Env
	if n := len(lc.pool); n > 0 {
		e = lc.pool[n-1]
		lc.pool = lc.pool[:n-1]
		e.up = env
	} else {
		e = newEnv(env, lc.nslots)
	}
	if lc.formals == nil {
		e.slots()[0] = arg
	} else {
		ev.bindFormals(lc, e, arg, pos)
	}
	return e
}

// runBody evaluates a lambda's body in its call frame.
func (ev *Evaluator) runBody(lc *lambdaCode, env *Env, pos Pos) Value {
	ev.enterCall(pos)
	ev.step()
	if ev.opts.ShowTrace {
		calls := len(ev.calls)
		// A builtin calls functions at its own position; Nix gives
		// those calls none.
		site := pos
		if calls > 0 && ev.calls[calls-1].pos == pos {
			site = Pos{}
		}
		defer func() {
			if r := recover(); r != nil {
				lc.traceCall(r, calls, site)
			}
		}()
	}
	v := lc.body.eval(ev, env)
	ev.leaveCall()
	return v
}

// call2 applies f to x and y and forces the result. For a curried lambda
// (x: y: body) it binds both frames without building the closure between.
func (ev *Evaluator) call2(f, x, y Value, pos Pos) Value {
	if fn, ok := f.(*Lambda); ok {
		if inner, ok := fn.fn.body.(*lambdaNode); ok {
			e := ev.bindArg(fn.fn, fn.env, x, pos)
			e2 := ev.bindArg(inner.lc, e, y, pos)
			v := ev.force(ev.runBody(inner.lc, e2, pos))
			if inner.lc.noCapture {
				// Nothing kept a reference to the frames: reuse them.
				inner.lc.release(e2)
				fn.fn.release(e)
			}
			return v
		}
	}
	return ev.force(ev.callValue(ev.force(ev.callValue(f, x, pos)), y, pos))
}

func (ev *Evaluator) bindFormals(lc *lambdaCode, env *Env, arg Value, pos Pos) {
	a := ev.force(arg)
	set, ok := a.(*Attrs)
	if !ok {
		panic(&Error{Kind: KindType, Msg: fmt.Sprintf("expected a set but found %s: %s", typeName(a), errorValue(a)),
			Trace: []TraceFrame{{Msg: "while evaluating the value passed for the lambda argument", Pos: lc.p, Shown: true},
				{Msg: "from call site", Pos: pos, Shown: true}}})
	}
	f := lc.formals
	vals := env.slots()
	used := 0
	for k := range f.names {
		i := k
		if f.order != nil {
			i = f.order[k]
		}
		if v, ok := set.Get(f.names[i]); ok {
			vals[i] = v
			used++
		} else if f.defaults[i] != nil {
			vals[i] = mkThunkRec(f.defaults[i], env)
		} else {
			lc.callError(pos, nil, "called without required argument '%s'", f.names[i])
		}
	}
	if f.atSlot >= 0 {
		vals[f.atSlot] = arg
	}
	if !f.ellipsis && used < set.Len() {
		all := set.All()
		order := ev.symOrder(all)
		for k := range all {
			at := all[k]
			if order != nil {
				at = all[order[k]]
			}
			if f.index(at.Name) < 0 {
				lc.callError(pos, suggest(at.Name, f.names), "called with unexpected argument '%s'", at.Name)
			}
		}
	}
}
