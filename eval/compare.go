package eval

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
		for i := range x.All() {
			if x.All()[i].Name != y.All()[i].Name || !ev.equalElem(x.All()[i].Val, y.All()[i].Val, pos) {
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

func (ev *Evaluator) equalElem(a, b Value, pos Pos) bool {
	if a == b {
		switch a.(type) {
		case *Thunk, *Attrs, *List, *Lambda, *Builtin, *PartialApp:
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
					return ev.lessThan(x.Items[i], y.Items[i], pos)
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
