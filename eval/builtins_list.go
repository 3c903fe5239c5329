package eval

import (
	"sort"

	"github.com/p2pnix/tvix/eval/internal/stdsort"
)

func init() {
	register("map", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		l := ev.forceList(a[1], pos)
		if len(l.Items) == 0 {
			return emptyList
		}
		f := ev.forceArg(a[0])
		if !isFunction(f) {
			typeErrorIn(pos, f, "a function", "while evaluating the first argument passed to builtins.map", Pos{})
		}
		out := make([]Value, len(l.Items))
		ts := make([]Thunk, len(l.Items)) // one allocation for all
		ml := &mappedList{mn: mapNode{f: f}}
		for i, x := range l.Items {
			if x == nil {
				x = vNull
			}
			ts[i] = Thunk{n: &ml.mn, v: x}
			out[i] = &ts[i]
		}
		ml.l.Items = out
		return &ml.l
	})
	register("filter", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		f := ev.forceFunction(a[0], pos)
		l := ev.forceList(a[1], pos)
		var out []Value
		same := true
		for i, x := range l.Items {
			if ev.forceBool(ev.call1(f, x, pos), pos) {
				if !same {
					out = append(out, x)
				}
			} else if same {
				same = false
				out = append(make([]Value, 0, len(l.Items)), l.Items[:i]...)
			}
		}
		if same {
			return l
		}
		return MkList(out)
	})
	register("length", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		return MkInt(int64(len(ev.forceList(a[0], pos).Items)))
	})
	register("head", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		l := ev.forceList(a[0], pos)
		if len(l.Items) == 0 {
			errorf(KindEval, pos, "'builtins.head' called on an empty list")
		}
		return ev.force(l.Items[0])
	})
	register("tail", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		l := ev.forceList(a[0], pos)
		if len(l.Items) == 0 {
			errorf(KindEval, pos, "'builtins.tail' called on an empty list")
		}
		return MkList(l.Items[1:])
	})
	register("elemAt", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		l := ev.forceList(a[0], pos)
		i := ev.forceInt(a[1], pos)
		if i < 0 || i >= int64(len(l.Items)) {
			errorf(KindEval, pos, "'builtins.elemAt' called with index %d on a list of size %d", i, len(l.Items))
		}
		return ev.force(l.Items[i])
	})
	register("elem", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		l := ev.forceList(a[1], pos)
		for _, x := range l.Items {
			if ev.equalElem(a[0], x, pos) {
				return vTrue
			}
		}
		return vFalse
	})
	register("genList", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		n := ev.forceInt(a[1], pos)
		if n < 0 {
			errorf(KindEval, pos, "cannot create list of size %d", n)
		}
		ev.forceFunction(a[0], pos)
		out := make([]Value, n)
		ts := make([]Thunk, n) // one allocation for all
		mn := &mapNode{f: a[0]}
		for i := range out {
			ts[i] = Thunk{n: mn, v: MkInt(int64(i))}
			out[i] = &ts[i]
		}
		return MkList(out)
	})
	register("foldl'", 3, func(ev *Evaluator, a []Value, pos Pos) Value {
		f := ev.forceFunction(a[0], pos)
		acc := a[1]
		l := ev.forceList(a[2], pos)
		// Strict in each result of f, not in the initial accumulator
		// unless it is the result.
		// Nix passes its builtins no position: a builtin that f is gets
		// called at none.
		callPos := pos
		switch f.(type) {
		case *Builtin, *PartialApp:
			callPos = Pos{}
		}
		for _, x := range l.Items {
			acc = ev.force(ev.call2(f, acc, x, callPos))
		}
		return ev.force(acc)
	})
	register("concatLists", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		l := ev.forceList(a[0], pos)
		return ev.concatLists(l.Items, pos)
	})
	register("concatMap", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		f := ev.forceFunction(a[0], pos)
		l := ev.forceList(a[1], pos)
		lists := make([]Value, len(l.Items))
		for i, x := range l.Items {
			// As Nix, each result is forced before the next call; one
			// that is no list is framed at it if it is a function, else
			// at f if that is one (Nix's determinePos).
			r := ev.force(ev.call1(f, x, pos))
			if _, ok := r.(*List); !ok {
				at := Pos{}
				if fn, ok := r.(*Lambda); ok {
					at = fn.fn.p
				} else if fn, ok := f.(*Lambda); ok {
					if _, isSet := r.(*Attrs); !isSet {
						at = fn.fn.p
					}
				}
				typeErrorIn(pos, r, "a list", returnFrames["concatMap"], at)
			}
			lists[i] = r
		}
		return ev.concatLists(lists, pos)
	})
	register("any", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		f := ev.forceFunction(a[0], pos)
		for _, x := range ev.forceList(a[1], pos).Items {
			if ev.forceBool(ev.call1(f, x, pos), pos) {
				return vTrue
			}
		}
		return vFalse
	})
	register("all", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		f := ev.forceFunction(a[0], pos)
		for _, x := range ev.forceList(a[1], pos).Items {
			if !ev.forceBool(ev.call1(f, x, pos), pos) {
				return vFalse
			}
		}
		return vTrue
	})
	register("partition", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		f := ev.forceFunction(a[0], pos)
		l := ev.forceList(a[1], pos)
		var right, wrong []Value
		for _, x := range l.Items {
			ev.force(x) // Nix forces each element before the predicate
			if ev.forceBool(ev.call1(f, x, pos), pos) {
				right = append(right, x)
			} else {
				wrong = append(wrong, x)
			}
		}
		return &Attrs{a: []Attr{{Name: "right", Val: MkList(right)}, {Name: "wrong", Val: MkList(wrong)}}}
	})
	register("groupBy", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		f := ev.forceFunction(a[0], pos)
		l := ev.forceList(a[1], pos)
		groups := map[string][]Value{}
		var order []string
		for _, x := range l.Items {
			k := ev.forceStr(ev.call1(f, x, pos), pos).S
			if _, ok := groups[k]; !ok {
				order = append(order, k)
			}
			groups[k] = append(groups[k], x)
		}
		out := make([]Attr, 0, len(order))
		for _, k := range order {
			out = append(out, Attr{Name: k, Val: MkList(groups[k])})
		}
		return NewAttrs(out)
	})
	register("sort", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		f := ev.forceFunction(a[0], pos)
		l := ev.forceList(a[1], pos)
		out := make([]Value, len(l.Items))
		copy(out, l.Items)
		for i := range out {
			out[i] = ev.force(out[i])
		}
		if b, ok := f.(*Builtin); ok && b.Name == "lessThan" {
			ev.sortLessThan(out, pos)
		} else {
			stdsort.StableSort(out, func(x, y Value) (bool, error) {
				return ev.forceBool(ev.call2(f, x, y, pos), pos), nil
			})
		}
		return MkList(out)
	})
	register("genericClosure", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		args := ev.forceAttrs(a[0], pos)
		arg := func(name string, force func(Value, Pos) Value) Value {
			v, ok := args.Get(name)
			if !ok {
				framedError(pos, "in the attrset passed as argument to builtins.genericClosure", "attribute '%s' missing", name)
			}
			return ev.framedOnly("while evaluating the '"+name+"' attribute passed as argument to builtins.genericClosure", func() Value { return force(v, pos) })
		}
		start := arg("startSet", func(v Value, pos Pos) Value { return ev.forceList(v, pos) }).(*List)
		if len(start.Items) == 0 {
			// Nix 2.26 neither looks up nor forces the operator then.
			return start
		}
		op := arg("operator", ev.forceFunction)
		work := append([]Value(nil), start.Items...)
		var seen []Value
		var res []Value
		for len(work) > 0 {
			e := ev.framedOnly("while evaluating one of the elements generated by (or initially passed to) builtins.genericClosure", func() Value { return ev.forceAttrs(work[0], pos) }).(*Attrs)
			work = work[1:]
			key, ok := e.Get("key")
			if !ok {
				framedError(pos, "in one of the attrsets generated by (or initially passed to) builtins.genericClosure", "attribute 'key' missing")
			}
			key = ev.force(key)
			idx := ev.searchKey(seen, key, pos)
			if idx < len(seen) && ev.equal(seen[idx], key, pos) {
				continue
			}
			seen = append(seen, nil)
			copy(seen[idx+1:], seen[idx:])
			seen[idx] = key
			res = append(res, e)
			work = append(work, ev.forceList(ev.call1(op, e, pos), pos).Items...)
		}
		return MkList(res)
	})
}

func (ev *Evaluator) concatLists(lists []Value, pos Pos) Value {
	n := 0
	ls := make([]*List, len(lists))
	for i, x := range lists {
		ls[i] = ev.forceList(x, pos)
		n += len(ls[i].Items)
	}
	if n == 0 {
		return emptyList
	}
	out := make([]Value, 0, n)
	for _, l := range ls {
		out = append(out, l.Items...)
	}
	return &List{Items: out}
}

// sortLessThan sorts values with lessThan itself, as Nix's sort does
// when given builtins.lessThan: an error in comparing comes from within
// Nix's frame for it.
func (ev *Evaluator) sortLessThan(out []Value, pos Pos) {
	calls := len(ev.calls)
	defer func() {
		if r := recover(); r != nil {
			addTrace(r, calls, "while evaluating the ordering function passed to builtins.sort", Pos{}, true)
		}
	}()
	stdsort.StableSort(out, func(x, y Value) (bool, error) { return ev.lessThan(x, y, pos), nil })
}

// searchKey returns where key belongs in the sorted keys seen of
// genericClosure. The new key is compared first, as Nix's std::set does:
// an incomparable pair is reported in that order, under Nix's frame.
func (ev *Evaluator) searchKey(seen []Value, key Value, pos Pos) int {
	calls := len(ev.calls)
	defer func() {
		if r := recover(); r != nil {
			addTrace(r, calls, "while comparing the `key` attributes of two genericClosure elements", Pos{}, true)
		}
	}()
	return sort.Search(len(seen), func(i int) bool {
		return ev.lessThan(key, seen[i], pos) || !ev.lessThan(seen[i], key, pos)
	})
}
