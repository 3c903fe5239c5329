package eval

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"strconv"
	"strings"

	"github.com/p2pnix/tvix/eval/internal/nixpath"
	"github.com/p2pnix/tvix/eval/internal/nixregex"
	"github.com/p2pnix/tvix/eval/internal/nixversion"
)

// smallIntStrs holds toString's results for integers in
// [-smallIntStrsOff, smallIntStrsOff), index i+smallIntStrsOff.
var smallIntStrs = func() (a [2 * smallIntStrsOff]Str) {
	for i := range a {
		a[i].S = strconv.Itoa(i - smallIntStrsOff)
	}
	return
}()

const smallIntStrsOff = 1024

// intStr is an entry of Evaluator.intStrs: toString's result for i.
type intStr struct {
	i int64
	s *Str
}

func init() {
	register("toString", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		// Strings are immutable: a string is its own result, and small
		// integers' strings are shared.
		switch x := ev.force(a[0]).(type) {
		case *Str:
			return x
		case Int:
			if x >= -smallIntStrsOff && x < smallIntStrsOff {
				return &smallIntStrs[x+smallIntStrsOff]
			}
			// Larger integers go through a small direct-mapped cache:
			// the same one is often converted many times in a row.
			c := &ev.intStrs[uint64(x)%uint64(len(ev.intStrs))]
			if c.s == nil || c.i != int64(x) {
				*c = intStr{int64(x), &Str{S: strconv.FormatInt(int64(x), 10)}}
			}
			return c.s
		}
		var ctx ctxBuilder
		s := ev.coerceFramed(a[0], pos, &ctx, true, false, argFrames["toString"][0], Pos{})
		return &Str{S: s, Ctx: ctx.result()}
	})
	register("stringLength", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		var ctx ctxBuilder
		return MkInt(int64(len(ev.coerceToString(a[0], pos, &ctx, false, true))))
	})
	register("substring", 3, func(ev *Evaluator, a []Value, pos Pos) Value {
		start := ev.forceInt(a[0], pos)
		n := ev.forceInt(a[1], pos)
		var ctx ctxBuilder
		s := ev.coerceToString(a[2], pos, &ctx, false, true)
		if start < 0 {
			errorf(KindEval, pos, "negative start position in 'substring'")
		}
		if start >= int64(len(s)) {
			return &Str{Ctx: ctx.result()}
		}
		end := int64(len(s))
		if n >= 0 && start+n < end {
			end = start + n
		}
		return &Str{S: s[start:end], Ctx: ctx.result()}
	})
	register("concatStringsSep", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		var ctx ctxBuilder
		sep := ev.forceStrCtx(a[0], pos, &ctx)
		l := ev.forceList(a[1], pos)
		var b strings.Builder
		for i, x := range l.Items {
			if i > 0 {
				b.WriteString(sep)
			}
			b.WriteString(ev.coerceToString(x, pos, &ctx, false, true))
		}
		return &Str{S: b.String(), Ctx: ctx.result()}
	})
	register("replaceStrings", 3, func(ev *Evaluator, a []Value, pos Pos) Value {
		from := ev.forceList(a[0], pos)
		to := ev.forceList(a[1], pos)
		if len(from.Items) != len(to.Items) {
			errorf(KindEval, pos, "'from' and 'to' arguments passed to builtins.replaceStrings have different lengths")
		}
		var fromBuf [16]string
		froms := fromBuf[:0]
		// first marks the bytes a non-empty pattern starts with: the
		// others are copied without trying the patterns, unless one is
		// empty (it matches everywhere).
		var first [256]bool
		hasEmpty := false
		for _, x := range from.Items {
			f := ev.forceStrIn(x, pos, "while evaluating one of the strings to replace passed to builtins.replaceStrings").S
			froms = append(froms, f)
			if f == "" {
				hasEmpty = true
			} else {
				first[f[0]] = true
			}
		}
		var ctx ctxBuilder
		s := ev.coerceToString(a[2], pos, &ctx, false, true)
		// As in Nix 2.26, a replacement is forced (and its context kept)
		// only once it is used.
		var tosBuf [16]*Str
		var tos []*Str
		if len(to.Items) <= len(tosBuf) {
			tos = tosBuf[:len(to.Items)]
		} else {
			tos = make([]*Str, len(to.Items))
		}
		var b strings.Builder
		for p := 0; p <= len(s); {
			if !hasEmpty {
				q := p
				for q < len(s) && !first[s[q]] {
					q++
				}
				if q == len(s) && p == 0 {
					return &Str{S: s, Ctx: ctx.result()} // nothing to replace
				}
				b.WriteString(s[p:q])
				if p = q; p == len(s) {
					break
				}
			}
			found := false
			for i, f := range froms {
				if strings.HasPrefix(s[p:], f) {
					found = true
					if tos[i] == nil {
						tos[i] = ev.forceStrIn(to.Items[i], pos, "while evaluating one of the replacement strings passed to builtins.replaceStrings")
						ctx.add(tos[i].Ctx)
					}
					b.WriteString(tos[i].S)
					if f == "" {
						if p < len(s) {
							b.WriteByte(s[p])
						}
						p++
					} else {
						p += len(f)
					}
					break
				}
			}
			if !found {
				if p < len(s) {
					b.WriteByte(s[p])
				}
				p++
			}
		}
		return &Str{S: b.String(), Ctx: ctx.result()}
	})
	register("baseNameOf", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		var ctx ctxBuilder
		s := ev.coerceToString(a[0], pos, &ctx, false, false)
		return &Str{S: nixpath.BaseNameOf(s), Ctx: ctx.result()}
	})
	register("dirOf", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		v := ev.force(a[0])
		if p, ok := v.(Path); ok {
			return Path(nixpath.DirOf(string(p)))
		}
		var ctx ctxBuilder
		s := ev.coerceToString(v, pos, &ctx, false, false)
		return &Str{S: nixpath.DirOf(s), Ctx: ctx.result()}
	})
	register("toPath", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		var ctx ctxBuilder
		s := ev.coerceToString(a[0], pos, &ctx, false, false)
		if s == "" || s[0] != '/' {
			ev.notAbsolute(s, a[0], pos)
		}
		return &Str{S: canonPath(s), Ctx: ctx.result()}
	})
	register("hashString", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		algo := ev.forceStr(a[0], pos).S
		var ctx ctxBuilder
		s := ev.forceStrCtx(a[1], pos, &ctx)
		h := newHash(algo, pos)
		h.Write([]byte(s))
		return MkStr(hex.EncodeToString(h.Sum(nil)))
	})
	register("match", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		re := ev.regex(ev.forceStr(a[0], pos).S, pos)
		var ctx ctxBuilder
		s := ev.forceStrCtx(a[1], pos, &ctx)
		m, err := re.MatchIndex(s)
		if err != nil {
			errorf(KindEval, pos, "%v", err)
		}
		if m == nil {
			return vNull
		}
		return MkList(regexGroups(s, m))
	})
	register("split", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		re := ev.regex(ev.forceStr(a[0], pos).S, pos)
		var ctx ctxBuilder
		s := ev.forceStrCtx(a[1], pos, &ctx)
		all, err := re.SplitIndex(s)
		if err != nil {
			errorf(KindEval, pos, "%v", err)
		}
		out := make([]Value, 0, 2*len(all)+1)
		prev := 0
		for _, m := range all {
			out = append(out, MkStr(s[prev:m[0]]), MkList(regexGroups(s, m)))
			prev = m[1]
		}
		out = append(out, MkStr(s[prev:]))
		return MkList(out)
	})
	register("compareVersions", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		return MkInt(int64(nixversion.Compare(ev.forceStr(a[0], pos).S, ev.forceStr(a[1], pos).S)))
	})
	register("splitVersion", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		parts := nixversion.Split(ev.forceStr(a[0], pos).S)
		out := make([]Value, len(parts))
		for i, c := range parts {
			out[i] = MkStr(c)
		}
		return MkList(out)
	})
	register("parseDrvName", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		name, version := nixversion.ParseDrvName(ev.forceStr(a[0], pos).S)
		return &Attrs{a: []Attr{{Name: "name", Val: MkStr(name)}, {Name: "version", Val: MkStr(version)}}}
	})
	register("hasContext", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		return MkBool(ev.forceStr(a[0], pos).Ctx.Len() > 0)
	})
	register("unsafeDiscardStringContext", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		s := ev.forceStr(a[0], pos)
		if s.Ctx == nil {
			return s
		}
		return MkStr(s.S)
	})
	register("unsafeDiscardOutputDependency", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		var ctx ctxBuilder
		s := ev.coerceToString(a[0], pos, &ctx, false, true)
		var elems []string
		for _, e := range ev.contextElems(ctx.result(), pos) {
			if e.Kind == CtxAllOutputs {
				e.Kind = CtxPath
			}
			elems = append(elems, e.String())
		}
		return &Str{S: s, Ctx: NewContext(elems...)}
	})
	// addDrvOutputDependencies turns the single plain .drv path in its
	// argument's context into a dependency on all the drv's outputs.
	register("addDrvOutputDependencies", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		var ctx ctxBuilder
		s := ev.coerceToString(a[0], pos, &ctx, false, true)
		elems := ev.contextElems(ctx.result(), pos)
		if len(elems) != 1 {
			errorf(KindEval, pos, "context of string '%s' must have exactly one element, but has %d", s, len(elems))
		}
		e := elems[0]
		switch {
		case e.Kind == CtxOutput:
			errorf(KindEval, pos, "`addDrvOutputDependencies` can only act on derivations, not on a derivation output such as '%s'", e.Output)
		case e.Kind == CtxPath && !strings.HasSuffix(e.Path, ".drv"):
			errorf(KindEval, pos, "path '%s' is not a derivation", e.Path)
		}
		e.Kind = CtxAllOutputs
		return &Str{S: s, Ctx: NewContext(e.String())}
	})
	register("getContext", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		s := ev.forceStr(a[0], pos)
		type info struct {
			path    bool
			allOuts bool
			outs    []string
		}
		m := map[string]*info{}
		get := func(p string) *info {
			if m[p] == nil {
				m[p] = &info{}
			}
			return m[p]
		}
		for _, e := range ev.contextElems(s.Ctx, pos) {
			in := get(e.Path)
			switch e.Kind {
			case CtxAllOutputs:
				in.allOuts = true
			case CtxOutput:
				in.outs = append(in.outs, e.Output)
			default:
				in.path = true
			}
		}
		out := make([]Attr, 0, len(m))
		for p, in := range m {
			var as []Attr
			if in.allOuts {
				as = append(as, Attr{Name: "allOutputs", Val: vTrue})
			}
			if len(in.outs) > 0 {
				ol := make([]Value, len(in.outs))
				for i, o := range in.outs {
					ol[i] = MkStr(o)
				}
				as = append(as, Attr{Name: "outputs", Val: MkList(ol)})
			}
			if in.path {
				as = append(as, Attr{Name: "path", Val: vTrue})
			}
			out = append(out, Attr{Name: p, Val: NewAttrs(as)})
		}
		return NewAttrs(out)
	})
	register("appendContext", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		s := ev.forceStr(a[0], pos)
		c := ev.forceAttrs(a[1], pos)
		var elems []string
		for _, at := range c.All() {
			info := ev.forceAttrs(at.Val, pos)
			if v, ok := info.Get("path"); ok && ev.forceBool(v, pos) {
				elems = append(elems, ContextElem{Kind: CtxPath, Path: at.Name}.String())
			}
			if v, ok := info.Get("allOutputs"); ok && ev.forceBool(v, pos) {
				elems = append(elems, ContextElem{Kind: CtxAllOutputs, Path: at.Name}.String())
			}
			if v, ok := info.Get("outputs"); ok {
				for _, o := range ev.forceList(v, pos).Items {
					elems = append(elems, ContextElem{Kind: CtxOutput, Path: at.Name, Output: ev.forceStr(o, pos).S}.String())
				}
			}
		}
		return &Str{S: s.S, Ctx: MergeContexts(s.Ctx, NewContext(elems...))}
	})
}

func newHash(algo string, pos Pos) hash.Hash {
	switch algo {
	case "md5":
		return md5.New()
	case "sha1":
		return sha1.New()
	case "sha256":
		return sha256.New()
	case "sha512":
		return sha512.New()
	}
	unknownHashAlgo(algo, pos)
	return nil
}

// unknownHashAlgo aborts on an unknown hash algorithm, with Nix's usage
// error.
func unknownHashAlgo(algo string, pos Pos) {
	panic(&Error{Kind: KindEval, Pos: pos, Usage: true, Msg: fmt.Sprintf("unknown hash algorithm '%s', expect 'md5', 'sha1', 'sha256', or 'sha512'", algo)})
}

// regex compiles (and caches) a regular expression with the grammar Nix
// 2.8 uses (libstdc++'s std::regex extended).
func (ev *Evaluator) regex(src string, pos Pos) *nixregex.Regexp {
	if re, ok := ev.regexCache[src]; ok {
		return re
	}
	re, err := nixregex.Compile(src)
	if err != nil {
		errorf(KindEval, pos, "invalid regular expression '%s'", src)
	}
	if ev.regexCache == nil {
		ev.regexCache = map[string]*nixregex.Regexp{}
	}
	ev.regexCache[src] = re
	return re
}

func regexGroups(s string, m []int) []Value {
	out := make([]Value, 0, len(m)/2-1)
	for i := 2; i < len(m); i += 2 {
		if m[i] < 0 {
			out = append(out, vNull)
		} else {
			out = append(out, MkStr(s[m[i]:m[i+1]]))
		}
	}
	return out
}
