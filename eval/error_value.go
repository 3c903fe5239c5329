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
// where they were defined, and large sets, lists and strings are cut.
func errorValue(v Value) string {
	var b strings.Builder
	writeErrorValue(&b, v, 0)
	return b.String()
}

func writeErrorValue(b *strings.Builder, v Value, depth int) {
	if t, ok := v.(*Thunk); ok {
		if t.n != nil {
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
		if len(s) > errMaxString {
			writeNixString(b, s[:errMaxString])
			fmt.Fprintf(b, "«%d bytes elided»", len(s)-errMaxString)
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
		if depth >= errMaxDepth {
			b.WriteString("{ ... }")
			return
		}
		b.WriteString("{ ")
		for i, a := range x.All() {
			if i == errMaxAttrs {
				fmt.Fprintf(b, "«%d attribute%s elided» ", x.Len()-i, plural(x.Len()-i))
				break
			}
			writeAttrName(b, a.Name)
			b.WriteString(" = ")
			writeErrorValue(b, a.Val, depth+1)
			b.WriteString("; ")
		}
		b.WriteString("}")
	case *List:
		if len(x.Items) == 0 {
			b.WriteString("[ ]")
			return
		}
		if depth >= errMaxDepth {
			b.WriteString("[ ... ]")
			return
		}
		b.WriteString("[ ")
		for i, it := range x.Items {
			if i == errMaxItems {
				fmt.Fprintf(b, "«%d item%s elided» ", len(x.Items)-i, plural(len(x.Items)-i))
				break
			}
			writeErrorValue(b, it, depth+1)
			b.WriteString(" ")
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

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
