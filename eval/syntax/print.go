package syntax

import (
	"io"
	"slices"
	"strconv"
	"strings"
)

// Print writes e the way nix-instantiate --parse (Nix 2.26) prints a
// parsed expression: fully parenthesised, with the desugarings Nix applies
// (operators as calls of __sub, __lessThan, …; nested attribute paths as
// nested sets; old let as (rec { … }).body; <p> as (__findFile __nixPath
// "p")), and paths as absolute paths. Bindings and formals are sorted by
// name, inherits first.
func Print(w io.Writer, e Expr) error {
	_, err := io.WriteString(w, String(e))
	return err
}

// String returns e as Print prints it.
func String(e Expr) string {
	var b printer
	writeExpr(&b, e)
	return b.String()
}

// Ident returns an attribute name as Nix prints it in --parse output and
// in messages: bare if it is an identifier and not a keyword, else as a
// quoted string.
func Ident(s string) string { return printIdent(s) }

// printIdent writes a symbol the way Nix prints attribute names: bare if
// it is an identifier and not a keyword, else as a quoted string.
func printIdent(s string) string {
	if isPlainIdent(s) {
		return s
	}
	var b strings.Builder
	writeString(&b, s)
	return b.String()
}

// reserved are the keywords Nix quotes when it prints attribute names.
var reserved = map[string]bool{"if": true, "then": true, "else": true, "assert": true,
	"with": true, "let": true, "in": true, "rec": true, "inherit": true}

func isPlainIdent(s string) bool {
	if s == "" || reserved[s] || !isIDStart(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isIDChar(s[i]) {
			return false
		}
	}
	return true
}

// printer accumulates printed text.
type printer struct {
	strings.Builder
}

// writeString writes a Nix string literal with Nix's escapes ($ only
// where ${ would start an interpolation).
func writeString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '$':
			if i+1 < len(s) && s[i+1] == '{' {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}

// formatFloat formats like C++ ostream << double (%g, precision 6).
func formatFloat(f float64) string {
	return strconv.FormatFloat(f, 'g', 6, 64)
}

// writeParts writes an interpolated string or path as Nix shows a
// concatenation; the first literal of a path is written as a path.
func writeParts(b *printer, parts []StrPart, path bool) {
	b.WriteByte('(')
	for i, p := range parts {
		switch {
		case i > 0:
			b.WriteString(" + ")
			fallthrough
		case !path:
			if p.Expr != nil {
				writeExpr(b, p.Expr)
			} else {
				writeString(&b.Builder, p.Lit)
			}
		default:
			b.WriteString(p.Lit)
		}
	}
	b.WriteByte(')')
}

// writeCallHead writes the function part of a call without the closing
// parenthesis, folding operators that Nix represents as calls.
func writeCallHead(b *printer, f Expr) {
	switch f := f.(type) {
	case *Unary:
		if f.Op == OpNeg {
			b.WriteString("(__sub 0 ")
			writeExpr(b, f.X)
			return
		}
	case *Binary:
		name := ""
		x, y := f.X, f.Y
		switch f.Op {
		case OpSub:
			name = "__sub"
		case OpMul:
			name = "__mul"
		case OpDiv:
			name = "__div"
		case OpLt:
			name = "__lessThan"
		case OpGt:
			name = "__lessThan"
			x, y = y, x
		}
		if name != "" {
			b.WriteString("(" + name + " ")
			writeExpr(b, x)
			b.WriteByte(' ')
			writeExpr(b, y)
			return
		}
	case *Call:
		// Nix folds application into a call of a builtin made by
		// desugaring, but the legacy "x or" makes a new call of x.
		if _, nested := f.Fun.(*Call); nested || isOrCall(f) {
			b.WriteByte('(')
			writeExpr(b, f.Fun)
		} else {
			writeCallHead(b, f.Fun)
		}
		for _, a := range f.Args {
			b.WriteByte(' ')
			writeExpr(b, a)
		}
		return
	case *Path:
		if f.Kind == PathSearch {
			b.WriteString(`(__findFile __nixPath `)
			writeString(&b.Builder, f.Value)
			return
		}
	}
	b.WriteByte('(')
	writeExpr(b, f)
}

// isOrCall reports whether c comes from the legacy "x or" syntax (x
// applied to the variable or); nothing else applies a function to a
// variable named or first, since or cannot start an argument.
func isOrCall(c *Call) bool {
	v, ok := c.Args[0].(*Var)
	return ok && v.Name == "or"
}

// writeSeq writes strings as they are, expressions with writeExpr and
// attribute paths as Nix shows them.
func writeSeq(b *printer, items ...any) {
	for _, it := range items {
		switch it := it.(type) {
		case string:
			b.WriteString(it)
		case []AttrName:
			b.WriteString(showAttrPath(it))
		case Expr:
			writeExpr(b, it)
		}
	}
}

// writeBindings writes bindings as Nix does: sorted by name, the plain
// inherits in one clause, then each inherit (e) clause in source order,
// then the other static bindings, then the dynamic ones in source order.
func writeBindings(b *printer, attrs []Attr, dyn []DynAttr) {
	sorted := slices.Clone(attrs)
	slices.SortStableFunc(sorted, func(x, y Attr) int { return strings.Compare(x.Name, y.Name) })
	var inherits []string
	type clause struct {
		from  Expr
		first int32 // source offset of its first name
		names []string
	}
	var froms []*clause
	for _, a := range sorted {
		switch a.Kind {
		case AttrInherit:
			inherits = append(inherits, printIdent(a.Name))
		case AttrInheritFrom:
			from := a.Value.(*Select).X
			i := slices.IndexFunc(froms, func(c *clause) bool { return c.from == from })
			if i < 0 {
				i = len(froms)
				froms = append(froms, &clause{from: from, first: a.NamePos.Offset})
			}
			c := froms[i]
			c.names = append(c.names, printIdent(a.Name))
			c.first = min(c.first, a.NamePos.Offset)
		}
	}
	if len(inherits) > 0 {
		b.WriteString("inherit " + strings.Join(inherits, " ") + "; ")
	}
	slices.SortFunc(froms, func(x, y *clause) int { return int(x.first) - int(y.first) })
	for _, c := range froms {
		writeSeq(b, "inherit (", c.from, ") "+strings.Join(c.names, " ")+"; ")
	}
	for _, a := range sorted {
		if a.Kind != AttrInherit && a.Kind != AttrInheritFrom {
			writeSeq(b, printIdent(a.Name), " = ", a.Value, "; ")
		}
	}
	for _, d := range dyn {
		b.WriteString(`"${`)
		writeExpr(b, d.Name)
		b.WriteString(`}" = `)
		writeExpr(b, d.Value)
		b.WriteString("; ")
	}
}

// indentedParts returns the parts of an indented string as Nix 2.26 keeps
// them: without empty literals.
func indentedParts(parts []StrPart) []StrPart {
	return slices.DeleteFunc(slices.Clone(parts), func(p StrPart) bool { return p.Expr == nil && p.Lit == "" })
}

func writeExpr(b *printer, e Expr) {
	switch e := e.(type) {
	case nil:
		b.WriteString("<nil>")
	case *Int:
		b.WriteString(strconv.FormatInt(e.Value, 10))
	case *Float:
		b.WriteString(formatFloat(e.Value))
	case *Str:
		parts := e.Parts
		if e.Kind == StrIndented {
			parts = indentedParts(parts)
		}
		switch {
		case len(parts) == 0:
			writeString(&b.Builder, "")
		case len(parts) == 1 && parts[0].Expr == nil:
			writeString(&b.Builder, parts[0].Lit)
		default:
			writeParts(b, parts, false)
		}
	case *Path:
		switch {
		case e.Kind == PathSearch:
			writeCallHead(b, e)
			b.WriteByte(')')
		case e.Parts != nil:
			writeParts(b, e.Parts, true)
		default:
			b.WriteString(e.Value)
		}
	case *Var:
		b.WriteString(printIdent(e.Name))
	case *CurPos:
		b.WriteString("__curPos")
	case *AttrSet:
		if e.Rec {
			b.WriteString("rec ")
		}
		b.WriteString("{ ")
		writeBindings(b, e.Attrs, e.Dynamic)
		b.WriteByte('}')
	case *Let:
		b.WriteString("(let ")
		writeBindings(b, e.Attrs, nil)
		b.WriteString("in ")
		writeExpr(b, e.Body)
		b.WriteByte(')')
	case *Lambda:
		b.WriteByte('(')
		if e.Formals != nil {
			b.WriteString("{ ")
			formals := slices.Clone(e.Formals.List)
			slices.SortFunc(formals, func(x, y Formal) int { return strings.Compare(x.Name, y.Name) })
			for i, f := range formals {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(printIdent(f.Name))
				if f.Default != nil {
					b.WriteString(" ? ")
					writeExpr(b, f.Default)
				}
			}
			if e.Formals.Ellipsis {
				if len(e.Formals.List) > 0 {
					b.WriteString(", ")
				}
				b.WriteString("...")
			}
			b.WriteString(" }")
			if e.Arg != "" {
				b.WriteString(" @ ")
			}
		}
		if e.Arg != "" {
			b.WriteString(printIdent(e.Arg))
		}
		b.WriteString(": ")
		writeExpr(b, e.Body)
		b.WriteByte(')')
	case *Call:
		writeCallHead(b, e)
		b.WriteByte(')')
	case *Select:
		writeSeq(b, "(", e.X, ").", e.Path)
		if e.Default != nil {
			writeSeq(b, " or (", e.Default, ")")
		}
	case *HasAttr:
		writeSeq(b, "((", e.X, ") ? ", e.Path, ")")
	case *List:
		b.WriteString("[ ")
		for _, x := range e.Elems {
			writeSeq(b, "(", x, ") ")
		}
		b.WriteByte(']')
	case *If:
		writeSeq(b, "(if ", e.Cond, " then ", e.Then, " else ", e.Else, ")")
	case *With:
		writeSeq(b, "(with ", e.Env, "; ", e.Body, ")")
	case *Assert:
		writeSeq(b, "assert ", e.Cond, "; ", e.Body)
	case *Unary:
		if e.Op == OpNot {
			writeSeq(b, "(! ", e.X, ")")
			return
		}
		writeCallHead(b, e)
		b.WriteByte(')')
	case *Binary:
		switch e.Op {
		case OpSub, OpMul, OpDiv, OpLt, OpGt:
			writeCallHead(b, e)
			b.WriteByte(')')
		case OpLe:
			writeSeq(b, "(! (__lessThan ", e.Y, " ", e.X, "))")
		case OpGe:
			writeSeq(b, "(! (__lessThan ", e.X, " ", e.Y, "))")
		default:
			writeSeq(b, "(", e.X, " "+e.Op.String()+" ", e.Y, ")")
		}
	default:
		b.WriteString("<?>")
	}
}
