package eval

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/p2pnix/tvix/eval/internal/nixfloat"
	"github.com/p2pnix/tvix/eval/internal/nixjson"
	"github.com/p2pnix/tvix/eval/internal/nixtoml"
	"github.com/p2pnix/tvix/eval/syntax"
)

// writeJSON writes v as Nix's printValueAsJSON does. strict forces values;
// otherwise an unevaluated thunk is an error. Paths are copied to the
// store when copyToStore is set (their store path is written), as Nix does.
func (ev *Evaluator) writeJSON(b *strings.Builder, v Value, strict bool, ctx *ctxBuilder, pos Pos) {
	if strict {
		v = ev.force(v)
	} else if t, ok := v.(*Thunk); ok {
		if t.n != nil {
			errorf(KindType, pos, "cannot convert a thunk to JSON")
		}
		v = t.v
	}
	switch x := v.(type) {
	case Int:
		b.WriteString(strconv.FormatInt(int64(x), 10))
	case Float:
		var buf [32]byte
		b.Write(nixfloat.AppendFormatJSON(buf[:0], float64(x)))
	case Bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case Null:
		b.WriteString("null")
	case *Str:
		ctx.add(x.Ctx)
		writeJSONString(b, x.S, pos)
	case Path:
		writeJSONString(b, ev.coerceToString(x, pos, ctx, false, true), pos)
	case *List:
		ev.writeJSONList(b, x, strict, ctx, pos)
	case *Attrs:
		if _, ok := x.Get("__toString"); ok {
			writeJSONString(b, ev.coerceToString(x, pos, ctx, false, true), pos)
			return
		}
		if o, ok := x.Get("outPath"); ok {
			ev.writeJSON(b, o, strict, ctx, pos)
			return
		}
		ev.writeJSONAttrs(b, x, strict, ctx, pos)
	case *Lambda:
		errorf(KindType, x.fn.p, "cannot convert a function to JSON")
	case *Builtin:
		errorf(KindType, pos, "cannot convert the built-in function '%s' to JSON", x.Name)
	case *PartialApp:
		errorf(KindType, pos, "cannot convert the partially applied built-in function '%s' to JSON", x.B.Name)
	default:
		errorf(KindType, pos, "cannot convert %s to JSON", typeName(v))
	}
}

// writeJSONList writes a list; an error in an element is traced to it.
func (ev *Evaluator) writeJSONList(b *strings.Builder, x *List, strict bool, ctx *ctxBuilder, pos Pos) {
	i := 0
	calls := len(ev.calls)
	defer func() {
		if r := recover(); r != nil {
			addTrace(r, calls, fmt.Sprintf("while evaluating list element at index %d", i), pos, true)
		}
	}()
	b.WriteByte('[')
	for ; i < len(x.Items); i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		ev.writeJSON(b, x.Items[i], strict, ctx, pos)
	}
	b.WriteByte(']')
}

// writeJSONAttrs writes a set's attributes; an error in one is traced to it.
func (ev *Evaluator) writeJSONAttrs(b *strings.Builder, x *Attrs, strict bool, ctx *ctxBuilder, pos Pos) {
	var cur *Attr
	calls := len(ev.calls)
	defer func() {
		if r := recover(); r != nil {
			addTrace(r, calls, "while evaluating attribute '"+syntax.Ident(cur.Name)+"'", derefPos(cur.Pos), true)
		}
	}()
	b.WriteByte('{')
	all := x.All()
	for i := range all {
		cur = &all[i]
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(b, cur.Name, pos)
		b.WriteByte(':')
		ev.writeJSON(b, cur.Val, strict, ctx, derefPos(cur.Pos))
	}
	b.WriteByte('}')
}

// writeJSONString writes s as a JSON string; Nix refuses s unless UTF-8.
func writeJSONString(b *strings.Builder, s string, pos Pos) {
	if err := nixjson.CheckUTF8(s); err != nil {
		errorf(KindEval, pos, "%v", err)
	}
	b.Write(nixjson.AppendString(nil, s))
}

// ToJSON renders v as JSON, forcing it deeply (builtins.toJSON, --json).
func (ev *Evaluator) ToJSON(v Value, strict bool) (s string, ctx *Context, err error) {
	err = ev.catch(func() {
		var b strings.Builder
		var cb ctxBuilder
		ev.writeJSON(&b, v, strict, &cb, Pos{})
		s, ctx = b.String(), cb.result()
	})
	return
}

func init() {
	register("toJSON", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		var b strings.Builder
		var ctx ctxBuilder
		ev.writeJSON(&b, a[0], true, &ctx, Pos{}) // Nix places its frames nowhere at the top
		return &Str{S: b.String(), Ctx: ctx.result()}
	})
	register("fromJSON", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		s := ev.forceStr(a[0], pos)
		v, err := nixjson.Decode(s.S)
		if err != nil {
			var se *nixjson.SyntaxError
			if errors.As(err, &se) {
				// Nix's JSON library's words, under Nix's frame.
				m := nixjson.Explain(s.S)
				if m == "" {
					m = "[json.exception.out_of_range.406] " + se.Msg
				}
				panic(&Error{Kind: KindEval, Msg: m, Pos: pos,
					Trace: []TraceFrame{{Msg: "while decoding a JSON string", Shown: true}}})
			}
			errorf(KindEval, pos, "%v", err)
		}
		return fromPlain(v)
	})
	register("fromTOML", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		s := ev.forceStr(a[0], pos)
		m, err := nixtoml.Decode(s.S)
		if err != nil {
			if msg := nixtoml.Explain(err); msg != "" {
				errorf(KindEval, pos, "while parsing TOML: %s", msg)
			}
			errorf(KindEval, pos, "while parsing TOML: %v", err)
		}
		return fromPlain(m)
	})
}

// fromPlain converts decoded JSON/TOML data (nil, bool, int64, float64,
// string, []any, map[string]any) into Nix values.
func fromPlain(v any) Value {
	switch x := v.(type) {
	case nil:
		return vNull
	case bool:
		return MkBool(x)
	case int64:
		return MkInt(x)
	case float64:
		return Float(x)
	case string:
		return MkStr(x)
	case []any:
		items := make([]Value, len(x))
		for i, e := range x {
			items[i] = fromPlain(e)
		}
		return MkList(items)
	case map[string]any:
		attrs := make([]Attr, 0, len(x))
		for k, e := range x {
			attrs = append(attrs, Attr{Name: k, Val: fromPlain(e)})
		}
		return NewAttrs(attrs)
	}
	panic(fmt.Sprintf("fromPlain: unexpected %T", v))
}
