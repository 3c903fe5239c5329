package eval

import (
	"strings"

	"github.com/p2pnix/tvix/eval/syntax"
)

// node is the compiled form of an expression. eval returns a value in weak
// head normal form; thunk returns a value to store lazily (literals and
// variables without allocating, everything else as a *Thunk).
type node interface {
	eval(ev *Evaluator, env *Env) Value
	pos() Pos
}

// thunker is implemented by nodes that can produce a lazy value more
// cheaply than allocating a thunk.
type thunker interface {
	thunk(ev *Evaluator, env *Env) Value
}

// mkThunk returns n's lazy value in env.
func mkThunk(n node, env *Env) Value {
	switch x := n.(type) {
	case *constNode:
		return x.v
	case *varNode:
		e := env
		for d := x.depth; d > 0; d-- {
			e = e.up
		}
		return e.slots()[x.slot]
	}
	// Everything else, lambdas included, is suspended as in Nix (whose
	// lazy printer shows a lambda stored in a set as <CODE>).
	return &Thunk{n: n, v: env}
}

// mkThunkRec is mkThunk for bindings of a frame that is still being
// filled (let, rec, formals defaults): a variable of that same frame may
// not be bound yet, so it gets a real thunk.
func mkThunkRec(n node, env *Env) Value {
	if v, ok := n.(*varNode); ok && v.depth == 0 {
		// As in Nix, an alias of a binding that is already in place shares
		// its value (so [ f ] == [ g ] for g = f); a later one is suspended.
		if x := env.slots()[v.slot]; x != nil {
			return x
		}
		return &Thunk{n: n, v: env}
	}
	return mkThunk(n, env)
}

// mkArg is mkThunk for function arguments: integer arithmetic on
// evaluated operands is computed at once instead of being suspended.
//
// With Options.LazyArgs nothing is computed early, so that a lazily
// printed result shows such arguments as <CODE>, as Nix does.
// eagerMargin is how far below max-call-depth mkArg stops computing early.
const eagerMargin = 16

func (ev *Evaluator) mkArg(n node, env *Env) Value {
	switch x := n.(type) {
	case *binNode:
		// Lazily, the operator's call (__sub, __lessThan, ...) would come
		// where the callee forces it, some calls deeper: near
		// max-call-depth, stay lazy so that the limit falls where Nix's does.
		if !ev.opts.LazyArgs && ev.callDepth+eagerMargin <= ev.maxCalls {
			if v := x.eager(env); v != nil {
				return v
			}
		}
		if localOperands(x.l, x.r) {
			return &Thunk{n: n, v: snapshot(env)}
		}
	case *concatNode:
		if !ev.opts.LazyArgs {
			if v := x.eager(env); v != nil {
				return v
			}
		}
		if len(x.parts) == 2 && localOperands(x.parts[0], x.parts[1]) {
			return &Thunk{n: n, v: snapshot(env)}
		}
	}
	return mkThunk(n, env)
}

// localOperands reports whether both operands are constants or variables
// of the innermost frame: an operation on them can be suspended over a
// copy of that frame alone (see snapshot).
func localOperands(l, r node) bool {
	return isLocalLeaf(l) && isLocalLeaf(r)
}

func isLocalLeaf(n node) bool {
	switch x := n.(type) {
	case *constNode:
		return true
	case *varNode:
		return x.depth == 0
	}
	return false
}

// snapshot copies a frame (without its parent) for a thunk that reads
// only that frame's slots, so that the frame itself is not captured and
// can be reused (lambdaCode.noCapture). Slots never change once bound.
func snapshot(env *Env) *Env {
	if env == nil {
		return nil
	}
	e := newEnv(nil, env.n)
	copy(e.slots(), env.slots())
	return e
}

// ready returns n's value if it is available without evaluating anything
// (a constant, or a variable whose thunk has been forced), else nil.
func ready(n node, env *Env) Value {
	switch x := n.(type) {
	case *constNode:
		return x.v
	case *varNode:
		e := env
		for d := x.depth; d > 0; d-- {
			e = e.up
		}
		v := e.slots()[x.slot]
		if t, ok := v.(*Thunk); ok {
			if t.n != nil {
				return nil
			}
			return t.v
		}
		return v
	}
	return nil
}

// eager computes integer arithmetic and comparisons whose operands are
// already evaluated integers instead of allocating a thunk. It gives up
// (nil) where the operation could fail (division, overflow), so evaluating
// early is unobservable.
func (n *binNode) eager(env *Env) Value {
	switch n.op {
	case opSub, opMul, opLt, opLe, opGt, opGe, opEq, opNeq:
	default:
		return nil
	}
	l, ok := ready(n.l, env).(Int)
	if !ok {
		return nil
	}
	r, ok := ready(n.r, env).(Int)
	if !ok {
		return nil
	}
	switch n.op {
	case opSub:
		if d, ok := subInt(int64(l), int64(r)); ok {
			return MkInt(d)
		}
		return nil
	case opMul:
		if p, ok := mulInt(int64(l), int64(r)); ok {
			return MkInt(p)
		}
		return nil
	case opLt:
		return MkBool(l < r)
	case opLe:
		return MkBool(l <= r)
	case opGt:
		return MkBool(l > r)
	case opGe:
		return MkBool(l >= r)
	case opEq:
		return MkBool(l == r)
	default:
		return MkBool(l != r)
	}
}

func (n *concatNode) eager(env *Env) Value {
	if n.forceString || len(n.parts) != 2 {
		return nil
	}
	l, ok := ready(n.parts[0], env).(Int)
	if !ok {
		return nil
	}
	r, ok := ready(n.parts[1], env).(Int)
	if !ok {
		return nil
	}
	if s, ok := addInt(int64(l), int64(r)); ok {
		return MkInt(s)
	}
	return nil
}

type constNode struct {
	v Value
	p Pos
}

func (n *constNode) eval(ev *Evaluator, env *Env) Value { return n.v }
func (n *constNode) pos() Pos                           { return n.p }

// varNode reads a statically resolved variable: depth frames up, slot.
type varNode struct {
	depth, slot int
	name        string
	p           Pos
}

func (n *varNode) eval(ev *Evaluator, env *Env) Value {
	e := env
	for d := n.depth; d > 0; d-- {
		e = e.up
	}
	v := e.slots()[n.slot]
	if t, ok := v.(*Thunk); ok {
		if t.n == nil {
			return t.v
		}
		if t.v == blackhole {
			// Nix reports the recursion where the variable forces it.
			infiniteRecursion(n.p)
		}
		return ev.forceThunk(t)
	}
	return v
}
func (n *varNode) pos() Pos { return n.p }

// withVarNode looks a variable that no lexical or global scope binds up in
// the enclosing `with` scopes, innermost first; withDepths are the frames
// holding the with-expressions.
type withVarNode struct {
	name       string
	withDepths []int
	withPos    []Pos // of the with expressions
	p          Pos
}

func (n *withVarNode) eval(ev *Evaluator, env *Env) Value {
	e := env
	d := 0
	for i, wd := range n.withDepths {
		for ; d < wd; d++ {
			e = e.up
		}
		set := ev.force(e.slots()[0])
		s, ok := set.(*Attrs)
		if !ok {
			typeErrorIn(Pos{}, set, "a set", "while evaluating the first subexpression of a with expression", n.withPos[i])
		}
		if v, ok := s.Get(n.name); ok {
			return ev.force(v)
		}
	}
	errorf(KindEval, n.p, "undefined variable '%s'", n.name)
	return nil
}
func (n *withVarNode) pos() Pos { return n.p }

type lambdaNode struct {
	lc *lambdaCode
}

func (n *lambdaNode) eval(ev *Evaluator, env *Env) Value { return &Lambda{fn: n.lc, env: env} }
func (n *lambdaNode) pos() Pos                           { return n.lc.p }

// lambdaCode is a compiled function.
type lambdaCode struct {
	name    string // the attribute or let name it was bound to, if any
	arg     string // the simple argument name, if not formals
	formals *formals
	nslots  int
	body    node
	p       Pos
	// noCapture is set when evaluating the body (and the defaults of the
	// formals) can never keep a reference to the call frame: no closures,
	// thunks or nested frames are made from it. Such frames are reused.
	noCapture bool
	pool      []*Env
}

// describe names the function in error messages as Nix 2.8 does:
// "'f' at file:line:col" or "anonymous function at file:line:col".
func (lc *lambdaCode) describe() string {
	if lc.name != "" {
		return "'" + lc.name + "' at " + lc.p.String()
	}
	return "anonymous function at " + lc.p.String()
}

// release returns a call frame nobody references any more to the
// lambda's pool of frames.
func (lc *lambdaCode) release(e *Env) {
	if len(lc.pool) >= 32 {
		return
	}
	clear(e.slots())
	e.up = nil
	lc.pool = append(lc.pool, e)
}

type formals struct {
	names    []string // sorted
	pos      []Pos    // of each name
	defaults []node   // nil when required
	ellipsis bool
	atName   string
	atSlot   int // -1 if no @-pattern
	// order is that of the names' symbols, in which Nix 2.26 binds them
	// (an alias default shares an earlier one's value) and reports a
	// missing one; nil when it is the names' order.
	order []int
}

func (f *formals) index(name string) int {
	lo, hi := 0, len(f.names)
	for lo < hi {
		m := (lo + hi) / 2
		if f.names[m] < name {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(f.names) && f.names[lo] == name {
		return lo
	}
	return -1
}

type callNode struct {
	fn   node
	args []node
	p    Pos
}

func (n *callNode) eval(ev *Evaluator, env *Env) Value {
	f := n.fn.eval(ev, env)
	args := n.args
	for i := 0; i < len(args); i++ {
		if b, ok := f.(*Builtin); ok && len(args)-i >= b.Arity {
			// A primitive given all its arguments at once: no partial
			// applications in between.
			// The arguments go on the evaluator's argument stack:
			// builtins do not keep their argument slice.
			base := len(ev.argStack)
			for j := 0; j < b.Arity; j++ {
				ev.argStack = append(ev.argStack, ev.mkArg(args[i+j], env))
			}
			i += b.Arity - 1
			r := ev.callBuiltin(b, ev.argStack[base:base+b.Arity:base+b.Arity], n.p)
			ev.popArgs(base)
			f = ev.force(r)
			continue
		}
		arg := ev.mkArg(args[i], env)
		fn, ok := f.(*Lambda)
		if !ok {
			f = ev.force(ev.callValue(f, arg, n.p))
			continue
		}
		// Curried lambdas applied to several arguments get their frames
		// bound one after the other without the closures in between.
		lc, cenv := fn.fn, fn.env
		var outer *lambdaCode // the lambda whose frame cenv is, if fused here
		for {
			e := ev.bindArg(lc, cenv, arg, n.p)
			if inner, ok := lc.body.(*lambdaNode); ok && i+1 < len(args) {
				i++
				arg = ev.mkArg(args[i], env)
				outer = lc
				lc, cenv = inner.lc, e
				continue
			}
			f = ev.force(ev.runBody(lc, e, n.p))
			if lc.noCapture {
				// Only this call referenced its frame (and the one of a
				// curried lambda fused just before it): reuse them.
				lc.release(e)
				if outer != nil {
					outer.release(cenv)
				}
			}
			break
		}
	}
	return f
}
func (n *callNode) pos() Pos { return n.p }

type ifNode struct {
	cond, then, els node
	p               Pos
}

func (n *ifNode) eval(ev *Evaluator, env *Env) Value {
	if ev.boolOf(n.cond, env, n, "while evaluating a branch condition") {
		return n.then.eval(ev, env)
	}
	return n.els.eval(ev, env)
}
func (n *ifNode) pos() Pos { return n.p }

type assertNode struct {
	cond, body node
	text       string
	p          Pos
}

func (n *assertNode) eval(ev *Evaluator, env *Env) Value {
	if !ev.boolOf(n.cond, env, n, "in the condition of the assert statement") {
		if eq, ok := n.cond.(*binNode); ok && eq.op == opEq {
			n.explain(ev, env, eq)
		}
		errorf(KindAssert, n.p, "assertion '%s' failed", n.text)
	}
	return n.body.eval(ev, env)
}

// explain raises Nix 2.26's error for a failed assert x == y: where the
// two sides differ.
func (n *assertNode) explain(ev *Evaluator, env *Env, eq *binNode) {
	calls := len(ev.calls)
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(*Error); ok && e.Kind == KindAssert {
				addTrace(r, calls, "while evaluating the condition of the assertion '"+n.text+"'", n.p, true)
			}
			panic(r)
		}
	}()
	ev.assertEqual(eq.l.eval(ev, env), eq.r.eval(ev, env))
}
func (n *assertNode) pos() Pos { return n.p }

// withNode evaluates body in a frame whose single slot holds the scope set.
type withNode struct {
	attrs, body node
	p           Pos
}

func (n *withNode) eval(ev *Evaluator, env *Env) Value {
	e := newEnv(env, 1)
	e.slots()[0] = mkThunk(n.attrs, env)
	return n.body.eval(ev, e)
}
func (n *withNode) pos() Pos { return n.p }

// letNode binds its slots in a new frame (recursively) and evaluates body.
type letNode struct {
	binds []node // one per slot; evaluated in the new frame
	// froms are the let's inherit (e) expressions, evaluated in the new
	// frame into one above it, in which binds marked in fromBind run.
	froms    []node
	fromBind []bool
	body     node
	p        Pos
	nthunks  int // as attrsNode's
}

func (n *letNode) eval(ev *Evaluator, env *Env) Value {
	e := newEnv(env, len(n.binds))
	slab := newThunkSlab(&n.nthunks, n.binds)
	vals := e.slots()
	var fe *Env
	if n.froms != nil {
		fe = newEnv(e, len(n.froms))
		fillFroms(fe, n.froms, e)
	}
	for i, b := range n.binds {
		switch {
		case n.fromBind != nil && n.fromBind[i]:
			vals[i] = slab.mk(b, fe)
		case isValueNode(b):
			vals[i] = mkThunkRec(b, e)
		default:
			vals[i] = slab.mk(b, e)
		}
	}
	return n.body.eval(ev, e)
}

func isValueNode(n node) bool {
	switch n.(type) {
	case *constNode, *varNode:
		return true
	}
	return false
}

// fillFroms puts into fe the thunks of inherit (e) expressions froms, run
// in base (whose own slots may not be in place yet: see mkThunkRec).
func fillFroms(fe *Env, froms []node, base *Env) {
	s := fe.slots()
	for k, f := range froms {
		s[k] = mkThunkRec(f, base)
	}
}

// newThunkSlab returns room for the thunks of ns that are neither
// constants nor variables, counted once into *count (plus one).
func newThunkSlab(count *int, ns []node) thunkSlab {
	if *count == 0 {
		k := 0
		for _, x := range ns {
			switch x.(type) {
			case *constNode, *varNode:
			default:
				k++
			}
		}
		*count = k + 1
	}
	if *count <= 2 {
		return nil // zero or one: allocated one by one
	}
	return make(thunkSlab, *count-1)
}
func (n *letNode) pos() Pos { return n.p }

type listNode struct {
	elems   []node
	p       Pos
	nthunks int // as attrsNode's
}

func (n *listNode) eval(ev *Evaluator, env *Env) Value {
	if len(n.elems) == 0 {
		return emptyList
	}
	items := make([]Value, len(n.elems))
	slab := newThunkSlab(&n.nthunks, n.elems)
	for i, e := range n.elems {
		switch e.(type) {
		case *constNode, *varNode:
			items[i] = mkThunk(e, env)
		default:
			items[i] = slab.mk(e, env)
		}
	}
	return &List{Items: items}
}
func (n *listNode) pos() Pos { return n.p }

// attrDef is one attribute of a compiled set literal.
type attrDef struct {
	name    string // static name
	dynName node   // dynamic name, when name is unset
	val     node
	inRec   bool // value evaluated in the rec frame (else the outer one)
	inFrom  bool // an inherit (e): val runs in the frame of the froms
	p       Pos
}

// attrsNode builds a set. For rec sets and sets with inherits from a rec
// frame, rec is set and the first nslots definitions live in a new frame.
type attrsNode struct {
	defs []attrDef
	rec  bool
	// overrides is set for a rec set with a static __overrides attribute.
	overrides bool
	static    *Attrs // template with positions for static names, when no dynamic names
	froms     []node // inherit (e) expressions, as letNode's
	p         Pos
	// nthunks+1 is how many definitions may need a thunk (0: not
	// counted yet); they are allocated together.
	nthunks int
}

// thunkSlab hands out the thunks of one set literal from one allocation
// (they live as long as the set in most programs; one kept alone keeps
// its siblings' memory too).
type thunkSlab []Thunk

func (s *thunkSlab) mk(n node, env *Env) *Thunk {
	if len(*s) == 0 {
		return &Thunk{n: n, v: env}
	}
	t := &(*s)[0]
	*s = (*s)[1:]
	t.n, t.v = n, env
	return t
}

// slab returns room for the thunks of one evaluation of n.
func (n *attrsNode) slab() thunkSlab {
	if n.nthunks == 0 {
		k := 0
		for i := range n.defs {
			switch n.defs[i].val.(type) {
			case *constNode, *varNode:
				if !n.overrides {
					continue
				}
			}
			k++
		}
		n.nthunks = k + 1
	}
	if n.nthunks <= 2 {
		return nil // zero or one: allocated one by one
	}
	return make(thunkSlab, n.nthunks-1)
}

func (n *attrsNode) eval(ev *Evaluator, env *Env) Value {
	inner := env
	if n.rec {
		inner = newEnv(env, len(n.defs))
	}
	var fe *Env
	if n.froms != nil {
		fe = newEnv(inner, len(n.froms))
		fillFroms(fe, n.froms, inner)
	}
	slab := n.slab()
	if n.static != nil {
		set := copyAttrs(n.static.All())
		a := set.a
		for i := range n.defs {
			v := n.defValue(&n.defs[i], env, inner, fe, &slab)
			if n.rec {
				inner.slots()[i] = v
			}
			a[i].Val = v // static defs are sorted like the template
		}
		if n.rec {
			return ev.applyOverrides(set, inner, n)
		}
		return set
	}
	a := make([]Attr, 0, len(n.defs))
	// As in Nix, the static attributes come first, then __overrides is
	// applied to them, then the dynamic attributes are added.
	for i := range n.defs {
		d := &n.defs[i]
		if d.dynName != nil {
			continue
		}
		v := n.defValue(d, env, inner, fe, &slab)
		if n.rec {
			inner.slots()[i] = v
		}
		p := d.p
		a = append(a, Attr{Name: d.name, Val: v, Pos: &p})
	}
	if n.overrides {
		a = ev.overrideDynamicSet(a, inner, n)
	}
	for i := range n.defs {
		d := &n.defs[i]
		if d.dynName == nil {
			continue
		}
		v := n.defValue(d, env, inner, fe, &slab)
		k := ev.force(d.dynName.eval(ev, inner))
		if _, isNull := k.(Null); isNull {
			continue
		}
		s, ok := k.(*Str)
		const what = "while evaluating the name of a dynamic attribute"
		if !ok {
			typeErrorIn(d.p, k, "a string", what, d.p)
		}
		if s.Ctx.Len() > 0 {
			contextError(s, what, d.p)
		}
		p := d.p
		ev.intern(s.S)
		a = append(a, Attr{Name: s.S, Val: v, Pos: &p})
	}
	sortAttrDefs(a)
	for i := 1; i < len(a); i++ {
		if a[i].Name == a[i-1].Name {
			errorf(KindEval, *a[i].Pos, "dynamic attribute '%s' already defined at %s", syntax.Ident(a[i].Name), *a[i-1].Pos)
		}
	}
	return &Attrs{a: a}
}
func (n *attrsNode) pos() Pos { return n.p }

// defValue returns the lazy value of attribute definition d: evaluated in
// the rec frame inner when d belongs to it, else in env.
func (n *attrsNode) defValue(d *attrDef, env, inner, fe *Env, slab *thunkSlab) Value {
	if d.inFrom {
		return slab.mk(d.val, fe)
	}
	if n.overrides {
		if !d.inRec {
			return mkThunk(d.val, env)
		}
		// Nix suspends every value of a set with __overrides so that
		// the overrides reach them.
		return slab.mk(d.val, inner)
	}
	switch d.val.(type) {
	case *constNode, *varNode:
		if !d.inRec {
			return mkThunk(d.val, env)
		}
		return mkThunkRec(d.val, inner)
	}
	if !d.inRec {
		return slab.mk(d.val, env)
	}
	return slab.mk(d.val, inner)
}

// overrideDynamicSet applies the __overrides attribute of a rec set that
// also has dynamic attributes: a holds the set's static attributes, in
// definition order; an override replaces the attribute of its name (in the
// set and in the rec scope) or is added.
func (ev *Evaluator) overrideDynamicSet(a []Attr, inner *Env, n *attrsNode) []Attr {
	var ov Value
	for _, x := range a {
		if x.Name == "__overrides" {
			ov = x.Val
		}
	}
	if ov == nil {
		return a
	}
	over := ev.overridesOf(ov)
	for _, o := range over.All() {
		replaced := false
		for i := range a {
			if a[i].Name == o.Name {
				a[i] = o
				replaced = true
			}
		}
		for i := range n.defs {
			if n.defs[i].name == o.Name && n.defs[i].dynName == nil {
				inner.slots()[i] = o.Val
			}
		}
		if !replaced {
			a = append(a, o)
		}
	}
	return a
}

// overridesOf forces the value of a __overrides attribute, which must be a
// set; as in Nix, a type error has no position.
func (ev *Evaluator) overridesOf(v Value) *Attrs {
	s, ok := ev.force(v).(*Attrs)
	if !ok {
		typeErrorIn(Pos{}, ev.force(v), "a set", "while evaluating the `__overrides` attribute", Pos{})
	}
	return s
}

// applyOverrides implements the legacy __overrides attribute of rec sets:
// its attributes replace the set's, in the set and in the rec scope.
func (ev *Evaluator) applyOverrides(s *Attrs, inner *Env, n *attrsNode) Value {
	ov, ok := s.Get("__overrides")
	if !ok {
		return s
	}
	over := ev.overridesOf(ov)
	for _, o := range over.All() {
		for i := range n.defs {
			if n.defs[i].name == o.Name && n.defs[i].dynName == nil {
				inner.slots()[i] = o.Val
			}
		}
	}
	return Update(s, over)
}

type selectNode struct {
	e    node
	path []attrKey
	def  node // `or` default, may be nil
	p    Pos
}

// attrKey is one component of an attribute path.
type attrKey struct {
	name string
	dyn  node
	src  string // dyn as Nix shows it, for error messages
	hint int32  // where the name was last found (Attrs.getHint)
}

func (k *attrKey) eval(ev *Evaluator, env *Env) string {
	if k.dyn == nil {
		return k.name
	}
	v := k.dyn.eval(ev, env)
	s, ok := v.(*Str)
	if !ok {
		typeErrorIn(k.dyn.pos(), v, "a string", attrNameFrame, k.dyn.pos())
	}
	if s.Ctx.Len() > 0 {
		contextError(s, attrNameFrame, k.dyn.pos())
	}
	return s.S
}

// attrNameFrame frames an error in the dynamic name of a selection or
// of an ? test, as in Nix 2.26.
const attrNameFrame = "while evaluating an attribute name"

// selectNode evaluates as Nix 2.26's ExprSelect: once the first
// attribute is found, every error (in a later attribute name, a missing
// attribute, forcing a value on the way, the default) is framed at the
// last attribute found, naming the whole path.
func (n *selectNode) eval(ev *Evaluator, env *Env) Value {
	v := n.e.eval(ev, env)
	name := n.path[0].eval(ev, env)
	s, ok := v.(*Attrs)
	if !ok {
		if n.def != nil {
			return n.def.eval(ev, env)
		}
		typeErrorIn(Pos{}, v, "a set", selectFrame, n.p)
	}
	x, found := s.getHint(name, &n.path[0].hint)
	if !found {
		if n.def != nil {
			return n.def.eval(ev, env)
		}
		missingAttr(n.p, name, s)
	}
	if len(n.path) > 1 {
		return n.rest(ev, env, s, name, x)
	}
	if t, ok := x.(*Thunk); ok && t.n != nil {
		return n.forceAttr(ev, env, s, name, t)
	}
	return ev.force(x)
}

// selectFrame frames a selection from a value that is no set.
const selectFrame = "while selecting an attribute"

// rest selects the path's attributes after the first, x being the value
// of attribute name of s.
func (n *selectNode) rest(ev *Evaluator, env *Env, s *Attrs, name string, x Value) Value {
	calls := len(ev.calls)
	defer func() {
		if r := recover(); r != nil {
			n.attrFrame(r, ev, env, calls, s, name)
		}
	}()
	for i := 1; i < len(n.path); i++ {
		next := n.path[i].eval(ev, env)
		var v Value
		if t, ok := x.(*Thunk); ok && t.n != nil {
			if t.v == blackhole {
				infiniteRecursion(n.p)
			}
			v = ev.forceThunk(t)
		} else {
			v = ev.force(x)
		}
		set, ok := v.(*Attrs)
		if !ok {
			if n.def != nil {
				return n.def.eval(ev, env)
			}
			typeErrorIn(Pos{}, v, "a set", selectFrame, n.p)
		}
		if x, ok = set.getHint(next, &n.path[i].hint); !ok {
			if n.def != nil {
				return n.def.eval(ev, env)
			}
			missingAttr(n.p, next, set)
		}
		s, name = set, next
	}
	if t, ok := x.(*Thunk); ok && t.n != nil {
		if t.v == blackhole {
			infiniteRecursion(attrPos(*s.GetAttr(name), n.p))
		}
		return ev.forceThunk(t)
	}
	return ev.force(x)
}

// forceAttr forces t, the value of the path's only attribute, name, of
// s: an error in it is framed at the attribute's definition, and a
// recursion is reported there.
func (n *selectNode) forceAttr(ev *Evaluator, env *Env, s *Attrs, name string, t *Thunk) Value {
	calls := len(ev.calls)
	defer func() {
		if r := recover(); r != nil {
			n.attrFrame(r, ev, env, calls, s, name)
		}
	}()
	if t.v == blackhole {
		infiniteRecursion(attrPos(*s.GetAttr(name), n.p))
	}
	return ev.forceThunk(t)
}

// attrFrame raises r again with the frame of the selected path at
// attribute name of s, the last one found. Nix frames only attributes
// that have a position (those a builtin made, such as mapAttrs's, have
// none).
func (n *selectNode) attrFrame(r any, ev *Evaluator, env *Env, calls int, s *Attrs, name string) {
	if p := derefPos(s.GetAttr(name).Pos); p.IsValid() {
		addTrace(r, calls, "while evaluating the attribute '"+n.pathString(ev, env)+"'", p, true)
	}
	panic(r)
}

// pathString is the selected path as Nix 2.26 shows it in a frame: each
// dynamic name evaluated again, or shown as written where that fails.
func (n *selectNode) pathString(ev *Evaluator, env *Env) string {
	parts := make([]string, len(n.path))
	for j := range n.path {
		k := &n.path[j]
		if k.dyn == nil {
			parts[j] = syntax.Ident(k.name)
			continue
		}
		if err := ev.catch(func() { parts[j] = k.eval(ev, env) }); err != nil {
			parts[j] = `"${` + k.src + `}"`
		}
	}
	return strings.Join(parts, ".")
}
func (n *selectNode) pos() Pos { return n.p }

type hasAttrNode struct {
	e    node
	path []attrKey
	p    Pos
}

func (n *hasAttrNode) eval(ev *Evaluator, env *Env) Value {
	v := n.e.eval(ev, env)
	for i := range n.path {
		name := n.path[i].eval(ev, env)
		s, ok := v.(*Attrs)
		if !ok {
			return vFalse
		}
		x, found := s.getHint(name, &n.path[i].hint)
		if !found {
			return vFalse
		}
		if i+1 < len(n.path) {
			v = ev.force(x)
		}
	}
	return vTrue
}
func (n *hasAttrNode) pos() Pos { return n.p }

// curPosNode is __curPos.
type curPosNode struct{ p Pos }

func (n *curPosNode) eval(ev *Evaluator, env *Env) Value { return posToAttrs(n.p) }
func (n *curPosNode) pos() Pos                           { return n.p }

// posToAttrs is a position as Nix 2.26 gives it to Nix code: null unless
// it is in a file (an -E expression or stdin has none).
func posToAttrs(p Pos) Value {
	if !p.IsValid() || p.File == "" || p.File[0] != '/' {
		return vNull
	}
	return &Attrs{a: []Attr{
		{Name: "column", Val: MkInt(int64(p.Col))},
		{Name: "file", Val: MkStr(p.File)},
		{Name: "line", Val: MkInt(int64(p.Line))},
	}}
}
