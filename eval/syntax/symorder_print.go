package syntax

import (
	"slices"
	"strings"
)

// Nix 2.8 prints the bindings of a let and the formals of a lambda in the
// order of its symbol table, not in source order. Symbols it interns at
// start-up (builtins and the like, listed in symorder.go, generated from
// Nix) come first or last; the others come in the order in which its
// parser interned them, which symbolOrder reconstructs from the AST. This
// matches Nix for ordinary files; Nix's order really is that of the
// addresses of its symbols, so a file that interns very many symbols may
// still differ.

var nixSymbolRank = func() map[string]int {
	m := make(map[string]int, len(nixEarlySymbols)+len(nixLateSymbols))
	for i, s := range nixEarlySymbols {
		m[s] = i - len(nixEarlySymbols) - 1
	}
	for i, s := range nixLateSymbols {
		m[s] = 1<<30 + i
	}
	return m
}()

// symbolOrder maps each name in e to the rank Nix 2.8's symbol table
// would give it.
type symbolOrder map[string]int

func newSymbolOrder(e Expr) symbolOrder {
	o := symbolOrder{}
	o.walk(e)
	return o
}

func (o symbolOrder) rank(name string) int {
	if r, ok := nixSymbolRank[name]; ok {
		return r
	}
	if r, ok := o[name]; ok {
		return r
	}
	return 1 << 29
}

func (o symbolOrder) intern(name string) {
	if _, ok := o[name]; !ok {
		o[name] = len(o)
	}
}

func (o symbolOrder) path(path []AttrName) {
	for _, a := range path {
		if a.Expr != nil {
			o.walk(a.Expr)
		} else {
			o.intern(a.Name)
		}
	}
}

// binding is a static or dynamic binding, for walking them in source order.
type binding struct {
	off   int32
	attr  *Attr
	dyn   *DynAttr
	value Expr
}

func (o symbolOrder) bindings(attrs []Attr, dyn []DynAttr) {
	bs := make([]binding, 0, len(attrs)+len(dyn))
	for i := range attrs {
		bs = append(bs, binding{off: attrs[i].NamePos.Offset, attr: &attrs[i]})
	}
	for i := range dyn {
		bs = append(bs, binding{off: dyn[i].P.Offset, dyn: &dyn[i]})
	}
	slices.SortStableFunc(bs, func(a, b binding) int { return int(a.off) - int(b.off) })
	for _, b := range bs {
		if b.dyn != nil {
			o.walk(b.dyn.Name)
			o.walk(b.dyn.Value)
			continue
		}
		switch a := b.attr; a.Kind {
		case AttrInherit:
			o.intern(a.Name)
		case AttrInheritFrom:
			if s, ok := a.Value.(*Select); ok {
				o.walk(s.X)
			}
			o.intern(a.Name)
		default:
			o.intern(a.Name)
			o.walk(a.Value)
		}
	}
}

// walk visits e in the order in which Nix's bottom-up parser interns names.
func (o symbolOrder) walk(e Expr) {
	switch e := e.(type) {
	case *Var:
		o.intern(e.Name)
	case *Str:
		for _, p := range e.Parts {
			if p.Expr != nil {
				o.walk(p.Expr)
			}
		}
	case *Path:
		for _, p := range e.Parts {
			if p.Expr != nil {
				o.walk(p.Expr)
			}
		}
	case *AttrSet:
		o.bindings(e.Attrs, e.Dynamic)
	case *Let:
		o.bindings(e.Attrs, nil)
		o.walk(e.Body)
	case *Lambda:
		if e.Formals != nil {
			for _, f := range e.Formals.List {
				if f.Default != nil {
					o.walk(f.Default)
				}
				o.intern(f.Name)
			}
		}
		o.walk(e.Body)
		if e.Arg != "" {
			o.intern(e.Arg)
		}
	case *Call:
		o.walk(e.Fun)
		for _, a := range e.Args {
			o.walk(a)
		}
	case *Select:
		o.walk(e.X)
		o.path(e.Path)
		if e.Default != nil {
			o.walk(e.Default)
		}
	case *HasAttr:
		o.walk(e.X)
		o.path(e.Path)
	case *List:
		for _, x := range e.Elems {
			o.walk(x)
		}
	case *If:
		o.walk(e.Cond)
		o.walk(e.Then)
		o.walk(e.Else)
	case *With:
		o.walk(e.Env)
		o.walk(e.Body)
	case *Assert:
		o.walk(e.Cond)
		o.walk(e.Body)
	case *Unary:
		o.walk(e.X)
	case *Binary:
		o.walk(e.X)
		o.walk(e.Y)
	}
}

// sortedAttrs returns attrs in Nix's symbol order.
func (o symbolOrder) sortedAttrs(attrs []Attr) []Attr {
	out := slices.Clone(attrs)
	slices.SortStableFunc(out, func(a, b Attr) int { return o.rank(a.Name) - o.rank(b.Name) })
	return out
}

// sortedFormals returns formals in Nix's symbol order.
func (o symbolOrder) sortedFormals(fs []Formal) []Formal {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b Formal) int {
		if c := o.rank(a.Name) - o.rank(b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}
