package eval

import (
	"sort"

	"github.com/p2pnix/tvix/eval/syntax"
)

func init() {
	register("attrNames", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		s := ev.forceAttrs(a[0], pos)
		out := make([]Value, len(s.All()))
		for i := range s.All() {
			out[i] = MkStr(s.All()[i].Name)
		}
		return MkList(out)
	})
	register("attrValues", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		s := ev.forceAttrs(a[0], pos)
		out := make([]Value, len(s.All()))
		for i := range s.All() {
			out[i] = s.All()[i].Val
		}
		return MkList(out)
	})
	register("getAttr", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		name := ev.forceStr(a[0], pos)
		s := ev.forceAttrs(a[1], pos)
		v, ok := s.Get(name.S)
		if !ok {
			framedError(pos, "in the attribute set under consideration", "attribute '%s' missing", syntax.Ident(name.S))
		}
		return ev.force(v)
	})
	register("hasAttr", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		name := ev.forceStr(a[0], pos)
		s := ev.forceAttrs(a[1], pos)
		_, ok := s.Get(name.S)
		return MkBool(ok)
	})
	register("mapAttrs", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		s := ev.forceAttrs(a[1], pos)
		src := s.All()
		out := make([]Attr, len(src))
		mn := &mapAttrsNode{f: a[0], src: src}
		for i := range src {
			// As in Nix, the new attributes have no position.
			out[i] = Attr{Name: src[i].Name, Val: &Thunk{n: mn, v: MkInt(int64(i))}}
		}
		return &Attrs{a: out}
	})
	const pairFrame = "in a {name=...; value=...;} pair"
	register("listToAttrs", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		l := ev.forceList(a[0], pos)
		out := make([]Attr, 0, len(l.Items))
		for _, it := range l.Items {
			e := ev.forceAttrs(it, pos)
			nat := e.GetAttr("name")
			if nat == nil {
				framedError(pos, pairFrame, "attribute 'name' missing")
			}
			const what = "while evaluating the `name` attribute of an element of the list passed to builtins.listToAttrs"
			nv := ev.force(nat.Val)
			name, ok := nv.(*Str)
			if !ok {
				typeErrorIn(derefPos(nat.Pos), nv, "a string", what, derefPos(nat.Pos))
			}
			if name.Ctx.Len() > 0 {
				contextError(name, what, derefPos(nat.Pos))
			}
			at := e.GetAttr("value")
			if at == nil {
				framedError(pos, pairFrame, "attribute 'value' missing")
			}
			ev.intern(name.S)
			out = append(out, Attr{Name: name.S, Val: at.Val, Pos: at.Pos})
		}
		return newAttrsFirstWins(out)
	})
	register("removeAttrs", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		s := ev.forceAttrs(a[0], pos)
		l := ev.forceList(a[1], pos)
		if len(l.Items) == 0 {
			return s
		}
		names := make([]string, len(l.Items))
		for i, x := range l.Items {
			names[i] = ev.forceStr(x, pos).S
		}
		sort.Strings(names)
		out := make([]Attr, 0, len(s.All()))
		j := 0
		for _, at := range s.All() {
			for j < len(names) && names[j] < at.Name {
				j++
			}
			if j < len(names) && names[j] == at.Name {
				continue
			}
			out = append(out, at)
		}
		if len(out) == len(s.All()) {
			return s
		}
		return &Attrs{a: out}
	})
	register("intersectAttrs", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		l := ev.forceAttrs(a[0], pos)
		r := ev.forceAttrs(a[1], pos)
		var out []Attr
		i, j := 0, 0
		for i < len(l.All()) && j < len(r.All()) {
			switch x, y := l.All()[i].Name, r.All()[j].Name; {
			case x < y:
				i++
			case x > y:
				j++
			default:
				out = append(out, r.All()[j])
				i++
				j++
			}
		}
		if len(out) == 0 {
			return emptyAttrs
		}
		return &Attrs{a: out}
	})
	register("catAttrs", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		name := ev.forceStr(a[0], pos)
		l := ev.forceList(a[1], pos)
		var out []Value
		for _, it := range l.Items {
			if v, ok := ev.forceAttrs(it, pos).Get(name.S); ok {
				out = append(out, v)
			}
		}
		return MkList(out)
	})
	register("zipAttrsWith", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		l := ev.forceList(a[1], pos)
		groups := map[string][]Value{}
		for _, it := range l.Items {
			for _, at := range ev.forceAttrs(it, pos).All() {
				groups[at.Name] = append(groups[at.Name], at.Val)
			}
		}
		out := make([]Attr, 0, len(groups))
		for name, vals := range groups {
			out = append(out, Attr{Name: name, Val: lazyApp2(a[0], MkStr(name), MkList(vals))})
		}
		return NewAttrs(out)
	})
}
