package eval

import (
	"fmt"
	"slices"
	"strings"
)

// sortAttrDefs sorts attributes by name, keeping equal names in order.
// Small sets are sorted by insertion on a copy on the stack and written
// back once: moving attributes within a heap slice costs a write barrier
// per pointer per move while the collector runs.
func sortAttrDefs(a []Attr) {
	if slices.IsSortedFunc(a, cmpAttrName) {
		return
	}
	if len(a) > smallSort {
		slices.SortStableFunc(a, cmpAttrName)
		return
	}
	var buf [smallSort]Attr
	t := buf[:len(a)]
	copy(t, a)
	for i := 1; i < len(t); i++ {
		for j := i; j > 0 && t[j].Name < t[j-1].Name; j-- {
			t[j], t[j-1] = t[j-1], t[j]
		}
	}
	copy(a, t)
}

// smallSort is the largest set sortAttrDefs sorts on the stack.
const smallSort = 48

func cmpAttrName(x, y Attr) int { return strings.Compare(x.Name, y.Name) }

type opKind uint8

const (
	opSub opKind = iota
	opMul
	opDiv
	opEq
	opNeq
	opLt
	opLe
	opGt
	opGe
	opAnd
	opOr
	opImpl
	opUpdate
	opConcat
)

// binNode is a binary operator other than + (see concatNode).
type binNode struct {
	op   opKind
	l, r node
	p    Pos
}

func (n *binNode) pos() Pos { return n.p }

func (n *binNode) eval(ev *Evaluator, env *Env) Value {
	switch n.op {
	case opAnd:
		return MkBool(ev.boolOf(n.l, env, n, "in the left operand of the AND (&&) operator") &&
			ev.boolOf(n.r, env, n, "in the right operand of the AND (&&) operator"))
	case opOr:
		return MkBool(ev.boolOf(n.l, env, n, "in the left operand of the OR (||) operator") ||
			ev.boolOf(n.r, env, n, "in the right operand of the OR (||) operator"))
	case opImpl:
		return MkBool(!ev.boolOf(n.l, env, n, "in the left operand of the IMPL (->) operator") ||
			ev.boolOf(n.r, env, n, "in the right operand of the IMPL (->) operator"))
	case opUpdate:
		l := ev.attrsOf(n.l, env, n.p, "in the left operand of the update (//) operator")
		r := ev.attrsOf(n.r, env, n.p, "in the right operand of the update (//) operator")
		return Update(l, r)
	case opEq, opNeq, opConcat:
		return n.apply(ev, env)
	}
	// Nix calls a builtin for the others (__sub, __lessThan, ...), which
	// counts towards max-call-depth and forces the operands, so that their
	// errors come from within that call too.
	ev.enterCall(n.p)
	ev.calls = append(ev.calls, callFrame{opBuiltins[n.op], n.p, nil, len(ev.forcing)})
	v := n.apply(ev, env)
	ev.calls = ev.calls[:len(ev.calls)-1]
	ev.leaveCall()
	return v
}

// apply evaluates the operands and applies the operator. The right
// operand of > and <= comes first: Nix swaps them in its lessThan call.
func (n *binNode) apply(ev *Evaluator, env *Env) Value {
	var l, r Value
	if n.op == opGt || n.op == opLe {
		r = n.r.eval(ev, env)
		l = n.l.eval(ev, env)
	} else {
		l = n.l.eval(ev, env)
		r = n.r.eval(ev, env)
	}
	if li, ok := l.(Int); ok {
		if ri, ok := r.(Int); ok {
			switch n.op {
			case opLt:
				return MkBool(li < ri)
			case opLe:
				return MkBool(li <= ri)
			case opGt:
				return MkBool(li > ri)
			case opGe:
				return MkBool(li >= ri)
			case opEq:
				return MkBool(li == ri)
			case opNeq:
				return MkBool(li != ri)
			}
		}
	}
	switch n.op {
	case opSub, opMul, opDiv:
		return arith(n.op, l, r, n.p)
	case opEq:
		return MkBool(ev.equal(l, r, n.p))
	case opNeq:
		return MkBool(!ev.equal(l, r, n.p))
	case opLt:
		return MkBool(ev.lessThanOp(l, r, n.p))
	case opLe:
		return MkBool(!ev.lessThanOp(r, l, n.p))
	case opGt:
		return MkBool(ev.lessThanOp(r, l, n.p))
	case opGe:
		return MkBool(!ev.lessThanOp(l, r, n.p))
	case opConcat:
		ll, ok := l.(*List)
		if !ok {
			typeErrorIn(Pos{}, l, "a list", "while evaluating one of the elements to concatenate", n.p)
		}
		rl, ok := r.(*List)
		if !ok {
			typeErrorIn(Pos{}, r, "a list", "while evaluating one of the elements to concatenate", n.p)
		}
		if len(ll.Items) == 0 {
			return rl
		}
		if len(rl.Items) == 0 {
			return ll
		}
		items := make([]Value, len(ll.Items)+len(rl.Items))
		copy(items, ll.Items)
		copy(items[len(ll.Items):], rl.Items)
		return &List{Items: items}
	}
	panic("unreachable")
}

// boolOf evaluates n to a Boolean as Nix's evalBool: a type error is at
// the position of at (none for a nil at), and every error raised meanwhile
// gets a frame there naming ctx.
func (ev *Evaluator) boolOf(n node, env *Env, at node, ctx string) bool {
	var p Pos
	if at != nil {
		p = at.pos()
	}
	calls := len(ev.calls)
	defer func() {
		if r := recover(); r != nil {
			addTrace(r, calls, ctx, p, true)
		}
	}()
	v := n.eval(ev, env)
	b, ok := v.(Bool)
	if !ok {
		typeError(p, v, "a Boolean")
	}
	return bool(b)
}

// attrsOf evaluates n to a set as Nix's evalAttrs: every error raised
// meanwhile, a type error (without a position) too, gets a frame at pos
// naming ctx.
func (ev *Evaluator) attrsOf(n node, env *Env, pos Pos, ctx string) *Attrs {
	calls := len(ev.calls)
	defer func() {
		if r := recover(); r != nil {
			addTrace(r, calls, ctx, pos, true)
		}
	}()
	v := n.eval(ev, env)
	s, ok := v.(*Attrs)
	if !ok {
		typeError(Pos{}, v, "a set")
	}
	return s
}

// arith implements -, * and / on ints and floats.
func arith(op opKind, l, r Value, pos Pos) Value {
	if li, ok := l.(Int); ok {
		if ri, ok := r.(Int); ok {
			switch op {
			case opSub:
				d, ok := subInt(int64(li), int64(ri))
				if !ok {
					opError(op, pos, "integer overflow in subtracting %d - %d", li, ri)
				}
				return MkInt(d)
			case opMul:
				p, ok := mulInt(int64(li), int64(ri))
				if !ok {
					opError(op, pos, "integer overflow in multiplying %d * %d", li, ri)
				}
				return MkInt(p)
			default:
				if ri == 0 {
					opError(op, pos, "division by zero")
				}
				if li == -1<<63 && ri == -1 {
					opError(op, pos, "integer overflow in dividing %d / %d", li, ri)
				}
				return MkInt(int64(li / ri))
			}
		}
	}
	lf, ok1 := toFloat(l)
	rf, ok2 := toFloat(r)
	if !ok1 {
		opTypeError(op, pos, l, r, 0)
	}
	if !ok2 {
		opTypeError(op, pos, l, r, 1)
	}
	switch op {
	case opSub:
		return Float(lf - rf)
	case opMul:
		return Float(lf * rf)
	default:
		if rf == 0 {
			opError(op, pos, "division by zero")
		}
		return Float(lf / rf)
	}
}

func toFloat(v Value) (float64, bool) {
	switch x := v.(type) {
	case Int:
		return float64(x), true
	case Float:
		return float64(x), true
	}
	return 0, false
}

type notNode struct {
	e node
	p Pos
}

func (n *notNode) eval(ev *Evaluator, env *Env) Value {
	// Nix places both at its operand, which for a literal is nowhere.
	var at node = n.e
	if _, ok := n.e.(*constNode); ok {
		at = nil
	}
	return MkBool(!ev.boolOf(n.e, env, at, "in the argument of the not operator"))
}
func (n *notNode) pos() Pos { return n.p }

type negNode struct {
	e node
	p Pos
}

func (n *negNode) eval(ev *Evaluator, env *Env) Value {
	// Nix calls __sub 0 e.
	ev.enterCall(n.p)
	v := arith(opSub, Int(0), n.e.eval(ev, env), n.p)
	ev.leaveCall()
	return v
}
func (n *negNode) pos() Pos { return n.p }

// concatNode is `+` (forceString false) and string interpolation
// (forceString true), with Nix's ExprConcatStrings rules: the first operand
// decides whether the result is a number, a path or a string.
type concatNode struct {
	parts []node
	// at is where each part of a string or path literal was written (an
	// interpolation's "${"), or where the operands of + start when one
	// starts with a parenthesis; nil where each part's position is it.
	at          []Pos
	forceString bool
	p           Pos
}

// partPos is where part i was written: its "${" in a literal, its opening
// parenthesis as an operand of +.
func (n *concatNode) partPos(i int) Pos {
	if n.at != nil {
		return n.at[i]
	}
	return n.parts[i].pos()
}

func (n *concatNode) pos() Pos { return n.p }

func (n *concatNode) eval(ev *Evaluator, env *Env) Value {
	if !n.forceString && len(n.parts) == 2 {
		l := n.parts[0].eval(ev, env)
		if li, ok := l.(Int); ok {
			r := n.parts[1].eval(ev, env)
			if ri, ok := r.(Int); ok {
				s, ok := addInt(int64(li), int64(ri))
				if !ok {
					addOverflow(n.partPos(1), int64(li), int64(ri))
				}
				return MkInt(s)
			}
			if rf, ok := r.(Float); ok {
				return Float(float64(li) + float64(rf))
			}
			errorf(KindType, n.partPos(1), "cannot add %s to an integer", typeName(r))
		}
		return n.slow(ev, env, l)
	}
	return n.slow(ev, env, nil)
}

func (n *concatNode) slow(ev *Evaluator, env *Env, first Value) Value {
	var ctx ctxBuilder
	// The pieces of a string result, joined with one allocation at the end.
	var buf [8]string
	strs := buf[:0]
	size := 0
	firstType := "string"
	var ni int64
	var nf float64
	for i, part := range n.parts {
		var v Value
		if i == 0 && first != nil {
			v = first
		} else {
			v = part.eval(ev, env)
		}
		if i == 0 && !n.forceString {
			switch v.(type) {
			case Int:
				firstType = "int"
			case Float:
				firstType = "float"
			case Path:
				firstType = "path"
			}
		}
		switch firstType {
		case "int":
			switch x := v.(type) {
			case Int:
				s, ok := addInt(ni, int64(x))
				if !ok {
					addOverflow(n.partPos(i), ni, int64(x))
				}
				ni = s
			case Float:
				firstType = "float"
				nf = float64(ni) + float64(x)
			default:
				errorf(KindType, n.partPos(i), "cannot add %s to an integer", typeName(v))
			}
		case "float":
			switch x := v.(type) {
			case Int:
				nf += float64(x)
			case Float:
				nf += float64(x)
			default:
				errorf(KindType, n.partPos(i), "cannot add %s to a float", typeName(v))
			}
		default:
			var piece string
			if s, ok := v.(*Str); ok {
				if len(n.parts) == 1 {
					return s
				}
				piece = s.S
				ctx.add(s.Ctx)
			} else {
				piece = ev.coerceSegment(v, n.partPos(i), &ctx, firstType == "string")
			}
			strs = append(strs, piece)
			size += len(piece)
		}
	}
	switch firstType {
	case "int":
		return MkInt(ni)
	case "float":
		return Float(nf)
	}
	var sb strings.Builder
	sb.Grow(size)
	for _, piece := range strs {
		sb.WriteString(piece)
	}
	if firstType == "path" {
		if ctx.result().Len() > 0 {
			errorf(KindEval, n.p, "a string that refers to a store path cannot be appended to a path")
		}
		return Path(canonPath(sb.String()))
	}
	if size == 0 && ctx.result() == nil {
		return vEmpty
	}
	return &Str{S: sb.String(), Ctx: ctx.result()}
}

// opBuiltins are the builtins Nix 2.26 calls for the operators that are
// calls in its syntax tree.
var opBuiltins = [...]string{opSub: "sub", opMul: "mul", opDiv: "div",
	opLt: "lessThan", opLe: "lessThan", opGt: "lessThan", opGe: "lessThan"}

// opError aborts an arithmetic operator (or its builtin) at pos as Nix
// 2.26 reports it: from within a call of the builtin at pos.
func opError(op opKind, pos Pos, format string, args ...any) {
	panic(&Error{Kind: KindEval, Msg: fmt.Sprintf(format, args...), Trace: []TraceFrame{opFrame(op, pos)}})
}

// opFrame is the frame of the builtin call Nix 2.26 makes for op at pos.
func opFrame(op opKind, pos Pos) TraceFrame {
	return TraceFrame{Msg: "while calling the '" + opBuiltins[op] + "' builtin", Pos: pos, Shown: true}
}

// opTypeError aborts an arithmetic operator on l and r whose operand i is
// no number, with the frame Nix 2.26 gives that operand.
func opTypeError(op opKind, pos Pos, l, r Value, i int) {
	bad := [2]Value{l, r}[i]
	panic(&Error{Kind: KindEval, Msg: numberErrorMsg(l, r, bad),
		Trace: []TraceFrame{{Msg: argFrames[opBuiltins[op]][i], Shown: true}, opFrame(op, pos)}})
}

// lessThanOp is a comparison operator, within the lessThan call Nix 2.26
// makes for it (binNode.eval).
func (ev *Evaluator) lessThanOp(a, b Value, pos Pos) bool {
	if x, ok := a.(Int); ok {
		if y, ok := b.(Int); ok {
			return x < y
		}
	}
	return ev.lessThan(a, b, pos)
}

// coerceSegment coerces a part of a string or path concatenation other
// than a string; a value it cannot coerce is reported, as in Nix 2.26,
// under "while evaluating a path segment" at the part.
func (ev *Evaluator) coerceSegment(v Value, pos Pos, ctx *ctxBuilder, copyToStore bool) string {
	return ev.coerceFramed(v, pos, ctx, false, copyToStore, "while evaluating a path segment", pos)
}
