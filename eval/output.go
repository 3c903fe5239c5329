package eval

import (
	"strconv"
	"strings"
)

// OutputOptions select how EvalOutput renders a value.
type OutputOptions struct {
	Strict   bool // force the value deeply first (--strict)
	JSON     bool // print as JSON (--json)
	XML      bool // print as XML (--xml)
	Location bool // XML: include source positions
}

// EvalOutput does what nix-instantiate --eval does with one attribute
// path: select attrPath from root (auto-calling functions with autoArgs
// along the way), and render the result.
func (ev *Evaluator) EvalOutput(root Value, attrPath string, autoArgs *Attrs, o OutputOptions) (out string, err error) {
	err = ev.catch(func() {
		v := ev.findAlongAttrPath(root, attrPath, autoArgs)
		v = ev.force(v)
		if autoArgs != nil {
			v = ev.autoCall(v, autoArgs)
		}
		switch {
		case o.XML:
			out, _ = ev.toXML(v, o.Strict, o.Location)
		case o.JSON:
			var b strings.Builder
			var ctx ctxBuilder
			ev.writeJSON(&b, v, o.Strict, &ctx, Pos{})
			out = b.String()
		default:
			if o.Strict {
				ev.ForceDeep(v)
			}
			out = PrintValue(v)
		}
	})
	return
}

// autoCall calls a function with formals with the matching auto arguments
// (--arg/--argstr), as Nix's autoCallFunction does.
func (ev *Evaluator) autoCall(v Value, args *Attrs) Value {
	v = ev.force(v)
	if s, ok := v.(*Attrs); ok {
		if f, ok := s.Get("__functor"); ok {
			g := ev.call1(ev.force(f), s, Pos{})
			return ev.autoCall(g, args)
		}
		return v
	}
	l, ok := v.(*Lambda)
	if !ok || l.fn.formals == nil {
		return v
	}
	if args == nil {
		args = emptyAttrs
	}
	fm := l.fn.formals
	var pass []Attr
	if fm.ellipsis {
		pass = args.All()
	} else {
		for i, name := range fm.names {
			if a := args.GetAttr(name); a != nil {
				pass = append(pass, *a)
			} else if fm.defaults[i] == nil {
				errorf(KindEval, l.fn.p, "cannot evaluate a function that has an argument without a value ('%s')", name)
			}
		}
	}
	return ev.call1(l, NewAttrs(pass), Pos{})
}

// splitAttrPath splits "a.b.\"c.d\"" into its components.
func splitAttrPath(s string) []string {
	var out []string
	var cur strings.Builder
	inQuote := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			inQuote = !inQuote
		case c == '.' && !inQuote:
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	return append(out, cur.String())
}

// findAlongAttrPath selects attrPath from v as Nix's findAlongAttrPath
// does: before each selection the value is auto-called.
func (ev *Evaluator) findAlongAttrPath(v Value, attrPath string, autoArgs *Attrs) Value {
	if attrPath == "" {
		return v
	}
	for _, comp := range splitAttrPath(attrPath) {
		v = ev.autoCall(v, autoArgs)
		if comp == "" {
			errorf(KindEval, Pos{}, "empty attribute name in selection path '%s'", attrPath)
		}
		v = ev.force(v)
		if n, err := strconv.Atoi(comp); err == nil {
			l, ok := v.(*List)
			if !ok {
				errorf(KindType, Pos{}, "the expression selected by the selection path '%s' should be a list but is %s", attrPath, typeName(v))
			}
			if n < 0 || n >= len(l.Items) {
				errorf(KindEval, Pos{}, "list index %d in selection path '%s' is out of range", n, attrPath)
			}
			v = l.Items[n]
		} else {
			s, ok := v.(*Attrs)
			if !ok {
				errorf(KindType, Pos{}, "the expression selected by the selection path '%s' should be a set but is %s", attrPath, typeName(v))
			}
			x, found := s.Get(comp)
			if !found {
				errorf(KindEval, Pos{}, "attribute '%s' in selection path '%s' not found", comp, attrPath)
			}
			v = x
		}
	}
	return v
}
