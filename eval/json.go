package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
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
		ctx.add(x.Ctx)
		writeJSONString(b, x.S)
	case Path:
		writeJSONString(b, ev.coerceToString(x, pos, ctx, false, true))
	case *List:
		b.WriteByte('[')
		for i, it := range x.Items {
			if i > 0 {
				b.WriteByte(',')
			}
			ev.writeJSON(b, it, strict, ctx, pos)
		}
		b.WriteByte(']')
	case *Attrs:
		if _, ok := x.Get("__toString"); ok {
			writeJSONString(b, ev.coerceToString(x, pos, ctx, false, true))
			return
		}
		if o, ok := x.Get("outPath"); ok {
			ev.writeJSON(b, o, strict, ctx, pos)
			return
		}
		b.WriteByte('{')
		for i, a := range x.All() {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, a.Name)
			b.WriteByte(':')
			ev.writeJSON(b, a.Val, strict, ctx, derefPos(a.Pos))
		}
		b.WriteByte('}')
	default:
		errorf(KindType, pos, "cannot convert %s to JSON", typeName(v))
	}
}

func writeJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString("\\n")
		case c == '\r':
			b.WriteString("\\r")
		case c == '\t':
			b.WriteString("\\t")
		case c < 0x20:
			fmt.Fprintf(b, "\\u%04x", c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}

// ToJSON renders v as JSON, forcing it deeply (builtins.toJSON, --json).
func (ev *Evaluator) ToJSON(v Value, strict bool) (s string, ctx *Context, err error) {
	err = ev.catch(func() {
		var b strings.Builder
		var cb ctxBuilder
		ev.writeJSON(&b, v, strict, &cb, Pos{})
		s, ctx = b.String(), cb.c
	})
	return
}

func init() {
	register("toJSON", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		var b strings.Builder
		var ctx ctxBuilder
		ev.writeJSON(&b, a[0], true, &ctx, pos)
		return &Str{S: b.String(), Ctx: ctx.c}
	})
	register("fromJSON", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		s := ev.forceStr(a[0], pos)
		dec := json.NewDecoder(strings.NewReader(s.S))
		dec.UseNumber()
		v, err := decodeJSON(dec)
		if err == nil {
			if _, err2 := dec.Token(); err2 != io.EOF {
				err = fmt.Errorf("trailing data")
			}
		}
		if err != nil {
			errorf(KindEval, pos, "while decoding a JSON string: %v", err)
		}
		return v
	})
}

func decodeJSON(dec *json.Decoder) (Value, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '[':
			var items []Value
			for dec.More() {
				v, err := decodeJSON(dec)
				if err != nil {
					return nil, err
				}
				items = append(items, v)
			}
			_, err := dec.Token()
			return MkList(items), err
		case '{':
			var attrs []Attr
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := decodeJSON(dec)
				if err != nil {
					return nil, err
				}
				attrs = append(attrs, Attr{Name: k.(string), Val: v})
			}
			_, err := dec.Token()
			return NewAttrs(attrs), err
		}
	case string:
		return MkStr(t), nil
	case json.Number:
		if !strings.ContainsAny(string(t), ".eE") {
			if i, err := strconv.ParseInt(string(t), 10, 64); err == nil {
				return MkInt(i), nil
			}
			// Nix stores unsigned 64-bit numbers in its signed integers.
			if u, err := strconv.ParseUint(string(t), 10, 64); err == nil {
				return MkInt(int64(u)), nil
			}
		}
		f, err := strconv.ParseFloat(string(t), 64)
		return Float(f), err
	case bool:
		return MkBool(t), nil
	case nil:
		return vNull, nil
	}
	return nil, fmt.Errorf("unexpected JSON token %v", tok)
}

var _ = bytes.MinRead
