package eval

import "fmt"

// equal implements ==. Functions are never equal, except that elements of
// lists and attribute values that are the same value (pointer-equal) are,
// as in C++ Nix.
func (ev *Evaluator) equal(a, b Value, pos Pos) bool {
	a = ev.force(a)
	b = ev.force(b)
	switch x := a.(type) {
	case Int:
		switch y := b.(type) {
		case Int:
			return x == y
		case Float:
			return float64(x) == float64(y)
		}
		return false
	case Float:
		switch y := b.(type) {
		case Int:
			return float64(x) == float64(y)
		case Float:
			return x == y
		}
		return false
	case Bool:
		y, ok := b.(Bool)
		return ok && x == y
	case Null:
		_, ok := b.(Null)
		return ok
	case *Str:
		y, ok := b.(*Str)
		return ok && x.S == y.S
	case Path:
		y, ok := b.(Path)
		return ok && x == y
	case *List:
		y, ok := b.(*List)
		if !ok || len(x.Items) != len(y.Items) {
			return false
		}
		for i := range x.Items {
			if !ev.equalElem(x.Items[i], y.Items[i], pos) {
				return false
			}
		}
		return true
	case *Attrs:
		y, ok := b.(*Attrs)
		if !ok {
			return false
		}
		if ev.isDerivation(x) && ev.isDerivation(y) {
			o1, ok1 := x.Get("outPath")
			o2, ok2 := y.Get("outPath")
			if ok1 && ok2 {
				return ev.equalElem(o1, o2, pos)
			}
		}
		if len(x.All()) != len(y.All()) {
			return false
		}
		// As Nix, both in symbol order, pair by pair: a differing name
		// ends the comparison before later values are forced.
		xa, ya := x.All(), y.All()
		xo, yo := ev.symOrder(xa), ev.symOrder(ya)
		for k := range xa {
			i, j := k, k
			if xo != nil {
				i = xo[k]
			}
			if yo != nil {
				j = yo[k]
			}
			if xa[i].Name != ya[j].Name || !ev.equalElem(xa[i].Val, ya[j].Val, pos) {
				return false
			}
		}
		return true
	case *Lambda, *Builtin, *PartialApp:
		return false
	}
	errorf(KindEval, pos, "cannot compare %s with %s", typeName(a), typeName(b))
	return false
}

// equalElem compares two values held in lists, attribute sets or builtin
// arguments. As C++ Nix's eqValues, it forces both first, so a value that
// throws throws even when compared with itself, and then takes the same
// value (the same thunk or pointer) as equal, functions included.
func (ev *Evaluator) equalElem(a, b Value, pos Pos) bool {
	if a == b {
		switch a.(type) {
		case *Thunk, *Attrs, *List, *Lambda, *Builtin, *PartialApp:
			ev.force(a)
			return true
		}
	}
	return ev.equal(a, b, pos)
}

func (ev *Evaluator) isDerivation(s *Attrs) bool {
	t, ok := s.Get("type")
	if !ok {
		return false
	}
	str, ok := ev.force(t).(*Str)
	return ok && str.S == "derivation"
}

// lessThanIn is lessThan where Nix's CompareValues has an errorCtx: an
// error in comparing comes from within that frame.
func (ev *Evaluator) lessThanIn(a, b Value, pos Pos, frame string) bool {
	calls := len(ev.calls)
	defer func() {
		if r := recover(); r != nil {
			addTrace(r, calls, frame, Pos{}, true)
		}
	}()
	return ev.lessThan(a, b, pos)
}

// lessThan implements < with Nix's CompareValues rules.
func (ev *Evaluator) lessThan(a, b Value, pos Pos) bool {
	if x, ok := a.(Int); ok {
		if y, ok := b.(Int); ok {
			return x < y
		}
	}
	a = ev.force(a)
	b = ev.force(b)
	switch x := a.(type) {
	case Int:
		switch y := b.(type) {
		case Int:
			return x < y
		case Float:
			return float64(x) < float64(y)
		}
	case Float:
		switch y := b.(type) {
		case Int:
			return float64(x) < float64(y)
		case Float:
			return x < y
		}
	case *Str:
		if y, ok := b.(*Str); ok {
			return x.S < y.S
		}
	case Path:
		if y, ok := b.(Path); ok {
			return x < y
		}
	case *List:
		if y, ok := b.(*List); ok {
			for i := 0; ; i++ {
				if i == len(y.Items) {
					return false
				}
				if i == len(x.Items) {
					return true
				}
				if !ev.equal(x.Items[i], y.Items[i], pos) {
					return ev.lessThanIn(x.Items[i], y.Items[i], pos, "while comparing two list elements")
				}
			}
		}
	default:
		if typeName(a) == typeName(b) {
			errorf(KindEval, pos, "cannot compare %s with %s; values of that type are incomparable", typeName(a), typeName(b))
		}
	}
	errorf(KindEval, pos, "cannot compare %s with %s", typeName(a), typeName(b))
	return false
}

// assertEqual reports why a and b, which == found unequal, differ, as Nix
// 2.26 explains a failed `assert x == y`: an assertion error naming the
// first difference, under frames naming where it lies.
func (ev *Evaluator) assertEqual(a, b Value) {
	if ev.equalElem(a, b, Pos{}) {
		return
	}
	a, b = ev.force(a), ev.force(b)
	fail := func(format string, args ...any) { errorf(KindAssert, Pos{}, format, args...) }
	_, aNum := toFloat(a)
	_, bNum := toFloat(b)
	if aNum && bNum {
		fail("%s with value '%s' is not equal to %s with value '%s'", typeName(a), errorValue(a), typeName(b), errorValue(b))
	}
	if typeName(a) != typeName(b) {
		fail("%s of value '%s' is not equal to %s of value '%s'", typeName(a), errorValue(a), typeName(b), errorValue(b))
	}
	switch x := a.(type) {
	case Bool:
		fail("boolean '%v' is not equal to boolean '%v'", bool(x), bool(b.(Bool)))
	case *Str:
		fail("string '%s' is not equal to string '%s'", errorValue(a), errorValue(b))
	case Path:
		fail("path '%s' is not equal to path '%s'", string(x), string(b.(Path)))
	case *List:
		y := b.(*List)
		if len(x.Items) != len(y.Items) {
			fail("list of size '%d' is not equal to list of size '%d', left hand side is '%s', right hand side is '%s'",
				len(x.Items), len(y.Items), errorValue(a), errorValue(b))
		}
		for i := range x.Items {
			func() {
				calls := len(ev.calls)
				defer func() {
					if r := recover(); r != nil {
						addTrace(r, calls, fmt.Sprintf("while comparing list element %d", i), Pos{}, true)
					}
				}()
				ev.assertEqual(x.Items[i], y.Items[i])
			}()
		}
	case *Attrs:
		ev.assertEqualAttrs(x, b.(*Attrs))
	case *Lambda, *Builtin, *PartialApp:
		fail("distinct functions and immediate comparisons of identical functions compare as unequal")
	}
}

func (ev *Evaluator) assertEqualAttrs(x, y *Attrs) {
	if ev.isDerivation(x) && ev.isDerivation(y) {
		o1, ok1 := x.Get("outPath")
		o2, ok2 := y.Get("outPath")
		if ok1 && ok2 {
			calls := len(ev.calls)
			defer func() {
				if r := recover(); r != nil {
					addTrace(r, calls, "while comparing a derivation by its 'outPath' attribute", Pos{}, true)
				}
			}()
			ev.assertEqual(o1, o2)
			return
		}
	}
	xa, ya := x.All(), y.All()
	if len(xa) != len(ya) {
		errorf(KindAssert, Pos{}, "attribute names of attribute set '%s' differs from attribute set '%s'", errorValue(x), errorValue(y))
	}
	for i := range xa {
		if xa[i].Name != ya[i].Name {
			if _, ok := y.Get(xa[i].Name); !ok {
				errorf(KindAssert, Pos{}, "attribute name '%s' is contained in '%s', but not in '%s'", xa[i].Name, errorValue(x), errorValue(y))
			}
			errorf(KindAssert, Pos{}, "attribute name '%s' is missing in '%s', but is contained in '%s'", ya[i].Name, errorValue(x), errorValue(y))
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					if e, ok := r.(*Error); ok {
						e.Trace = append(e.Trace,
							TraceFrame{Msg: "where right hand side is", Pos: derefPos(ya[i].Pos), Shown: true},
							TraceFrame{Msg: "where left hand side is", Pos: derefPos(xa[i].Pos), Shown: true},
							TraceFrame{Msg: "while comparing attribute '" + xa[i].Name + "'", Shown: true})
					}
					panic(r)
				}
			}()
			ev.assertEqual(xa[i].Val, ya[i].Val)
		}()
	}
}
