package eval

import (
	"sort"
	"strconv"

	"github.com/p2pnix/tvix/eval/syntax"
)

// scope is the resolver's view of one runtime frame: the names it binds
// (name -> slot), or a `with` frame whose single slot holds the scope set.
// A frame with neither (a "transparent" frame) binds nothing but still
// counts as one level, which is how inherited attributes of let/rec see
// the enclosing scope.
type scope struct {
	up     *scope
	names  map[string]int
	isWith bool
	with   syntax.Pos // of the with expression, for a with frame
}

// compiler translates a syntax tree into nodes, resolving every variable to
// a frame depth and slot, a chain of with-scopes, or a builtin.
type compiler struct {
	ev *Evaluator
}

func convPos(p syntax.Pos) Pos {
	return Pos{File: p.File, Line: int(p.Line), Col: int(p.Col)}
}

func (c *compiler) resolve(sc *scope, name string, p syntax.Pos) node {
	depth := 0
	var withs []int
	var withPos []Pos
	for s := sc; s != nil; s = s.up {
		if s.isWith {
			withs = append(withs, depth)
			withPos = append(withPos, convPos(s.with))
		} else if slot, ok := s.names[name]; ok {
			return &varNode{depth: depth, slot: slot, name: name, p: convPos(p)}
		}
		depth++
	}
	// The global scope is the outermost lexical scope, as in Nix: a
	// global name never reaches a with, which is not forced for it.
	if g, ok := c.ev.globals[name]; ok {
		return &constNode{v: g, p: convPos(p)}
	}
	if len(withs) > 0 {
		return &withVarNode{name: name, withDepths: withs, withPos: withPos, p: convPos(p)}
	}
	panic(&Error{Kind: KindEval, Msg: "undefined variable '" + name + "'", Pos: convPos(p)})
}

func (c *compiler) compile(e syntax.Expr, sc *scope) node {
	switch x := e.(type) {
	case *syntax.Int:
		return &constNode{v: MkInt(x.Value), p: convPos(x.P)}
	case *syntax.Float:
		return &constNode{v: Float(x.Value), p: convPos(x.P)}
	case *syntax.Str:
		if s, ok := x.Const(); ok {
			return &constNode{v: MkStr(s), p: convPos(x.P)}
		}
		parts, at := c.parts(x.Parts, sc, nil)
		return &concatNode{parts: parts, at: at, forceString: true, p: convPos(x.P)}
	case *syntax.Path:
		switch x.Kind {
		case syntax.PathSearch:
			return &callNode{
				fn:   c.compile(x.FindFile, sc),
				args: []node{c.compile(x.NixPath, sc), &constNode{v: MkStr(x.Value), p: convPos(x.P)}},
				p:    convPos(x.P),
			}
		}
		if len(x.Parts) == 0 {
			return &constNode{v: Path(x.Value), p: convPos(x.P)}
		}
		first := &constNode{v: Path(x.Value), p: convPos(x.P)}
		parts, at := c.parts(x.Parts[1:], sc, first)
		return &concatNode{parts: parts, at: at, p: convPos(x.P)}
	case *syntax.Var:
		return c.resolve(sc, x.Name, x.P)
	case *syntax.CurPos:
		return &curPosNode{p: convPos(x.P)}
	case *syntax.AttrSet:
		return c.attrSet(x, sc)
	case *syntax.Let:
		inner := &scope{up: sc, names: make(map[string]int, len(x.Attrs))}
		for i, a := range x.Attrs {
			inner.names[a.Name] = i
		}
		outer := &scope{up: sc}
		n := &letNode{binds: make([]node, len(x.Attrs)), p: convPos(x.P)}
		var fr inheritFroms
		for i, a := range x.Attrs {
			switch a.Kind {
			case syntax.AttrInherit:
				n.binds[i] = c.compile(a.Value, outer)
			case syntax.AttrInheritFrom:
				n.binds[i] = c.inheritFrom(a, inner, &fr)
				if n.fromBind == nil {
					n.fromBind = make([]bool, len(x.Attrs))
				}
				n.fromBind[i] = true
			default:
				n.binds[i] = c.compileNamed(a.Value, inner, a.Name)
			}
		}
		n.froms = fr.nodes
		n.body = c.compile(x.Body, inner)
		return n
	case *syntax.Lambda:
		return &lambdaNode{lc: c.lambda(x, sc)}
	case *syntax.Call:
		n := &callNode{fn: c.compile(x.Fun, sc), args: make([]node, len(x.Args)), p: convPos(x.P)}
		for i, a := range x.Args {
			n.args[i] = c.compile(a, sc)
		}
		return n
	case *syntax.Select:
		n := &selectNode{e: c.compile(x.X, sc), path: c.attrPath(x.Path, sc), p: convPos(x.P)}
		if folded := foldConstSelect(n); folded != nil {
			return folded
		}
		if x.Default != nil {
			n.def = c.compile(x.Default, sc)
		}
		return n
	case *syntax.HasAttr:
		return &hasAttrNode{e: c.compile(x.X, sc), path: c.attrPath(x.Path, sc), p: convPos(x.P)}
	case *syntax.List:
		if len(x.Elems) == 0 {
			// As in Nix 2.26, [ ] is a value, not code: lazy printing shows it.
			return &constNode{v: emptyList, p: convPos(x.P)}
		}
		n := &listNode{elems: make([]node, len(x.Elems)), p: convPos(x.P)}
		for i, el := range x.Elems {
			n.elems[i] = c.compile(el, sc)
		}
		return n
	case *syntax.If:
		return &ifNode{cond: c.compile(x.Cond, sc), then: c.compile(x.Then, sc), els: c.compile(x.Else, sc), p: convPos(x.P)}
	case *syntax.With:
		inner := &scope{up: sc, isWith: true, with: x.P}
		return &withNode{attrs: c.compile(x.Env, sc), body: c.compile(x.Body, inner), p: convPos(x.P)}
	case *syntax.Assert:
		return &assertNode{cond: c.compile(x.Cond, sc), body: c.compile(x.Body, sc), text: exprText(x.Cond), p: convPos(x.P)}
	case *syntax.Unary:
		if x.Op == syntax.OpNot {
			return &notNode{e: c.compile(x.X, sc), p: convPos(x.P)}
		}
		return &negNode{e: c.compile(x.X, sc), p: convPos(x.P)}
	case *syntax.Binary:
		l, r := c.compile(x.X, sc), c.compile(x.Y, sc)
		p := convPos(x.OpPos)
		if !p.IsValid() {
			p = convPos(x.P)
		}
		var op opKind
		switch x.Op {
		case syntax.OpAdd:
			var at []Pos
			if x.Starts != nil {
				at = []Pos{convPos(x.Starts[0]), convPos(x.Starts[1])}
			}
			return &concatNode{parts: []node{l, r}, at: at, p: p}
		case syntax.OpSub:
			op = opSub
		case syntax.OpMul:
			op = opMul
		case syntax.OpDiv:
			op = opDiv
		case syntax.OpEq:
			op = opEq
		case syntax.OpNe:
			op = opNeq
		case syntax.OpLt:
			op = opLt
		case syntax.OpLe:
			op = opLe
		case syntax.OpGt:
			op = opGt
		case syntax.OpGe:
			op = opGe
		case syntax.OpAnd:
			op = opAnd
		case syntax.OpOr:
			op = opOr
		case syntax.OpImpl:
			op = opImpl
		case syntax.OpUpdate:
			op = opUpdate
		case syntax.OpConcat:
			op = opConcat
		default:
			panic(&Error{Kind: KindEval, Msg: "unknown operator " + x.Op.String(), Pos: p})
		}
		return &binNode{op: op, l: l, r: r, p: p}
	}
	panic(&Error{Kind: KindEval, Msg: "cannot compile expression", Pos: convPos(e.Pos())})
}

// compileNamed compiles e, naming it when it is a lambda (for messages).
func (c *compiler) compileNamed(e syntax.Expr, sc *scope, name string) node {
	n := c.compile(e, sc)
	// As in Nix, the name reaches the lambdas of a curried function too.
	for l, ok := n.(*lambdaNode); ok && l.lc.name == ""; l, ok = l.lc.body.(*lambdaNode) {
		l.lc.name = name
	}
	return n
}

// parts compiles the parts of a string or path literal (after first, if
// any) and returns where each was written.
func (c *compiler) parts(ps []syntax.StrPart, sc *scope, first node) ([]node, []Pos) {
	out := make([]node, 0, len(ps)+1)
	at := make([]Pos, 0, len(ps)+1)
	if first != nil {
		out, at = append(out, first), append(at, first.pos())
	}
	for _, p := range ps {
		if p.Expr == nil {
			out = append(out, &constNode{v: MkStr(p.Lit), p: convPos(p.P)})
		} else {
			out = append(out, c.compile(p.Expr, sc))
		}
		at = append(at, convPos(p.P))
	}
	return out, at
}

func (c *compiler) attrPath(path []syntax.AttrName, sc *scope) []attrKey {
	out := make([]attrKey, len(path))
	for i, a := range path {
		if a.Expr != nil {
			out[i] = attrKey{dyn: c.compile(a.Expr, sc), src: syntax.String(a.Expr)}
		} else {
			out[i] = attrKey{name: a.Name}
		}
	}
	return out
}

func (c *compiler) attrSet(x *syntax.AttrSet, sc *scope) node {
	n := &attrsNode{rec: x.Rec, p: convPos(x.P)}
	inner := sc
	outer := sc
	if x.Rec {
		inner = &scope{up: sc, names: make(map[string]int, len(x.Attrs))}
		for i, a := range x.Attrs {
			inner.names[a.Name] = i
		}
		outer = &scope{up: sc}
	}
	n.defs = make([]attrDef, 0, len(x.Attrs)+len(x.Dynamic))
	var fr inheritFroms
	for _, a := range x.Attrs {
		d := attrDef{name: a.Name, p: convPos(a.P)}
		if a.Kind == syntax.AttrInheritFrom {
			// The from expressions see the rec frame, if any.
			d.val = c.inheritFrom(a, inner, &fr)
			d.inRec, d.inFrom = x.Rec, true
		} else if x.Rec && a.Kind == syntax.AttrInherit {
			d.val = c.compile(a.Value, outer)
			d.inRec = true // evaluated in the rec frame, resolved past it
		} else {
			d.val = c.compileNamed(a.Value, inner, a.Name)
			d.inRec = x.Rec
		}
		n.defs = append(n.defs, d)
	}
	for _, a := range x.Dynamic {
		n.defs = append(n.defs, attrDef{dynName: c.compile(a.Name, inner), val: c.compile(a.Value, inner), inRec: x.Rec, p: convPos(a.P)})
	}
	n.froms = fr.nodes
	n.overrides = x.Rec && x.Find("__overrides") >= 0
	if len(x.Dynamic) == 0 {
		tmpl := make([]Attr, len(x.Attrs))
		for i := range n.defs {
			p := n.defs[i].p
			tmpl[i] = Attr{Name: n.defs[i].name, Pos: &p}
		}
		n.static = &Attrs{a: tmpl}
	}
	return n
}

// inheritFroms are the expressions of the inherit (e) clauses of one set
// or let, each evaluated once into a frame of its own (above base) from
// which the inherited attributes select, as in Nix.
type inheritFroms struct {
	nodes []node
	sc    *scope              // the frame's scope, its names hidden
	index map[syntax.Expr]int // slot of each expression
}

// inheritFrom compiles the attribute a of an inherit (e) clause, whose
// value is the *syntax.Select e.name (the names of one clause share e).
func (c *compiler) inheritFrom(a syntax.Attr, base *scope, fr *inheritFroms) node {
	sel := a.Value.(*syntax.Select)
	if fr.sc == nil {
		fr.sc = &scope{up: base, names: map[string]int{}}
		fr.index = map[syntax.Expr]int{}
	}
	k, ok := fr.index[sel.X]
	if !ok {
		k = len(fr.nodes)
		fr.index[sel.X] = k
		fr.nodes = append(fr.nodes, c.compile(sel.X, base))
		fr.sc.names["\x00from"+strconv.Itoa(k)] = k // no variable is named so
	}
	ref := &varNode{depth: 0, slot: k, name: "", p: convPos(sel.P)}
	return &selectNode{e: ref, path: c.attrPath(sel.Path, fr.sc), p: convPos(sel.P)}
}

func (c *compiler) lambda(x *syntax.Lambda, sc *scope) *lambdaCode {
	lc := &lambdaCode{name: x.Name, arg: x.Arg, p: convPos(x.P)}
	inner := &scope{up: sc, names: map[string]int{}}
	if x.Formals == nil {
		inner.names[x.Arg] = 0
		lc.nslots = 1
	} else {
		f := &formals{ellipsis: x.Formals.Ellipsis, atSlot: -1, atName: x.Arg}
		list := append([]syntax.Formal(nil), x.Formals.List...)
		sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
		for i, fm := range list {
			f.names = append(f.names, fm.Name)
			f.pos = append(f.pos, convPos(fm.P))
			inner.names[fm.Name] = i
		}
		lc.nslots = len(list)
		if x.Arg != "" {
			f.atSlot = len(list)
			if _, dup := inner.names[x.Arg]; !dup {
				inner.names[x.Arg] = len(list)
			}
			lc.nslots++
		}
		if c.ev != nil && c.ev.syms != nil {
			attrs := make([]Attr, len(list))
			for i := range list {
				attrs[i].Name = list[i].Name
			}
			f.order = c.ev.symOrder(attrs)
		}
		f.defaults = make([]node, len(list))
		for i, fm := range list {
			if fm.Default != nil {
				f.defaults[i] = c.compile(fm.Default, inner)
			}
		}
		lc.formals = f
	}
	lc.body = c.compile(x.Body, inner)
	lc.noCapture = !lambdaCaptures(lc)
	return lc
}

// foldConstSelect turns a static selection from a constant set (as
// builtins.map, when builtins is not shadowed) into the constant itself.
func foldConstSelect(n *selectNode) node {
	k, ok := n.e.(*constNode)
	if !ok || n.def != nil {
		return nil
	}
	v := k.v
	for _, key := range n.path {
		s, ok := v.(*Attrs)
		if !ok || key.dyn != nil {
			return nil
		}
		x, found := s.Get(key.name)
		if !found {
			return nil
		}
		if t, ok := x.(*Thunk); ok {
			if t.n != nil {
				return nil
			}
			x = t.v
		}
		v = x
	}
	return &foldedNode{v: v, p: n.p}
}

// foldedNode is a selection folded to its constant value. Unlike a
// literal it is still suspended when stored lazily (Nix's lazy printer
// shows builtins.null in a set as <CODE>).
type foldedNode struct {
	v Value
	p Pos
}

func (n *foldedNode) eval(ev *Evaluator, env *Env) Value { return n.v }
func (n *foldedNode) pos() Pos                           { return n.p }
