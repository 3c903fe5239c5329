package eval

import (
	"fmt"
	"os"
	"sort"
	"time"
)

// builtinFn is the Go signature of a primitive: args has exactly the
// builtin's arity, unforced. The slice is reused after the call returns:
// a primitive may keep its elements, never the slice.
type builtinFn = func(ev *Evaluator, args []Value, pos Pos) Value

type builtinDef struct {
	name  string
	arity int
	fn    builtinFn
}

// builtinTable lists every primitive; files add to it in init.
var builtinTable []builtinDef

func register(name string, arity int, fn builtinFn) {
	builtinTable = append(builtinTable, builtinDef{name: name, arity: arity, fn: fn})
}

// requiredAttr returns attribute name of a builtin's argument set, or fails
// with "attribute '<name>' <missing>" (Nix words it per builtin).
func requiredAttr(args *Attrs, name, missing string, pos Pos) Value {
	v, ok := args.Get(name)
	if !ok {
		errorf(KindEval, pos, "attribute '%s' %s", name, missing)
	}
	return v
}

// bareGlobals are the names Nix 2.26 binds in the global scope as they
// are; every other builtin is bound there only as __NAME. Each is also an
// attribute of builtins.
var bareGlobals = map[string]bool{
	"abort": true, "baseNameOf": true, "break": true, "builtins": true,
	"derivation": true, "derivationStrict": true, "dirOf": true,
	"false": true, "fetchGit": true, "fetchMercurial": true,
	"fetchTarball": true, "fromTOML": true, "import": true, "isNull": true,
	"map": true, "null": true, "placeholder": true, "removeAttrs": true,
	"scopedImport": true, "throw": true, "toString": true, "true": true,
}

// NixVersion and LangVersion are builtins.nixVersion and
// builtins.langVersion: those of the Nix whose semantics this evaluator
// follows.
const (
	NixVersion  = "2.26.3"
	LangVersion = 6
)

// initBuiltins builds the builtins set and the global scope.
func (ev *Evaluator) initBuiltins() {
	ev.globals = map[string]Value{}
	var attrs []Attr
	bind := func(name string, v Value) {
		attrs = append(attrs, Attr{Name: name, Val: v})
		if bareGlobals[name] {
			ev.globals[name] = v
		} else {
			ev.globals["__"+name] = v
		}
	}
	for _, d := range builtinTable {
		bind(d.name, &Builtin{Name: d.name, Arity: d.arity, Fn: d.fn})
	}
	storeDir := "/nix/store"
	if ev.opts.Store != nil {
		storeDir = ev.opts.Store.StoreDir()
	}
	bind("currentSystem", MkStr(ev.opts.CurrentSystem))
	bind("nixVersion", MkStr(NixVersion))
	bind("langVersion", MkInt(LangVersion))
	bind("storeDir", MkStr(storeDir))
	bind("nixPath", ev.nixPathValue())
	bind("true", vTrue)
	bind("false", vFalse)
	bind("null", vNull)
	if !ev.opts.PureEval {
		bind("currentTime", MkInt(time.Now().Unix()))
	}
	bind("derivation", ev.derivationThunk())
	// builtins.builtins is the set itself.
	bt := &Thunk{}
	bind("builtins", bt)
	sort.Slice(attrs, func(i, j int) bool { return attrs[i].Name < attrs[j].Name })
	ev.builtins = NewAttrs(attrs)
	bt.v = ev.builtins
	ev.globals["builtins"] = ev.builtins
}

func (ev *Evaluator) nixPathValue() Value {
	items := make([]Value, 0, len(ev.opts.SearchPath))
	for _, e := range ev.opts.SearchPath {
		items = append(items, NewAttrs([]Attr{
			{Name: "path", Val: MkStr(e.Path)},
			{Name: "prefix", Val: MkStr(e.Prefix)},
		}))
	}
	return MkList(items)
}

// Builtins returns the builtins attribute set.
func (ev *Evaluator) Builtins() *Attrs { return ev.builtins }

// app2Node is the lazy application f x y.
type app2Node struct {
	f, x, y Value
}

func (n *app2Node) eval(ev *Evaluator, env *Env) Value {
	g := ev.force(ev.callValue(ev.force(n.f), n.x, Pos{}))
	return ev.force(ev.callValue(g, n.y, Pos{}))
}
func (n *app2Node) pos() Pos { return Pos{} }

// mapNode is the shared node of the elements of map f xs and genList f n:
// each element is a thunk whose payload is the argument.
type mapNode struct {
	f Value
}

// mappedList is the result of map with its shared node: one allocation.
type mappedList struct {
	l  List
	mn mapNode
}

func (n *mapNode) eval(ev *Evaluator, env *Env) Value { panic("mapNode without payload") }
func (n *mapNode) pos() Pos                           { return Pos{} }
func (n *mapNode) evalPayload(ev *Evaluator, x Value) Value {
	return ev.force(ev.callValue(ev.force(n.f), x, Pos{}))
}

// mapAttrsNode is the shared node of the values of mapAttrs f set: the
// payload is the attribute's index in src.
type mapAttrsNode struct {
	f   Value
	src []Attr
}

func (n *mapAttrsNode) eval(ev *Evaluator, env *Env) Value { panic("mapAttrsNode without payload") }
func (n *mapAttrsNode) pos() Pos                           { return Pos{} }
func (n *mapAttrsNode) evalPayload(ev *Evaluator, x Value) Value {
	a := &n.src[x.(Int)]
	return ev.call2(ev.force(n.f), MkStr(a.Name), a.Val, Pos{})
}
func lazyApp2(f, x, y Value) Value { return &Thunk{n: &app2Node{f: f, x: x, y: y}, v: noEnv} }

// call1 applies f to x and forces the result.
func (ev *Evaluator) call1(f, x Value, pos Pos) Value {
	return ev.force(ev.callValue(f, x, pos))
}

func init() {
	register("throw", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		var ctx ctxBuilder
		msg := ev.coerceToString(a[0], pos, &ctx, false, false)
		panic(&Error{Kind: KindThrow, Msg: msg})
	})
	register("abort", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		var ctx ctxBuilder
		msg := ev.coerceToString(a[0], pos, &ctx, false, false)
		panic(&Error{Kind: KindAbort, Msg: fmt.Sprintf("evaluation aborted with the following error message: '%s'", msg)})
	})
	register("addErrorContext", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		calls := len(ev.calls)
		defer func() {
			if r := recover(); r != nil {
				var msg string
				func() {
					defer func() { recover() }()
					var ctx ctxBuilder
					msg = ev.coerceToString(a[0], pos, &ctx, false, false)
				}()
				if e, ok := r.(*Error); ok {
					e.Trace = append(e.Trace, TraceFrame{Msg: msg, Shown: true, Always: true, calls: calls + 1})
				}
				panic(r)
			}
		}()
		return ev.force(a[1])
	})
	register("tryEval", 1, func(ev *Evaluator, a []Value, pos Pos) (result Value) {
		s := ev.save()
		defer func() {
			if r := recover(); r != nil {
				e, ok := r.(*Error)
				if !ok || (e.Kind != KindThrow && e.Kind != KindAssert) {
					panic(r)
				}
				ev.restore(s)
				result = &Attrs{a: []Attr{{Name: "success", Val: vFalse}, {Name: "value", Val: vFalse}}}
			}
		}()
		v := ev.force(a[0])
		return &Attrs{a: []Attr{{Name: "success", Val: vTrue}, {Name: "value", Val: v}}}
	})
	register("seq", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		ev.force(a[0])
		return ev.force(a[1])
	})
	register("deepSeq", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		ev.ForceDeep(a[0])
		return ev.force(a[1])
	})
	// break is the debugger's breakpoint; without a debugger it returns
	// its argument.
	register("break", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		return ev.force(a[0])
	})
	register("trace", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		v := ev.force(a[0])
		if s, ok := v.(*Str); ok {
			fmt.Fprintf(ev.stderr, "trace: %s\n", s.S)
		} else {
			fmt.Fprintf(ev.stderr, "trace: %s\n", traceValue(v))
		}
		return ev.force(a[1])
	})
	register("traceVerbose", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		return ev.force(a[1])
	})
	register("warn", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		s := ev.forceStrIn(a[0], pos, "while evaluating the first argument; the message passed to builtins.warn")
		fmt.Fprintf(ev.stderr, "evaluation warning: %s\n", s.S)
		return ev.force(a[1])
	})
	register("import", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		p := ev.realisedPath(a[0], pos)
		v := ev.importPath(p, pos)
		if t, ok := v.(*Thunk); ok && t.n != nil {
			// As Nix's evalFile, an error in evaluating the file comes
			// from within a frame naming it.
			calls := len(ev.calls)
			defer func() {
				if r := recover(); r != nil {
					addTrace(r, calls, "while evaluating the file '"+ev.resolveImportPath(p)+"':", Pos{}, true)
				}
			}()
		}
		return ev.force(v)
	})
	register("scopedImport", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		s := ev.forceAttrs(a[0], pos)
		p := ev.realisedPath(a[1], pos)
		return ev.scopedImport(s, p, pos)
	})
	register("findFile", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		l := ev.forceList(a[0], pos)
		p := ev.forceStr(a[1], pos)
		return ev.findFile(l, p.S, pos)
	})
	register("getEnv", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		s := ev.forceStr(a[0], pos)
		if ev.opts.PureEval {
			return vEmpty
		}
		return MkStr(os.Getenv(s.S))
	})
	register("typeOf", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		return MkStr(ev.force(a[0]).Type())
	})
	isType := func(name string, pred func(Value) bool) {
		register(name, 1, func(ev *Evaluator, a []Value, pos Pos) Value {
			return MkBool(pred(ev.force(a[0])))
		})
	}
	isType("isInt", func(v Value) bool { _, ok := v.(Int); return ok })
	isType("isFloat", func(v Value) bool { _, ok := v.(Float); return ok })
	isType("isBool", func(v Value) bool { _, ok := v.(Bool); return ok })
	isType("isString", func(v Value) bool { _, ok := v.(*Str); return ok })
	isType("isPath", func(v Value) bool { _, ok := v.(Path); return ok })
	isType("isList", func(v Value) bool { _, ok := v.(*List); return ok })
	isType("isAttrs", func(v Value) bool { _, ok := v.(*Attrs); return ok })
	isType("isFunction", func(v Value) bool {
		switch v.(type) {
		case *Lambda, *Builtin, *PartialApp:
			return true
		}
		return false
	})
	register("isNull", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		_, ok := ev.force(a[0]).(Null)
		return MkBool(ok)
	})
	register("functionArgs", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		v := ev.force(a[0])
		switch f := v.(type) {
		case *Lambda:
			if f.fn.formals == nil {
				return emptyAttrs
			}
			fm := f.fn.formals
			out := make([]Attr, len(fm.names))
			for i, n := range fm.names {
				out[i] = Attr{Name: n, Val: MkBool(fm.defaults[i] != nil), Pos: &fm.pos[i]}
			}
			return &Attrs{a: out}
		case *Builtin, *PartialApp:
			return emptyAttrs
		}
		errorf(KindType, pos, "'functionArgs' requires a function")
		return nil
	})
	register("unsafeGetAttrPos", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		name := ev.forceStr(a[0], pos)
		s := ev.forceAttrs(a[1], pos)
		at := s.GetAttr(name.S)
		if at == nil || at.Pos == nil {
			return vNull
		}
		return posToAttrs(*at.Pos)
	})
	register("placeholder", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		s := ev.forceStr(a[0], pos)
		return MkStr(placeholder(s.S))
	})
	for _, name := range []string{"derivationStrict", "fetchurl", "fetchTarball", "fetchGit", "fetchMercurial", "filterSource", "path", "toFile", "storePath"} {
		name := name
		arity := 1
		switch name {
		case "filterSource", "toFile":
			arity = 2
		}
		fn := func(ev *Evaluator, a []Value, pos Pos) Value {
			if h, ok := ev.storeBuiltins[name]; ok {
				return h(ev, a, pos)
			}
			if h, ok := storeBuiltinImpls[name]; ok && ev.opts.Store != nil {
				return h(ev, a, pos)
			}
			if b := ev.caps.Derivations; b != nil && name == "derivationStrict" {
				return ev.derivationStrict(b, a[0], pos)
			}
			if name == "toFile" && ev.opts.Store != nil {
				return ev.toFile(a[0], a[1], pos)
			}
			if ev.opts.Store == nil {
				errorf(KindEval, pos, "builtins.%s: %v", name, ErrNoStore)
			}
			errorf(KindEval, pos, "builtins.%s is not supported by tvix", name)
			return nil
		}
		register(name, arity, fn)
	}
}

// RegisterStoreBuiltin installs the implementation of a store-needing
// builtin (derivationStrict, toFile, path, …) on this evaluator. fn
// must not keep its args slice past its return (elements it may keep).
func (ev *Evaluator) RegisterStoreBuiltin(name string, fn func(ev *Evaluator, args []Value, pos Pos) Value) {
	if ev.storeBuiltins == nil {
		ev.storeBuiltins = map[string]builtinFn{}
	}
	ev.storeBuiltins[name] = fn
}
