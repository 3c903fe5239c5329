package nixjson

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Handler receives the values of a JSON text in document order, as
// Parse reads them. A non-nil error from a method stops parsing and is
// returned by Parse.
type Handler interface {
	Null() error
	Bool(b bool) error
	Int(n int64) error
	Float(f float64) error
	String(s string) error
	BeginArray() error
	EndArray() error
	BeginObject() error
	Key(k string) error // the next value belongs to key k
	EndObject() error
}

// SyntaxError reports malformed input.
type SyntaxError struct {
	Offset int // byte offset of the problem
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("JSON syntax error at byte %d: %s", e.Offset, e.Msg)
}

// RangeError reports an integer that fits in uint64 but not in Nix's
// int64, which Nix refuses (larger ones become floats).
type RangeError struct {
	Text string
}

func (e *RangeError) Error() string {
	return "unsigned json number " + e.Text + " outside of Nix integer range"
}

// NulError reports a string or key holding a NUL byte, which a Nix
// string cannot (Nix 2.26; 2.8 cut values at the NUL).
type NulError struct {
	S string
}

func (e *NulError) Error() string {
	return "input string '" + strings.ReplaceAll(e.S, "\x00", "\u2400") + "' cannot be represented as Nix string because it contains null bytes"
}

// MaxDepth bounds the nesting of arrays and objects Parse accepts.
const MaxDepth = 10000

type parser struct {
	s     string
	pos   int
	h     Handler
	depth int
	buf   []byte
}

// Parse reads one JSON value (with surrounding white space) from data and
// reports it to h, with Nix 2.26's rules (see the package comment).
func Parse(data string, h Handler) error {
	p := &parser{s: data, h: h}
	if strings.HasPrefix(p.s, "\xef\xbb\xbf") {
		p.pos = 3
	}
	p.space()
	if err := p.value(); err != nil {
		return err
	}
	p.space()
	if p.pos != len(p.s) {
		return p.fail("unexpected data after the value")
	}
	return nil
}

func (p *parser) fail(msg string) error { return &SyntaxError{Offset: p.pos, Msg: msg} }

func (p *parser) space() {
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) literal(word string) error {
	if !strings.HasPrefix(p.s[p.pos:], word) {
		return p.fail("invalid literal")
	}
	p.pos += len(word)
	return nil
}

func (p *parser) value() error {
	if p.pos >= len(p.s) {
		return p.fail("unexpected end of input")
	}
	switch c := p.s[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s, err := p.str()
		if err != nil {
			return err
		}
		return p.h.String(s)
	case c == 't':
		if err := p.literal("true"); err != nil {
			return err
		}
		return p.h.Bool(true)
	case c == 'f':
		if err := p.literal("false"); err != nil {
			return err
		}
		return p.h.Bool(false)
	case c == 'n':
		if err := p.literal("null"); err != nil {
			return err
		}
		return p.h.Null()
	case c == '-' || ('0' <= c && c <= '9'):
		return p.number()
	}
	return p.fail("invalid literal")
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > MaxDepth {
		return p.fail("nesting too deep")
	}
	return nil
}

func (p *parser) array() error {
	if err := p.enter(); err != nil {
		return err
	}
	p.pos++ // [
	if err := p.h.BeginArray(); err != nil {
		return err
	}
	p.space()
	if p.pos < len(p.s) && p.s[p.pos] == ']' {
		p.pos++
		p.depth--
		return p.h.EndArray()
	}
	for {
		p.space()
		if err := p.value(); err != nil {
			return err
		}
		p.space()
		if p.pos >= len(p.s) {
			return p.fail("unexpected end of input; expected ']'")
		}
		switch p.s[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			p.depth--
			return p.h.EndArray()
		default:
			return p.fail("expected ',' or ']'")
		}
	}
}

func (p *parser) object() error {
	if err := p.enter(); err != nil {
		return err
	}
	p.pos++ // {
	if err := p.h.BeginObject(); err != nil {
		return err
	}
	p.space()
	if p.pos < len(p.s) && p.s[p.pos] == '}' {
		p.pos++
		p.depth--
		return p.h.EndObject()
	}
	for {
		p.space()
		if p.pos >= len(p.s) || p.s[p.pos] != '"' {
			return p.fail("expected string literal as object key")
		}
		k, err := p.str()
		if err != nil {
			return err
		}
		if err := p.h.Key(k); err != nil {
			return err
		}
		p.space()
		if p.pos >= len(p.s) || p.s[p.pos] != ':' {
			return p.fail("expected ':'")
		}
		p.pos++
		p.space()
		if err := p.value(); err != nil {
			return err
		}
		p.space()
		if p.pos >= len(p.s) {
			return p.fail("unexpected end of input; expected '}'")
		}
		switch p.s[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			p.depth--
			return p.h.EndObject()
		default:
			return p.fail("expected ',' or '}'")
		}
	}
}

func (p *parser) number() error {
	start := p.pos
	digits := func() int {
		n := 0
		for p.pos < len(p.s) && '0' <= p.s[p.pos] && p.s[p.pos] <= '9' {
			p.pos++
			n++
		}
		return n
	}
	if p.s[p.pos] == '-' {
		p.pos++
	}
	if p.pos < len(p.s) && p.s[p.pos] == '0' {
		p.pos++
	} else if digits() == 0 {
		return p.fail("expected digit after '-'")
	}
	isFloat := false
	if p.pos < len(p.s) && p.s[p.pos] == '.' {
		p.pos++
		isFloat = true
		if digits() == 0 {
			return p.fail("expected digit after '.'")
		}
	}
	if p.pos < len(p.s) && (p.s[p.pos] == 'e' || p.s[p.pos] == 'E') {
		p.pos++
		isFloat = true
		if p.pos < len(p.s) && (p.s[p.pos] == '+' || p.s[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return p.fail("expected digit in exponent")
		}
	}
	text := p.s[start:p.pos]
	if !isFloat {
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			return p.h.Int(n)
		}
		if _, err := strconv.ParseUint(text, 10, 64); err == nil {
			return &RangeError{Text: text}
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if math.IsInf(f, 0) {
		return &SyntaxError{Offset: start, Msg: "number overflow parsing '" + text + "'"}
	}
	if err != nil && f != 0 {
		return &SyntaxError{Offset: start, Msg: err.Error()}
	}
	return p.h.Float(f)
}

// str reads a string literal. Nix refuses one that holds a NUL.
func (p *parser) str() (string, error) {
	p.pos++ // opening quote
	start := p.pos
	// Fast path: no escapes, all printable ASCII or valid UTF-8.
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		if c == '"' {
			s := p.s[start:p.pos]
			if !utf8.ValidString(s) {
				return "", &SyntaxError{Offset: start, Msg: "invalid string: ill-formed UTF-8 byte"}
			}
			p.pos++
			return s, nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		p.pos++
	}
	buf := append(p.buf[:0], p.s[start:p.pos]...)
	for {
		if p.pos >= len(p.s) {
			return "", p.fail("invalid string: missing closing quote")
		}
		c := p.s[p.pos]
		switch {
		case c == '"':
			p.pos++
			p.buf = buf
			if !utf8.Valid(buf) {
				return "", &SyntaxError{Offset: start, Msg: "invalid string: ill-formed UTF-8 byte"}
			}
			s := string(buf)
			if strings.IndexByte(s, 0) >= 0 {
				return "", &NulError{S: s}
			}
			return s, nil
		case c < 0x20:
			return "", p.fail("invalid string: control character must be escaped")
		case c != '\\':
			buf = append(buf, c)
			p.pos++
			continue
		}
		p.pos++
		if p.pos >= len(p.s) {
			return "", p.fail("invalid string: missing closing quote")
		}
		e := p.s[p.pos]
		p.pos++
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, err := p.hex4()
			if err != nil {
				return "", err
			}
			if utf16.IsSurrogate(r) {
				if r >= 0xdc00 {
					return "", p.fail("invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF")
				}
				if !strings.HasPrefix(p.s[p.pos:], "\\u") {
					return "", p.fail("invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF")
				}
				p.pos += 2
				r2, err := p.hex4()
				if err != nil {
					return "", err
				}
				if r2 < 0xdc00 || r2 > 0xdfff {
					return "", p.fail("invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF")
				}
				r = utf16.DecodeRune(r, r2)
			}
			buf = utf8.AppendRune(buf, r)
		default:
			return "", p.fail("invalid string: forbidden character after backslash")
		}
	}
}

func (p *parser) hex4() (rune, error) {
	if p.pos+4 > len(p.s) {
		return 0, p.fail("invalid string: '\\u' must be followed by 4 hex digits")
	}
	var r rune
	for _, c := range []byte(p.s[p.pos : p.pos+4]) {
		var d byte
		switch {
		case '0' <= c && c <= '9':
			d = c - '0'
		case 'a' <= c && c <= 'f':
			d = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, p.fail("invalid string: '\\u' must be followed by 4 hex digits")
		}
		r = r<<4 | rune(d)
	}
	p.pos += 4
	return r, nil
}
