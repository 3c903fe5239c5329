package nixregex

import (
	"fmt"
	"strconv"
)

// ErrorCode says why a pattern was rejected, after the error_type
// constants of std::regex_constants that libstdc++ throws.
type ErrorCode int

// The error codes libstdc++ reports for extended-grammar patterns.
const (
	ErrCollate   ErrorCode = iota + 1 // invalid [. .] or [= =] name
	ErrCtype                          // invalid [: :] class name
	ErrEscape                         // invalid or trailing backslash escape
	ErrBrack                          // unterminated or malformed [ ]
	ErrParen                          // unbalanced ( ) or stray token
	ErrBrace                          // unterminated { }
	ErrBadBrace                       // malformed interval contents
	ErrRange                          // invalid range in [ ]
	ErrSpace                          // pattern needs too many NFA states
	ErrBadRepeat                      // quantifier with nothing to repeat
)

var errorNames = [...]string{
	ErrCollate: "invalid collating element", ErrCtype: "invalid character class",
	ErrEscape: "invalid escape", ErrBrack: "mismatched [ ]", ErrParen: "mismatched ( )",
	ErrBrace: "mismatched { }", ErrBadBrace: "invalid interval", ErrRange: "invalid range",
	ErrSpace: "pattern too large", ErrBadRepeat: "nothing to repeat",
}

// Error is returned by Compile for a pattern Nix rejects. Nix reports
// every code but ErrSpace as "invalid regular expression '<Expr>'", and
// ErrSpace as "memory limit exceeded by regular expression '<Expr>'".
type Error struct {
	Code   ErrorCode
	Expr   string
	Offset int // byte offset in Expr where the problem was noticed
}

func (e *Error) Error() string {
	return fmt.Sprintf("invalid regular expression %q: %s at offset %d", e.Expr, errorNames[e.Code], e.Offset)
}

// node is the parsed pattern; compile turns it into NFA states with the
// shapes libstdc++ builds.
type node struct {
	kind     nodeKind
	set      *byteSet // nChar
	group    int      // nGroup
	min, max int      // nInterval; max < 0 means unbounded
	subs     []*node  // nConcat, nAlt; nGroup and quantifiers use subs[0]
}

type nodeKind uint8

const (
	nEmpty nodeKind = iota
	nChar
	nBOL
	nEOL
	nGroup
	nConcat
	nAlt
	nStar
	nPlus
	nQuest
	nInterval
)

// parser follows libstdc++'s _Compiler: disjunction, alternative, term,
// assertion, atom, quantifier.
type parser struct {
	src    string
	pos    int
	groups int
}

func (p *parser) fail(code ErrorCode) error {
	return &Error{Code: code, Expr: p.src, Offset: p.pos}
}

func (p *parser) peek() (byte, bool) {
	if p.pos < len(p.src) {
		return p.src[p.pos], true
	}
	return 0, false
}

func parse(src string) (*node, int, error) {
	p := &parser{src: src, groups: 0}
	n, err := p.disjunction()
	if err != nil {
		return nil, 0, err
	}
	if p.pos != len(p.src) { // a stray ")", or a quantifier where an atom was needed
		if c := p.src[p.pos]; c == '*' || c == '+' || c == '?' || c == '{' {
			return nil, 0, p.fail(ErrBadRepeat)
		}
		return nil, 0, p.fail(ErrParen)
	}
	return n, p.groups, nil
}

func (p *parser) disjunction() (*node, error) {
	first, err := p.alternative()
	if err != nil {
		return nil, err
	}
	alts := []*node{first}
	for {
		if c, ok := p.peek(); !ok || c != '|' {
			break
		}
		p.pos++
		a, err := p.alternative()
		if err != nil {
			return nil, err
		}
		alts = append(alts, a)
	}
	if len(alts) == 1 {
		return first, nil
	}
	return &node{kind: nAlt, subs: alts}, nil
}

func (p *parser) alternative() (*node, error) {
	var terms []*node
	for {
		t, err := p.term()
		if err != nil {
			return nil, err
		}
		if t == nil {
			break
		}
		terms = append(terms, t)
	}
	return &node{kind: nConcat, subs: terms}, nil
}

// term returns nil (and consumes nothing) when no term starts here.
func (p *parser) term() (*node, error) {
	c, ok := p.peek()
	if !ok {
		return nil, nil
	}
	switch c {
	case '^':
		p.pos++
		return &node{kind: nBOL}, nil
	case '$':
		p.pos++
		return &node{kind: nEOL}, nil
	}
	a, err := p.atom()
	if a == nil || err != nil {
		return nil, err
	}
	for {
		q, err := p.quantifier(a)
		if err != nil {
			return nil, err
		}
		if q == nil {
			return a, nil
		}
		a = q
	}
}

func (p *parser) atom() (*node, error) {
	c := p.src[p.pos]
	switch c {
	case '.':
		p.pos++
		var s byteSet
		s.invert()
		s[0] &^= 1 // any byte but NUL
		return &node{kind: nChar, set: &s}, nil
	case '(':
		p.pos++
		p.groups++
		g := p.groups
		inner, err := p.disjunction()
		if err != nil {
			return nil, err
		}
		if c, ok := p.peek(); !ok || c != ')' {
			if ok && (c == '*' || c == '+' || c == '?' || c == '{') {
				return nil, p.fail(ErrBadRepeat)
			}
			return nil, p.fail(ErrParen)
		}
		p.pos++
		return &node{kind: nGroup, group: g, subs: []*node{inner}}, nil
	case '[':
		p.pos++
		s, err := p.bracket()
		if err != nil {
			return nil, err
		}
		return &node{kind: nChar, set: s}, nil
	case '\\':
		p.pos++
		e, ok := p.peek()
		if !ok {
			return nil, p.fail(ErrEscape)
		}
		if !isExtendedSpecial(e) {
			return nil, p.fail(ErrEscape)
		}
		p.pos++
		return literal(e), nil
	case ')', '|', '*', '+', '?', '{':
		return nil, nil
	}
	p.pos++
	return literal(c), nil
}

// isExtendedSpecial reports the characters libstdc++ treats as special in
// the extended grammar; only these may be escaped.
func isExtendedSpecial(c byte) bool {
	switch c {
	case '.', '[', '\\', '(', ')', '*', '+', '?', '{', '|', '^', '$':
		return true
	}
	return false
}

func literal(c byte) *node {
	var s byteSet
	s.add(c)
	return &node{kind: nChar, set: &s}
}

// quantifier wraps a in the quantifier that follows, or returns nil.
func (p *parser) quantifier(a *node) (*node, error) {
	c, ok := p.peek()
	if !ok {
		return nil, nil
	}
	switch c {
	case '*':
		p.pos++
		return &node{kind: nStar, subs: []*node{a}}, nil
	case '+':
		p.pos++
		return &node{kind: nPlus, subs: []*node{a}}, nil
	case '?':
		p.pos++
		return &node{kind: nQuest, subs: []*node{a}}, nil
	case '{':
		p.pos++
		min, ok := p.count()
		if !ok {
			if p.pos >= len(p.src) {
				return nil, p.fail(ErrBadBrace)
			}
			return nil, p.fail(ErrBadBrace)
		}
		max := min
		if c, ok := p.peek(); ok && c == ',' {
			p.pos++
			if n, ok := p.count(); ok {
				max = n
			} else {
				max = -1
			}
		}
		if c, ok := p.peek(); !ok || c != '}' {
			if !ok {
				return nil, p.fail(ErrBadBrace)
			}
			return nil, p.fail(ErrBrace)
		}
		p.pos++
		if max >= 0 && max < min {
			return nil, p.fail(ErrBadBrace)
		}
		return &node{kind: nInterval, min: min, max: max, subs: []*node{a}}, nil
	}
	return nil, nil
}

// count reads a decimal repetition count. Counts too large for the state
// limit are clamped; compile then reports ErrSpace.
func (p *parser) count() (int, bool) {
	start := p.pos
	for p.pos < len(p.src) && isDigit(p.src[p.pos]) {
		p.pos++
	}
	if p.pos == start {
		return 0, false
	}
	n, err := strconv.Atoi(p.src[start:p.pos])
	if err != nil || n > stateLimit {
		n = stateLimit + 1
	}
	return n, true
}

// bracket parses a bracket expression after its "[", following
// libstdc++'s _M_insert_bracket_matcher and _M_expression_term.
func (p *parser) bracket() (*byteSet, error) {
	var set byteSet
	neg := false
	if c, ok := p.peek(); ok && c == '^' {
		neg = true
		p.pos++
	}
	atStart := true
	const (
		lastNone = iota
		lastChar
		lastClass
	)
	last, lastc := lastNone, byte(0)
	pushChar := func(c byte) {
		if last == lastChar {
			set.add(lastc)
		}
		last, lastc = lastChar, c
	}
	pushClass := func() {
		if last == lastChar {
			set.add(lastc)
		}
		last = lastClass
	}
	// First token: an ordinary character or a dash is the pending character.
	tok, val, err := p.bracketToken(&atStart)
	if err != nil {
		return nil, err
	}
	switch tok {
	case tChar:
		last, lastc = lastChar, val[0]
		tok, val, err = p.bracketToken(&atStart)
	case tDash:
		last, lastc = lastChar, '-'
		tok, val, err = p.bracketToken(&atStart)
	}
	for ; ; tok, val, err = p.bracketToken(&atStart) {
		if err != nil {
			return nil, err
		}
		switch tok {
		case tEnd:
			if last == lastChar {
				set.add(lastc)
			}
			if neg {
				set.invert()
			}
			return &set, nil
		case tCollate:
			c, ok := collatingName(val)
			if !ok {
				return nil, p.fail(ErrCollate)
			}
			set.add(c)
			pushChar(c)
		case tEquiv:
			c, ok := collatingName(val)
			if !ok {
				return nil, p.fail(ErrCollate)
			}
			pushClass()
			l := lowerASCII(c)
			set.addIf(func(b byte) bool { return lowerASCII(b) == l })
		case tClass:
			f, ok := classes[lowerString(val)]
			if !ok {
				return nil, p.fail(ErrCtype)
			}
			pushClass()
			set.addIf(f)
		case tChar:
			pushChar(val[0])
		case tDash:
			next, nval, err := p.bracketToken(&atStart)
			if err != nil {
				return nil, err
			}
			switch {
			case next == tEnd: // "-]": a literal dash
				pushChar('-')
				if last == lastChar {
					set.add(lastc)
				}
				if neg {
					set.invert()
				}
				return &set, nil
			case last == lastClass:
				return nil, p.fail(ErrRange)
			case last == lastChar && (next == tChar || next == tDash):
				hi := byte('-')
				if next == tChar {
					hi = nval[0]
				}
				if int8(lastc) > int8(hi) { // libstdc++ compares signed chars
					return nil, p.fail(ErrRange)
				}
				lo := int8(lastc)
				set.addIf(func(b byte) bool { return lo <= int8(b) && int8(b) <= int8(hi) })
				last = lastNone
			default:
				return nil, p.fail(ErrRange)
			}
		}
	}
}

type bracketTok uint8

const (
	tChar bracketTok = iota
	tDash
	tEnd
	tCollate
	tEquiv
	tClass
)

// bracketToken scans one token inside brackets (libstdc++'s
// _M_scan_in_bracket); val holds the character or the class name.
func (p *parser) bracketToken(atStart *bool) (bracketTok, string, error) {
	if p.pos >= len(p.src) {
		return 0, "", p.fail(ErrBrack)
	}
	c := p.src[p.pos]
	p.pos++
	first := *atStart
	*atStart = false
	switch {
	case c == '-':
		return tDash, "", nil
	case c == '[':
		if p.pos >= len(p.src) {
			return 0, "", p.fail(ErrBrack)
		}
		kind := p.src[p.pos]
		var t bracketTok
		switch kind {
		case '.':
			t = tCollate
		case '=':
			t = tEquiv
		case ':':
			t = tClass
		default:
			return tChar, "[", nil
		}
		p.pos++
		start := p.pos
		for p.pos < len(p.src) && p.src[p.pos] != kind {
			p.pos++
		}
		name := p.src[start:p.pos]
		if p.pos+1 >= len(p.src) || p.src[p.pos+1] != ']' {
			if t == tClass {
				return 0, "", p.fail(ErrCtype)
			}
			return 0, "", p.fail(ErrCollate)
		}
		p.pos += 2
		return t, name, nil
	case c == ']' && !first:
		return tEnd, "", nil
	}
	return tChar, p.src[p.pos-1 : p.pos], nil
}

func lowerString(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = lowerASCII(c)
	}
	return string(b)
}
