package eval

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/p2pnix/tvix/eval/internal/nixfloat"
	"github.com/p2pnix/tvix/eval/internal/nixpath"
)

// coerceToString converts v to a string as Nix's coerceToString does.
// coerceMore also converts booleans, numbers, null and lists (toString);
// copyToStore copies path values into the store (interpolation).
func (ev *Evaluator) coerceToString(v Value, pos Pos, ctx *ctxBuilder, coerceMore, copyToStore bool) string {
	return ev.coerceToStringIn(v, pos, ctx, coerceMore, copyToStore, "", Pos{})
}

// coerceToStringIn is coerceToString where an error met in an element of
// a list v gets frame at framePos, Nix's errorCtx of the coercion ("" for
// none), and the frames of coercions within it framePos.
func (ev *Evaluator) coerceToStringIn(v Value, pos Pos, ctx *ctxBuilder, coerceMore, copyToStore bool, frame string, framePos Pos) string {
	v = ev.force(v)
	switch x := v.(type) {
	case *Str:
		ctx.add(x.Ctx)
		return x.S
	case Path:
		if copyToStore {
			p := ev.copyPathToStore(string(x), pos)
			ctx.add(NewContext(p))
			return p
		}
		return string(x)
	case *Attrs:
		if f, ok := x.Get("__toString"); ok {
			r := ev.force(ev.callValue(ev.force(f), x, pos))
			return ev.coerceFramed(r, pos, ctx, coerceMore, copyToStore, "while evaluating the result of the `__toString` attribute", framePos)
		}
		if o, ok := x.Get("outPath"); ok {
			return ev.coerceToStringIn(o, pos, ctx, coerceMore, copyToStore, frame, framePos)
		}
	}
	if coerceMore {
		switch x := v.(type) {
		case Bool:
			if x {
				return "1"
			}
			return ""
		case Int:
			return strconv.FormatInt(int64(x), 10)
		case Float:
			return formatFloatToString(float64(x))
		case Null:
			return ""
		case *List:
			var b strings.Builder
			for i, it := range x.Items {
				b.WriteString(ev.coerceElem(it, pos, ctx, copyToStore, frame, framePos))
				if i < len(x.Items)-1 {
					if l, ok := ev.force(it).(*List); !ok || len(l.Items) != 0 {
						b.WriteByte(' ')
					}
				}
			}
			return b.String()
		}
	}
	panic(&Error{Kind: KindType, Pos: pos, val: v, uncoerced: true,
		Msg: fmt.Sprintf("cannot coerce %s to a string: %s", typeName(v), errorValue(v))})
}

// coerceFramed coerces v as coerceToStringIn does; a value it cannot
// coerce is reported under errCtx at errPos, as Nix reports it under the
// errorCtx of its coerceToString call.
func (ev *Evaluator) coerceFramed(v Value, pos Pos, ctx *ctxBuilder, coerceMore, copyToStore bool, errCtx string, errPos Pos) string {
	calls := len(ev.calls)
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(*Error); ok && e.uncoerced {
				e.uncoerced = false
				if errPos.IsValid() && e.Pos == errPos {
					e.Pos = Pos{} // the frame names it
				}
				e.Trace = append(e.Trace, TraceFrame{Msg: errCtx, Pos: errPos, Shown: true, calls: calls + 1})
			}
			panic(r)
		}
	}()
	return ev.coerceToStringIn(v, pos, ctx, coerceMore, copyToStore, errCtx, errPos)
}

// coerceElem coerces an element of a list as toString does. As in Nix, an
// error about the element itself gets the frame of a list element, and
// every error the list's frame.
func (ev *Evaluator) coerceElem(it Value, pos Pos, ctx *ctxBuilder, copyToStore bool, frame string, framePos Pos) string {
	calls := len(ev.calls)
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(*Error); ok {
				if e.uncoerced {
					e.uncoerced = false
					e.Trace = append(e.Trace, TraceFrame{Msg: elemFrame, Pos: framePos, Shown: true, calls: calls + 1})
				}
				if frame != "" {
					e.Trace = append(e.Trace, TraceFrame{Msg: frame, Pos: framePos, Shown: true, calls: calls + 1})
				}
			}
			panic(r)
		}
	}()
	return ev.coerceToStringIn(it, pos, ctx, true, copyToStore, elemFrame, framePos)
}

// elemFrame is Nix's errorCtx for coercing an element of a list.
const elemFrame = "while evaluating one element of the list"

// formatFloatToString formats like C++ std::to_string (printf "%f").
func formatFloatToString(f float64) string { return nixfloat.FormatFixed(f) }

// errPathMissing marks the error of copying a path that does not exist,
// which Nix 2.26 reports under no frame of the string being built.
var errPathMissing = errors.New("path does not exist")

// copyPathToStore adds a filesystem path to the store through the hooks.
func (ev *Evaluator) copyPathToStore(p string, pos Pos) string {
	if ev.opts.Store == nil {
		errorf(KindEval, pos, "cannot copy '%s' to the store: %v", p, ErrNoStore)
	}
	if sp, ok := ev.storeCopies[p]; ok {
		return sp
	}
	if _, err := os.Lstat(ev.diskPath(p)); errors.Is(err, fs.ErrNotExist) {
		panic(&Error{Kind: KindEval, Msg: "path '" + p + "' does not exist", Err: errPathMissing})
	}
	sp, err := ev.opts.Store.AddPath(ev.ctx, p, baseNameOf(p))
	if err != nil {
		errorf(KindEval, pos, "copying '%s' to the store: %v", p, err)
	}
	if ev.storeCopies == nil {
		ev.storeCopies = map[string]string{}
	}
	ev.storeCopies[p] = sp
	return sp
}

// canonPath makes an absolute path canonical as Nix does: no ".", ".."
// or repeated slashes, no trailing slash (symlinks are not resolved).
func canonPath(p string) string {
	if c, ok := nixpath.Canon(p); ok {
		return c
	}
	c, _ := nixpath.Canon("/" + p)
	return c
}

func baseNameOf(p string) string { return nixpath.BaseNameOf(p) }

// forceStrCtx forces v, requires a string (no coercion, as Nix's
// forceString) and adds its context to ctx.
func (ev *Evaluator) forceStrCtx(v Value, pos Pos, ctx *ctxBuilder) string {
	s := ev.forceStr(v, pos)
	ctx.add(s.Ctx)
	return s.S
}

// forceArg forces v as Nix 2.26's forceString, forceInt and
// forceFunction do: when v
// is an argument of the builtin call in progress, not yet evaluated, an
// error raised in evaluating it comes from within that argument's frame.
func (ev *Evaluator) forceArg(v Value) Value {
	n := len(ev.calls)
	if t, ok := v.(*Thunk); !ok || t.n == nil || n == 0 {
		return ev.force(v)
	}
	c := ev.calls[n-1]
	name := c.name
	if name == "foldl'" {
		name = "foldlStrict" // its name in Nix's sources
	}
	msgs := argFrames[name]
	for i, a := range c.args[:min(len(c.args), len(msgs))] {
		if a == v && msgs[i] != "" {
			defer func() {
				if r := recover(); r != nil {
					addTrace(r, n, msgs[i], Pos{}, true)
				}
			}()
			break
		}
	}
	return ev.force(v)
}

// forceStrIn is forceStr where Nix 2.26 calls forceString with a frame
// of its own (an element of a list argument, builtins.warn's message):
// any error in evaluating v, or v not being a string, comes from within
// that frame.
func (ev *Evaluator) forceStrIn(v Value, pos Pos, frame string) *Str {
	if s, ok := v.(*Str); ok {
		return s
	}
	calls := len(ev.calls)
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(*Error); ok && e.val != nil && e.val == forcedOrNil(v) {
				e.val = nil // framed here, not as an argument too
			}
			addTrace(r, calls, frame, Pos{}, true)
		}
	}()
	v = ev.force(v)
	s, ok := v.(*Str)
	if !ok {
		typeError(pos, v, "a string")
	}
	return s
}

// forcedOrNil returns v's value if it is known without evaluating.
func forcedOrNil(v Value) Value {
	if x, ok := forcedValue(v); ok {
		return x
	}
	return nil
}

// forceStr forces v and requires a string.
func (ev *Evaluator) forceStr(v Value, pos Pos) *Str {
	v = ev.forceArg(v)
	s, ok := v.(*Str)
	if !ok {
		typeError(pos, v, "a string")
	}
	return s
}

func (ev *Evaluator) forceInt(v Value, pos Pos) int64 {
	v = ev.forceArg(v)
	i, ok := v.(Int)
	if !ok {
		typeError(pos, v, "an integer")
	}
	return int64(i)
}

func (ev *Evaluator) forceBool(v Value, pos Pos) bool {
	v = ev.force(v)
	b, ok := v.(Bool)
	if !ok {
		typeError(pos, v, "a Boolean")
	}
	return bool(b)
}

func (ev *Evaluator) forceList(v Value, pos Pos) *List {
	v = ev.force(v)
	l, ok := v.(*List)
	if !ok {
		typeError(pos, v, "a list")
	}
	return l
}

func (ev *Evaluator) forceAttrs(v Value, pos Pos) *Attrs {
	v = ev.force(v)
	s, ok := v.(*Attrs)
	if !ok {
		typeError(pos, v, "a set")
	}
	return s
}

func (ev *Evaluator) forceFunction(v Value, pos Pos) Value {
	v = ev.forceArg(v)
	if !isFunction(v) {
		typeError(pos, v, "a function")
	}
	return v
}

// isFunction reports whether v (forced) can be called: a function or a
// set with __functor.
func isFunction(v Value) bool {
	switch x := v.(type) {
	case *Lambda, *Builtin, *PartialApp:
		return true
	case *Attrs:
		_, ok := x.Get("__functor")
		return ok
	}
	return false
}

// coercePath coerces v to an absolute path string (for readFile etc.).
func (ev *Evaluator) coercePath(v Value, pos Pos) string {
	var ctx ctxBuilder
	s := ev.coerceToString(v, pos, &ctx, false, false)
	if s == "" || s[0] != '/' {
		ev.notAbsolute(s, v, pos)
	}
	return s
}
