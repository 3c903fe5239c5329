package eval

import (
	"fmt"
	"strings"
)

// ContextKind says what one element of a string's context refers to.
type ContextKind uint8

const (
	// CtxPath is a plain store path: "/nix/store/…".
	CtxPath ContextKind = iota
	// CtxAllOutputs is a derivation with all its outputs: "=/nix/store/….drv".
	CtxAllOutputs
	// CtxOutput is one output of a derivation: "!out!/nix/store/….drv".
	CtxOutput
)

// ContextElem is one element of a string's context. Contexts keep their
// elements encoded as Nix encodes them (see Context); ParseContextElem and
// String convert, and nothing else reads or writes that encoding.
type ContextElem struct {
	Kind ContextKind
	// Path is the store path, for CtxAllOutputs and CtxOutput the .drv's.
	Path string
	// Output is the output's name (CtxOutput only).
	Output string
}

// ParseContextElem decodes one context element.
func ParseContextElem(s string) (ContextElem, error) {
	switch {
	case strings.HasPrefix(s, "="):
		return ContextElem{Kind: CtxAllOutputs, Path: s[1:]}, nil
	case strings.HasPrefix(s, "!"):
		out, drv, ok := strings.Cut(s[1:], "!")
		if !ok {
			return ContextElem{}, fmt.Errorf("invalid string context element '%s'", s)
		}
		return ContextElem{Kind: CtxOutput, Path: drv, Output: out}, nil
	}
	return ContextElem{Kind: CtxPath, Path: s}, nil
}

// String encodes e as a context element.
func (e ContextElem) String() string {
	switch e.Kind {
	case CtxAllOutputs:
		return "=" + e.Path
	case CtxOutput:
		return "!" + e.Output + "!" + e.Path
	}
	return e.Path
}

// contextElems is ParsedElems for builtins: an element that does not
// decode is an evaluation error at pos.
func (ev *Evaluator) contextElems(c *Context, pos Pos) []ContextElem {
	elems, err := c.ParsedElems()
	if err != nil {
		errorf(KindEval, pos, "%v", err)
	}
	return elems
}

// ParsedElems returns the context's elements decoded, in the order of
// Elems. An element that does not decode is an error naming it.
func (c *Context) ParsedElems() ([]ContextElem, error) {
	out := make([]ContextElem, 0, c.Len())
	for _, s := range c.Elems() {
		e, err := ParseContextElem(s)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}
