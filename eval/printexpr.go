package eval

import (
	"fmt"
	"strings"

	"github.com/p2pnix/tvix/eval/syntax"
)

// printExpr renders an expression roughly as Nix prints it in assertion
// messages.
func printExpr(e syntax.Expr) string {
	var b strings.Builder
	writeExpr(&b, e)
	return b.String()
}

func writeExpr(b *strings.Builder, e syntax.Expr) {
	switch x := e.(type) {
	case *syntax.Int:
		fmt.Fprint(b, x.Value)
	case *syntax.Float:
		b.WriteString(FormatFloat(x.Value))
	case *syntax.Var:
		b.WriteString(x.Name)
	case *syntax.Str:
		if s, ok := x.Const(); ok {
			writeNixString(b, s)
		} else {
			b.WriteString("\"…\"")
		}
	case *syntax.Path:
		b.WriteString(x.Value)
	case *syntax.Binary:
		b.WriteByte('(')
		writeExpr(b, x.X)
		b.WriteString(" " + x.Op.String() + " ")
		writeExpr(b, x.Y)
		b.WriteByte(')')
	case *syntax.Unary:
		b.WriteString("(" + x.Op.String())
		writeExpr(b, x.X)
		b.WriteByte(')')
	case *syntax.Call:
		b.WriteByte('(')
		writeExpr(b, x.Fun)
		for _, a := range x.Args {
			b.WriteByte(' ')
			writeExpr(b, a)
		}
		b.WriteByte(')')
	case *syntax.Select:
		writeExpr(b, x.X)
		for _, p := range x.Path {
			b.WriteByte('.')
			if p.Expr != nil {
				b.WriteString("${…}")
			} else {
				b.WriteString(p.Name)
			}
		}
	case *syntax.HasAttr:
		b.WriteByte('(')
		writeExpr(b, x.X)
		b.WriteString(" ? …)")
	default:
		b.WriteString("…")
	}
}
