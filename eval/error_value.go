package eval

import (
	"fmt"
	"strconv"
	"strings"
)

// Limits of the values error messages show, Nix 2.26's errorPrintOptions.
const (
	errMaxDepth  = 10
	errMaxAttrs  = 10
	errMaxItems  = 10
	errMaxString = 1024
)

// errorValue renders v as Nix 2.26 shows a value in an error message:
// nothing is forced (a thunk is «thunk»), functions name themselves and
// where they were defined, a set or list met again is «repeated», and
// large sets, lists and strings are cut.
func errorValue(v Value) string {
	p := valuePrinter{limited: true, seen: map[any]bool{}}
	p.write(v, 0)
	return p.b.String()
}

// traceValue renders v as builtins.trace prints a value that is not a
// string: errorValue's form without its limits.
func traceValue(v Value) string {
	p := valuePrinter{seen: map[any]bool{}}
	p.write(v, 0)
	return p.b.String()
}

// valuePrinter is Nix 2.26's value printer (printValue's options: with
// limits for errors, without for trace).
type valuePrinter struct {
	b       strings.Builder
	limited bool
	seen    map[any]bool // see identity
	// attributes and list items printed so far, over the whole value:
	// the limits count them all, not those of one set or list
	attrsPrinted, itemsPrinted int
}

// repeated reports whether the set or list in cell was printed before,
// and marks it printed.
func (p *valuePrinter) repeated(cell Value) bool {
	k := identity(cell)
	if k == nil {
		return false
	}
	if p.seen[k] {
		p.b.WriteString("«repeated»")
		return true
	}
	p.seen[k] = true
	return false
}

func (p *valuePrinter) write(cell Value, depth int) {
	b := &p.b
	v := cell
	if t, ok := v.(*Thunk); ok {
		if t.n != nil && t.v != blackhole {
			b.WriteString("«thunk»")
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
		b.WriteString(strconv.FormatBool(bool(x)))
	case Null:
		b.WriteString("null")
	case *Str:
		s := x.S
		if p.limited && len(s) > errMaxString {
			writeNixString(b, s[:errMaxString])
			fmt.Fprintf(b, " «%d bytes elided»", len(s)-errMaxString)
			return
		}
		writeNixString(b, s)
	case Path:
		b.WriteString(string(x))
	case *Attrs:
		if x.Len() == 0 {
			b.WriteString("{ }")
			return
		}
		if p.repeated(cell) {
			return
		}
		if p.limited && depth >= errMaxDepth {
			b.WriteString("{ ... }")
			return
		}
		b.WriteString("{ ")
		all := x.All()
		if p.limited {
			all = importantFirst(all)
		}
		for i, a := range all {
			if p.limited && p.attrsPrinted >= errMaxAttrs {
				fmt.Fprintf(b, "«%d attribute%s elided» ", len(all)-i, plural(len(all)-i))
				break
			}
			writeAttrName(b, a.Name)
			b.WriteString(" = ")
			p.write(a.Val, depth+1)
			b.WriteString("; ")
			p.attrsPrinted++
		}
		b.WriteString("}")
	case *List:
		if len(x.Items) == 0 {
			b.WriteString("[ ]")
			return
		}
		if p.repeated(cell) {
			return
		}
		if p.limited && depth >= errMaxDepth {
			b.WriteString("[ ... ]")
			return
		}
		b.WriteString("[ ")
		for i, it := range x.Items {
			if p.limited && p.itemsPrinted >= errMaxItems {
				fmt.Fprintf(b, "«%d item%s elided» ", len(x.Items)-i, plural(len(x.Items)-i))
				break
			}
			p.write(it, depth+1)
			b.WriteString(" ")
			p.itemsPrinted++
		}
		b.WriteString("]")
	case *Lambda:
		b.WriteString("«lambda")
		if x.fn.name != "" {
			b.WriteString(" " + x.fn.name)
		}
		fmt.Fprintf(b, " @ %s»", x.fn.p)
	case *Builtin:
		fmt.Fprintf(b, "«primop %s»", x.Name)
	case *PartialApp:
		fmt.Fprintf(b, "«partially applied primop %s»", x.B.Name)
	case blackholeT:
		b.WriteString("«potential infinite recursion»")
	default:
		fmt.Fprintf(b, "«%s»", v.Type())
	}
}

// importantFirst orders a set's attributes as Nix's limited printer does:
// type and _type first, then the others by name.
func importantFirst(all []Attr) []Attr {
	var important []Attr
	for _, a := range all {
		if a.Name == "type" || a.Name == "_type" {
			important = append(important, a)
		}
	}
	if len(important) == 0 {
		return all
	}
	out := append(important, make([]Attr, 0, len(all)-len(important))...)
	for _, a := range all {
		if a.Name != "type" && a.Name != "_type" {
			out = append(out, a)
		}
	}
	return out
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
