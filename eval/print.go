package eval

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/p2pnix/tvix/eval/internal/nixfloat"
	"github.com/p2pnix/tvix/eval/internal/nixprint"
	"github.com/p2pnix/tvix/eval/syntax"
)

// PrintValue renders v as nix-instantiate --eval prints it: thunks that
// were never forced print as <CODE>, a set or list met again while it is
// being printed prints as «repeated». v is not forced.
func PrintValue(v Value) string {
	var b strings.Builder
	// nix-instantiate prints a copy of the result, so the top-level
	// value is never its own thunk cell (see identity).
	if t, ok := v.(*Thunk); ok && t.n == nil {
		v = t.v
	}
	printValue(&b, v, map[any]bool{})
	return b.String()
}

func printValue(b *strings.Builder, cell Value, seen map[any]bool) {
	v := cell
	if t, ok := v.(*Thunk); ok {
		if t.n != nil {
			b.WriteString("<CODE>")
			return
		}
		v = t.v
	}
	switch x := v.(type) {
	case Int:
		b.WriteString(strconv.FormatInt(int64(x), 10))
	case Float:
		b.WriteString(FormatFloat(float64(x)))
	case Bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case Null:
		b.WriteString("null")
	case *Str:
		writeNixString(b, x.S)
	case Path:
		b.WriteString(string(x))
	case *Attrs:
		seen[x] = true
		b.WriteString("{ ")
		for _, a := range x.All() {
			writeAttrName(b, a.Name)
			b.WriteString(" = ")
			if seen[identity(a.Val)] {
				b.WriteString("«repeated»")
			} else {
				printValue(b, a.Val, seen)
			}
			b.WriteString("; ")
		}
		b.WriteString("}")
	case *List:
		if k := identity(cell); k != nil {
			seen[k] = true
		}
		b.WriteString("[ ")
		for _, it := range x.Items {
			if seen[identity(it)] {
				b.WriteString("«repeated»")
			} else {
				printValue(b, it, seen)
			}
			b.WriteString(" ")
		}
		b.WriteString("]")
	case *Lambda:
		b.WriteString("<LAMBDA>")
	case *Builtin:
		b.WriteString("<PRIMOP>")
	case *PartialApp:
		b.WriteString("<PRIMOP-APP>")
	case blackholeT:
		b.WriteString("<CODE>")
	default:
		fmt.Fprintf(b, "<%T>", v)
	}
}

// identity returns the key under which Nix's printer recognises the set
// or list a value cell holds, for «repeated». Nix keys sets by their
// attribute array and lists by their element array, which copies of the
// value share; but a list of one or two elements keeps its elements inside
// the value itself, so each cell holding it (each thunk here, each copy in
// Nix) is a different list to the printer.
func identity(cell Value) any {
	v := cell
	if t, ok := v.(*Thunk); ok && t.n == nil {
		v = t.v
	}
	// Nix never reports empty sets and lists as repeated.
	switch x := v.(type) {
	case *Attrs:
		if x.Len() > 0 {
			return v
		}
	case *List:
		switch {
		case len(x.Items) > 2:
			return v
		case len(x.Items) > 0:
			return cell
		}
	}
	return nil
}

// writeNixString writes s as a Nix string literal, as Nix prints string
// values.
func writeNixString(b *strings.Builder, s string) { b.Write(nixprint.AppendString(nil, s)) }

// writeAttrName writes an attribute name as Nix prints it before " = ".
func writeAttrName(b *strings.Builder, s string) { b.Write(nixprint.AppendAttrName(nil, s)) }

// FormatFloat formats a float as Nix prints it (C's %g).
func FormatFloat(f float64) string { return nixfloat.Format(f) }

// ForceDeep evaluates v and everything reachable from it (--strict,
// deepSeq). Values already visited are skipped, so cyclic structures end.
// An error names the attributes it was met under, innermost first, as
// Nix's frames; one recover adds them all, so that an error at the depth
// limit unwinds in time linear in the depth.
func (ev *Evaluator) ForceDeep(v Value) Value {
	d := deepForcer{ev: ev, seen: map[any]bool{}}
	func() {
		defer func() {
			if r := recover(); r != nil {
				e, ok := r.(*Error)
				if ok && e.Msg != stackOverflow {
					for i := len(d.path) - 1; i >= 0; i-- {
						f := d.path[i]
						e.Trace = append(e.Trace, TraceFrame{Msg: "while evaluating the attribute '" + syntax.Ident(f.name) + "'", Pos: derefPos(f.pos), Shown: true, calls: f.calls + 1})
					}
				}
				panic(r)
			}
		}()
		d.force(v)
	}()
	return ev.force(v)
}

// stackOverflow is Nix's message for nesting deeper than its stack; Nix
// prints no frames with it.
const stackOverflow = "stack overflow (possible infinite recursion)"

// deepForcer is one ForceDeep: the values it visited and the attributes
// it is inside of.
type deepForcer struct {
	ev   *Evaluator
	seen map[any]bool
	path []deepAttr
}

type deepAttr struct {
	name  string
	pos   *Pos
	calls int
}

func (d *deepForcer) force(v Value) {
	ev := d.ev
	if t, ok := v.(*Thunk); ok {
		if d.seen[t] {
			return
		}
		d.seen[t] = true
	}
	v = ev.force(v)
	if ev.depth >= ev.opts.MaxDepth {
		errorf(KindLimit, Pos{}, stackOverflow)
	}
	ev.depth++
	defer func() { ev.depth-- }()
	switch x := v.(type) {
	case *Attrs:
		if d.seen[x] {
			return
		}
		d.seen[x] = true
		all := x.All()
		order := ev.symOrder(all)
		for k := range all {
			i := k
			if order != nil {
				i = order[k]
			}
			a := &all[i]
			d.path = append(d.path, deepAttr{a.Name, a.Pos, len(ev.calls)})
			d.force(a.Val)
			d.path = d.path[:len(d.path)-1]
		}
	case *List:
		if d.seen[x] {
			return
		}
		d.seen[x] = true
		for _, it := range x.Items {
			d.force(it)
		}
	}
}

func derefPos(p *Pos) Pos {
	if p == nil {
		return Pos{}
	}
	return *p
}
