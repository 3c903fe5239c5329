package eval

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"hash"
	"regexp"
	"strings"
)

func init() {
	registerGlobal("toString", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		var ctx ctxBuilder
		s := ev.coerceToString(a[0], pos, &ctx, true, false)
		return &Str{S: s, Ctx: ctx.c}
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
			return &Str{Ctx: ctx.c}
		}
		end := int64(len(s))
		if n >= 0 && start+n < end {
			end = start + n
		}
		return &Str{S: s[start:end], Ctx: ctx.c}
	})
	register("concatStringsSep", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		var ctx ctxBuilder
		sep := ev.coerceToString(a[0], pos, &ctx, false, true)
		l := ev.forceList(a[1], pos)
		var b strings.Builder
		for i, x := range l.Items {
			if i > 0 {
				b.WriteString(sep)
			}
			b.WriteString(ev.coerceToString(x, pos, &ctx, false, true))
		}
		return &Str{S: b.String(), Ctx: ctx.c}
	})
	register("replaceStrings", 3, func(ev *Evaluator, a []Value, pos Pos) Value {
		from := ev.forceList(a[0], pos)
		to := ev.forceList(a[1], pos)
		if len(from.Items) != len(to.Items) {
			errorf(KindEval, pos, "'from' and 'to' arguments to 'replaceStrings' have different lengths")
		}
		var ctx ctxBuilder
		s := ev.coerceToString(a[2], pos, &ctx, false, true)
		froms := make([]string, len(from.Items))
		for i, x := range from.Items {
			froms[i] = ev.forceStr(x, pos).S
		}
		tos := make([]*Str, len(to.Items))
		var b strings.Builder
		for p := 0; p <= len(s); {
			found := false
			for i, f := range froms {
				if strings.HasPrefix(s[p:], f) {
					found = true
					if tos[i] == nil {
						tos[i] = ev.forceStr(to.Items[i], pos)
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
		return &Str{S: b.String(), Ctx: ctx.c}
	})
	registerGlobal("baseNameOf", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		var ctx ctxBuilder
		s := ev.coerceToString(a[0], pos, &ctx, false, false)
		return &Str{S: nixBaseName(s), Ctx: ctx.c}
	})
	registerGlobal("dirOf", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		v := ev.force(a[0])
		if p, ok := v.(Path); ok {
			return Path(nixDirOf(string(p)))
		}
		var ctx ctxBuilder
		s := ev.coerceToString(v, pos, &ctx, false, false)
		return &Str{S: nixDirOf(s), Ctx: ctx.c}
	})
	register("toPath", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		var ctx ctxBuilder
		s := ev.coerceToString(a[0], pos, &ctx, false, false)
		if s == "" || s[0] != '/' {
			errorf(KindEval, pos, "string '%s' doesn't represent an absolute path", s)
		}
		return &Str{S: canonPath(s), Ctx: ctx.c}
	})
	register("hashString", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		algo := ev.forceStr(a[0], pos).S
		var ctx ctxBuilder
		s := ev.coerceToString(a[1], pos, &ctx, false, false)
		h := newHash(algo, pos)
		h.Write([]byte(s))
		return MkStr(hex.EncodeToString(h.Sum(nil)))
	})
	register("match", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		re := ev.regex(ev.forceStr(a[0], pos).S, true, pos)
		var ctx ctxBuilder
		s := ev.coerceToString(a[1], pos, &ctx, false, false)
		m := re.FindStringSubmatchIndex(s)
		if m == nil {
			return vNull
		}
		return MkList(captures(s, m))
	})
	register("split", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		re := ev.regex(ev.forceStr(a[0], pos).S, false, pos)
		var ctx ctxBuilder
		s := ev.coerceToString(a[1], pos, &ctx, false, false)
		all := re.FindAllStringSubmatchIndex(s, -1)
		out := make([]Value, 0, 2*len(all)+1)
		prev := 0
		for _, m := range all {
			out = append(out, MkStr(s[prev:m[0]]), MkList(captures(s, m)))
			prev = m[1]
		}
		out = append(out, MkStr(s[prev:]))
		return MkList(out)
	})
	register("compareVersions", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		return MkInt(int64(compareVersions(ev.forceStr(a[0], pos).S, ev.forceStr(a[1], pos).S)))
	})
	register("splitVersion", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		s := ev.forceStr(a[0], pos).S
		var out []Value
		for p := 0; p < len(s); {
			c := nextVersionComponent(s, &p)
			if c == "" {
				break
			}
			out = append(out, MkStr(c))
		}
		return MkList(out)
	})
	register("parseDrvName", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		s := ev.forceStr(a[0], pos).S
		name, version := s, ""
		for i := 0; i < len(s); i++ {
			if s[i] == '-' && i+1 < len(s) && !isAlpha(s[i+1]) {
				name, version = s[:i], s[i+1:]
				break
			}
		}
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
		s := ev.forceStr(a[0], pos)
		var elems []string
		for _, e := range s.Ctx.Elems() {
			elems = append(elems, strings.TrimPrefix(e, "="))
		}
		return &Str{S: s.S, Ctx: NewContext(elems...)}
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
		for _, e := range s.Ctx.Elems() {
			switch {
			case strings.HasPrefix(e, "="):
				get(e[1:]).allOuts = true
			case strings.HasPrefix(e, "!"):
				rest := e[1:]
				i := strings.IndexByte(rest, '!')
				in := get(rest[i+1:])
				in.outs = append(in.outs, rest[:i])
			default:
				get(e).path = true
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
				elems = append(elems, at.Name)
			}
			if v, ok := info.Get("allOutputs"); ok && ev.forceBool(v, pos) {
				elems = append(elems, "="+at.Name)
			}
			if v, ok := info.Get("outputs"); ok {
				for _, o := range ev.forceList(v, pos).Items {
					elems = append(elems, "!"+ev.forceStr(o, pos).S+"!"+at.Name)
				}
			}
		}
		return &Str{S: s.S, Ctx: MergeContexts(s.Ctx, NewContext(elems...))}
	})
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func nixBaseName(p string) string {
	if p == "" {
		return ""
	}
	last := len(p) - 1
	if p[last] == '/' && last > 0 {
		last--
	}
	i := strings.LastIndexByte(p[:last+1], '/')
	return p[i+1 : last+1]
}

func nixDirOf(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return "."
	}
	if i == 0 {
		return "/"
	}
	return p[:i]
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
	errorf(KindEval, pos, "unknown hash algorithm '%s'", algo)
	return nil
}

// regex compiles (and caches) a POSIX extended regular expression;
// anchored makes it match the whole string (builtins.match).
func (ev *Evaluator) regex(src string, anchored bool, pos Pos) *regexp.Regexp {
	key := src
	if anchored {
		key = "^(?:" + src + ")$"
	}
	if re, ok := ev.regexCache[key]; ok {
		return re
	}
	re, err := regexp.CompilePOSIX(key)
	if err != nil {
		re, err = regexp.Compile(key)
	}
	if err != nil {
		errorf(KindEval, pos, "invalid regular expression '%s'", src)
	}
	if ev.regexCache == nil {
		ev.regexCache = map[string]*regexp.Regexp{}
	}
	ev.regexCache[key] = re
	return re
}

func captures(s string, m []int) []Value {
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

func nextVersionComponent(s string, p *int) string {
	for *p < len(s) && (s[*p] == '.' || s[*p] == '-') {
		*p++
	}
	if *p >= len(s) {
		return ""
	}
	start := *p
	if isDigit(s[*p]) {
		for *p < len(s) && isDigit(s[*p]) {
			*p++
		}
	} else {
		for *p < len(s) && !isDigit(s[*p]) && s[*p] != '.' && s[*p] != '-' {
			*p++
		}
	}
	return s[start:*p]
}

func versionNum(c string) (int64, bool) {
	if c == "" {
		return 0, false
	}
	var n int64
	for i := 0; i < len(c); i++ {
		if !isDigit(c[i]) {
			return 0, false
		}
		n = n*10 + int64(c[i]-'0')
	}
	return n, true
}

func componentsLT(c1, c2 string) bool {
	n1, ok1 := versionNum(c1)
	n2, ok2 := versionNum(c2)
	switch {
	case ok1 && ok2:
		return n1 < n2
	case c1 == "" && ok2:
		return true
	case c1 == "pre" && c2 != "pre":
		return true
	case c2 == "pre":
		return false
	case ok2:
		return true
	case ok1:
		return false
	}
	return c1 < c2
}

func compareVersions(v1, v2 string) int {
	p1, p2 := 0, 0
	for p1 < len(v1) || p2 < len(v2) {
		c1 := nextVersionComponent(v1, &p1)
		c2 := nextVersionComponent(v2, &p2)
		if componentsLT(c1, c2) {
			return -1
		}
		if componentsLT(c2, c1) {
			return 1
		}
	}
	return 0
}
