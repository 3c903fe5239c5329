package eval

import "sort"

// Context is the set of store references a string carries, encoded as Nix
// encodes them: "/nix/store/…" for a plain path, "=/nix/store/….drv" for a
// derivation with all its outputs, and "!out!/nix/store/….drv" for one
// output of a derivation. A Context is immutable; nil is the empty context.
type Context struct {
	elems []string // sorted, no duplicates
}

// NewContext returns a context holding the given elements.
func NewContext(elems ...string) *Context {
	if len(elems) == 0 {
		return nil
	}
	e := append([]string(nil), elems...)
	sort.Strings(e)
	out := e[:0]
	for i, s := range e {
		if i > 0 && e[i-1] == s {
			continue
		}
		out = append(out, s)
	}
	return &Context{elems: out}
}

// Elems returns the context's elements in sorted order. Callers must not
// modify the slice.
func (c *Context) Elems() []string {
	if c == nil {
		return nil
	}
	return c.elems
}

// Len returns the number of elements.
func (c *Context) Len() int {
	if c == nil {
		return 0
	}
	return len(c.elems)
}

// MergeContexts returns the union of two contexts, sharing one of them when
// the other is empty or a subset of it.
func MergeContexts(a, b *Context) *Context {
	if b.Len() == 0 || a == b {
		return a
	}
	if a.Len() == 0 {
		return b
	}
	out := make([]string, 0, len(a.elems)+len(b.elems))
	i, j := 0, 0
	for i < len(a.elems) && j < len(b.elems) {
		switch x, y := a.elems[i], b.elems[j]; {
		case x < y:
			out = append(out, x)
			i++
		case x > y:
			out = append(out, y)
			j++
		default:
			out = append(out, x)
			i++
			j++
		}
	}
	out = append(out, a.elems[i:]...)
	out = append(out, b.elems[j:]...)
	if len(out) == len(a.elems) {
		return a
	}
	if len(out) == len(b.elems) {
		return b
	}
	return &Context{elems: out}
}

// ctxBuilder accumulates contexts from many strings. The first non-empty
// context is kept as is (shared when it is the only one); elements of the
// others are collected and merged once by result, so that concatenating
// n strings with contexts costs O(total log total), not O(n × total).
type ctxBuilder struct {
	c       *Context
	pending []string
}

func (b *ctxBuilder) add(c *Context) {
	switch {
	case c.Len() == 0 || c == b.c:
	case b.c == nil:
		b.c = c
	default:
		b.pending = append(b.pending, c.elems...)
	}
}

// result returns the union of the contexts added so far.
func (b *ctxBuilder) result() *Context {
	if len(b.pending) > 0 {
		b.c = MergeContexts(b.c, NewContext(b.pending...))
		b.pending = nil
	}
	return b.c
}
