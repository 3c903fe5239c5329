package eval

import (
	"strconv"
	"strings"
)

type xmlWriter struct {
	ev       *Evaluator
	b        strings.Builder
	strict   bool
	location bool
	ctx      ctxBuilder
	drvsSeen map[string]bool
}

func xmlEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		case '\n':
			b.WriteString("&#xA;")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// elem writes an element; attrs are name/value pairs, written sorted by name
// as Nix's XMLWriter (a std::map) does.
func (w *xmlWriter) open(indent int, name string, attrs [][2]string, empty bool) {
	w.b.WriteString(strings.Repeat("  ", indent))
	w.b.WriteString("<" + name)
	sortPairs(attrs)
	for _, a := range attrs {
		w.b.WriteString(" " + a[0] + "=\"" + xmlEscape(a[1]) + "\"")
	}
	if empty {
		w.b.WriteString(" />\n")
	} else {
		w.b.WriteString(">\n")
	}
}

func (w *xmlWriter) close(indent int, name string) {
	w.b.WriteString(strings.Repeat("  ", indent) + "</" + name + ">\n")
}

func sortPairs(a [][2]string) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j][0] < a[j-1][0]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

func (w *xmlWriter) posAttrs(p *Pos, attrs [][2]string) [][2]string {
	if w.location && p != nil && p.IsValid() {
		attrs = append(attrs, [2]string{"path", p.File}, [2]string{"line", strconv.Itoa(p.Line)}, [2]string{"column", strconv.Itoa(p.Col)})
	}
	return attrs
}

func (w *xmlWriter) attrsBody(s *Attrs, indent int) {
	for _, a := range s.All() {
		w.open(indent, "attr", w.posAttrs(a.Pos, [][2]string{{"name", a.Name}}), false)
		w.value(a.Val, indent+1)
		w.close(indent, "attr")
	}
}

func (w *xmlWriter) value(v Value, indent int) {
	ev := w.ev
	if w.strict {
		v = ev.force(v)
	} else if t, ok := v.(*Thunk); ok && t.n == nil {
		v = t.v
	}
	switch x := v.(type) {
	case Int:
		w.open(indent, "int", [][2]string{{"value", strconv.FormatInt(int64(x), 10)}}, true)
	case Bool:
		s := "false"
		if x {
			s = "true"
		}
		w.open(indent, "bool", [][2]string{{"value", s}}, true)
	case *Str:
		w.ctx.add(x.Ctx)
		w.open(indent, "string", [][2]string{{"value", x.S}}, true)
	case Path:
		w.open(indent, "path", [][2]string{{"value", string(x)}}, true)
	case Null:
		w.open(indent, "null", nil, true)
	case Float:
		w.open(indent, "float", [][2]string{{"value", FormatFloat(float64(x))}}, true)
	case *Attrs:
		if ev.isDerivation(x) {
			var attrs [][2]string
			if dp, ok := x.Get("drvPath"); ok {
				if s, ok := ev.force(dp).(*Str); ok {
					attrs = append(attrs, [2]string{"drvPath", s.S})
				}
			}
			out := ""
			if op, ok := x.Get("outPath"); ok {
				if s, ok := ev.force(op).(*Str); ok {
					out = s.S
					attrs = append(attrs, [2]string{"outPath", s.S})
				}
			}
			w.open(indent, "derivation", attrs, false)
			if out == "" || !w.drvsSeen[out] {
				if out != "" {
					w.drvsSeen[out] = true
				}
				w.attrsBody(x, indent+1)
			} else {
				w.open(indent+1, "repeated", nil, true)
			}
			w.close(indent, "derivation")
			return
		}
		w.open(indent, "attrs", nil, false)
		w.attrsBody(x, indent+1)
		w.close(indent, "attrs")
	case *List:
		w.open(indent, "list", nil, false)
		for _, it := range x.Items {
			w.value(it, indent+1)
		}
		w.close(indent, "list")
	case *Lambda:
		lc := x.fn
		w.open(indent, "function", w.posAttrs(&lc.p, nil), false)
		if lc.formals != nil {
			var attrs [][2]string
			if lc.formals.ellipsis {
				attrs = append(attrs, [2]string{"ellipsis", "1"})
			}
			if lc.formals.atName != "" {
				attrs = append(attrs, [2]string{"name", lc.formals.atName})
			}
			w.open(indent+1, "attrspat", attrs, false)
			// Nix 2.8 lists formals in lexicographic order, not source order.
			for _, n := range lc.formals.names {
				w.open(indent+2, "attr", [][2]string{{"name", n}}, true)
			}
			w.close(indent+1, "attrspat")
		} else {
			w.open(indent+1, "varpat", [][2]string{{"name", lc.arg}}, true)
		}
		w.close(indent, "function")
	case *Builtin, *PartialApp:
		w.open(indent, "unevaluated", nil, true)
	default:
		w.open(indent, "unevaluated", nil, true)
	}
}

// ToXML renders v as nix-instantiate --xml (and builtins.toXML) do.
func (ev *Evaluator) toXML(v Value, strict, location bool) (string, *Context) {
	w := &xmlWriter{ev: ev, strict: strict, location: location, drvsSeen: map[string]bool{}}
	w.b.WriteString("<?xml version='1.0' encoding='utf-8'?>\n<expr>\n")
	w.value(v, 1)
	w.b.WriteString("</expr>\n")
	return w.b.String(), w.ctx.result()
}

// ToXML renders v as XML; location adds source positions.
func (ev *Evaluator) ToXML(v Value, strict, location bool) (s string, err error) {
	err = ev.catch(func() { s, _ = ev.toXML(v, strict, location) })
	return
}

func init() {
	register("toXML", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		s, ctx := ev.toXML(a[0], true, false)
		return &Str{S: s, Ctx: ctx}
	})
}
