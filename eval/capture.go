package eval

// captures reports whether evaluating n may keep a reference to the frame
// it runs in: by making a closure, a thunk, a nested frame, or a set or
// list whose elements are suspended in it. Constants and variables passed
// on as values do not capture (their values are copied, not the frame).
// It is conservative: unknown nodes capture.
func captures(n node) bool {
	switch x := n.(type) {
	case *constNode, *varNode, *curPosNode, *foldedNode:
		return false
	case *withVarNode:
		return false
	case *ifNode:
		return captures(x.cond) || captures(x.then) || captures(x.els)
	case *assertNode:
		return captures(x.cond) || captures(x.body)
	case *notNode:
		return captures(x.e)
	case *negNode:
		return captures(x.e)
	case *binNode:
		return captures(x.l) || captures(x.r)
	case *concatNode:
		for _, p := range x.parts {
			if captures(p) {
				return true
			}
		}
		return false
	case *selectNode:
		if captures(x.e) || (x.def != nil && captures(x.def)) {
			return true
		}
		return pathCaptures(x.path)
	case *hasAttrNode:
		return captures(x.e) || pathCaptures(x.path)
	case *callNode:
		if captures(x.fn) {
			return true
		}
		for _, a := range x.args {
			// Arguments are suspended unless they are values already, or
			// operations on the innermost frame's variables, which mkArg
			// computes at once or suspends over a copy of the frame.
			switch y := a.(type) {
			case *constNode, *varNode, *foldedNode:
			case *binNode:
				if !localOperands(y.l, y.r) {
					return true
				}
			case *concatNode:
				if y.forceString || len(y.parts) != 2 || !localOperands(y.parts[0], y.parts[1]) {
					return true
				}
			default:
				return true
			}
		}
		return false
	}
	return true
}

func pathCaptures(path []attrKey) bool {
	for _, k := range path {
		if k.dyn != nil && captures(k.dyn) {
			return true
		}
	}
	return false
}

// lambdaCaptures reports whether a call of lc may keep its frame alive.
func lambdaCaptures(lc *lambdaCode) bool {
	if captures(lc.body) {
		return true
	}
	if lc.formals != nil {
		for _, d := range lc.formals.defaults {
			if d == nil {
				continue
			}
			switch d.(type) {
			case *constNode:
			default:
				return true
			}
		}
	}
	return false
}
