package nixjson

import (
	"fmt"
	"strings"
)

// Explain returns the message with which Nix 2.26 (its JSON library)
// refuses data, or "" if that library accepts its syntax. Parse finds
// whether data is valid; Explain words the refusal, re-reading data token
// by token the way that library does to find the line, column, context
// and last token it names.
func Explain(data string) string {
	x := &explainer{s: data}
	if x.parse() {
		return ""
	}
	return x.msg
}

// JSON token kinds, as the library names them in messages.
type jtok int

const (
	jUninit jtok = iota
	jTrue
	jFalse
	jNull
	jString
	jNumber
	jBeginArray
	jBeginObject
	jEndArray
	jEndObject
	jNameSep
	jValueSep
	jParseError
	jEnd
	jLiteralOrValue
)

var jtokNames = [...]string{
	jUninit: "<uninitialized>", jTrue: "true literal", jFalse: "false literal", jNull: "null literal",
	jString: "string literal", jNumber: "number literal", jBeginArray: "'['", jBeginObject: "'{'",
	jEndArray: "']'", jEndObject: "'}'", jNameSep: "':'", jValueSep: "','",
	jParseError: "<parse error>", jEnd: "end of input", jLiteralOrValue: "'[', '{', or a literal",
}

const eof = -1

type explainer struct {
	s   string
	off int // next byte to read

	// the library's position: characters read, lines read, characters
	// read on the current line
	total, lines, col int
	cur               int    // the last character read, or eof
	ungot             bool   // cur is to be read again
	tokStr            []byte // read since the last string or number began
	errMsg            string // the lexer's message for jParseError
	last              jtok
	msg               string
}

func (x *explainer) get() int {
	x.total++
	x.col++
	if x.ungot {
		x.ungot = false
	} else if x.off < len(x.s) {
		x.cur = int(x.s[x.off])
		x.off++
	} else {
		x.cur = eof
	}
	if x.cur != eof {
		x.tokStr = append(x.tokStr, byte(x.cur))
	}
	if x.cur == '\n' {
		x.lines++
		x.col = 0
	}
	return x.cur
}

func (x *explainer) unget() {
	x.ungot = true
	x.total--
	if x.col == 0 {
		if x.lines > 0 {
			x.lines--
		}
	} else {
		x.col--
	}
	if x.cur != eof && len(x.tokStr) > 0 {
		x.tokStr = x.tokStr[:len(x.tokStr)-1]
	}
}

func (x *explainer) lexErr(msg string) jtok {
	x.errMsg = msg
	return jParseError
}

func (x *explainer) scan() jtok {
	if x.total == 0 {
		if x.get() == 0xef {
			if x.get() != 0xbb || x.get() != 0xbf {
				return x.lexErr("invalid BOM; must be 0xEF 0xBB 0xBF if given")
			}
		} else {
			x.unget()
		}
	}
	for {
		x.get()
		if x.cur != ' ' && x.cur != '\t' && x.cur != '\n' && x.cur != '\r' {
			break
		}
	}
	if i := strings.IndexByte("[]{}:,", byte(x.cur)); x.cur >= 0 && i >= 0 {
		return [...]jtok{jBeginArray, jEndArray, jBeginObject, jEndObject, jNameSep, jValueSep}[i]
	}
	switch c := x.cur; {
	case c == 't':
		return x.literal("true", jTrue)
	case c == 'f':
		return x.literal("false", jFalse)
	case c == 'n':
		return x.literal("null", jNull)
	case c == '"':
		return x.str()
	case c == '-' || '0' <= c && c <= '9':
		return x.number()
	case c == 0 || c == eof:
		return jEnd
	}
	return x.lexErr("invalid literal")
}

func (x *explainer) literal(word string, t jtok) jtok {
	for i := 1; i < len(word); i++ {
		if x.get() != int(word[i]) {
			return x.lexErr("invalid literal")
		}
	}
	return t
}

var controlNames = [32]string{"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR",
	"SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US"}

// utf8Ranges are the ranges of the bytes that follow a UTF-8 lead byte.
func utf8Ranges(c int) []int {
	switch {
	case 0xc2 <= c && c <= 0xdf:
		return []int{0x80, 0xbf}
	case c == 0xe0:
		return []int{0xa0, 0xbf, 0x80, 0xbf}
	case 0xe1 <= c && c <= 0xec, c == 0xee, c == 0xef:
		return []int{0x80, 0xbf, 0x80, 0xbf}
	case c == 0xed:
		return []int{0x80, 0x9f, 0x80, 0xbf}
	case c == 0xf0:
		return []int{0x90, 0xbf, 0x80, 0xbf, 0x80, 0xbf}
	case 0xf1 <= c && c <= 0xf3:
		return []int{0x80, 0xbf, 0x80, 0xbf, 0x80, 0xbf}
	case c == 0xf4:
		return []int{0x80, 0x8f, 0x80, 0xbf, 0x80, 0xbf}
	}
	return nil
}

// reset starts the text of a string or number token, the only tokens
// whose text the library starts afresh.
func (x *explainer) reset() { x.tokStr = append(x.tokStr[:0], byte(x.cur)) }

func (x *explainer) str() jtok {
	x.reset()
	const hexMsg = "invalid string: '\\u' must be followed by 4 hex digits"
	const lowMsg = "invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF"
	for {
		c := x.get()
		switch {
		case c == eof:
			return x.lexErr("invalid string: missing closing quote")
		case c == '"':
			return jString
		case c == '\\':
			switch x.get() {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				cp := x.codepoint()
				switch {
				case cp < 0:
					return x.lexErr(hexMsg)
				case 0xd800 <= cp && cp <= 0xdbff:
					if x.get() != '\\' || x.get() != 'u' {
						return x.lexErr(lowMsg)
					}
					cp2 := x.codepoint()
					if cp2 < 0 {
						return x.lexErr(hexMsg)
					}
					if cp2 < 0xdc00 || cp2 > 0xdfff {
						return x.lexErr(lowMsg)
					}
				case 0xdc00 <= cp && cp <= 0xdfff:
					return x.lexErr("invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF")
				}
			default:
				return x.lexErr("invalid string: forbidden character after backslash")
			}
		case c < 0x20:
			msg := fmt.Sprintf("invalid string: control character U+%04X (%s) must be escaped to \\u%04X", c, controlNames[c], c)
			if i := strings.IndexByte("\b\t\n\f\r", byte(c)); i >= 0 {
				msg += " or \\" + string("btnfr"[i])
			}
			return x.lexErr(msg)
		case c < 0x80:
		default:
			r := utf8Ranges(c)
			if r == nil {
				return x.lexErr("invalid string: ill-formed UTF-8 byte")
			}
			for i := 0; i < len(r); i += 2 {
				if b := x.get(); b < r[i] || b > r[i+1] {
					return x.lexErr("invalid string: ill-formed UTF-8 byte")
				}
			}
		}
	}
}

// codepoint reads the four hex digits of a \u escape, or returns -1 at the
// first that is none.
func (x *explainer) codepoint() int {
	cp := 0
	for i := 0; i < 4; i++ {
		c := x.get()
		switch {
		case '0' <= c && c <= '9':
			cp = cp<<4 | (c - '0')
		case 'a' <= c && c <= 'f':
			cp = cp<<4 | (c - 'a' + 10)
		case 'A' <= c && c <= 'F':
			cp = cp<<4 | (c - 'A' + 10)
		default:
			return -1
		}
	}
	return cp
}

func isDigitC(c int) bool { return '0' <= c && c <= '9' }

func (x *explainer) number() jtok {
	x.reset()
	c := x.cur
	if c == '-' {
		c = x.get()
		if !isDigitC(c) {
			return x.lexErr("invalid number; expected digit after '-'")
		}
	}
	if c != '0' {
		for isDigitC(c) {
			c = x.get()
		}
	} else {
		c = x.get()
	}
	if c == '.' {
		c = x.get()
		if !isDigitC(c) {
			return x.lexErr("invalid number; expected digit after '.'")
		}
		for isDigitC(c) {
			c = x.get()
		}
	}
	if c == 'e' || c == 'E' {
		c = x.get()
		if c == '+' || c == '-' {
			c = x.get()
			if !isDigitC(c) {
				return x.lexErr("invalid number; expected digit after exponent sign")
			}
		} else if !isDigitC(c) {
			return x.lexErr("invalid number; expected '+', '-', or digit after exponent")
		}
		for isDigitC(c) {
			c = x.get()
		}
	}
	x.unget()
	return jNumber
}

func (x *explainer) next() jtok {
	x.last = x.scan()
	return x.last
}

// fail records the library's message for an unexpected token, in context.
func (x *explainer) fail(expected jtok, context string) bool {
	m := "syntax error "
	if context != "" {
		m += "while parsing " + context + " "
	}
	m += "- "
	if x.last == jParseError {
		m += x.errMsg + "; last read: '" + x.tokenString() + "'"
	} else {
		m += "unexpected " + jtokNames[x.last]
	}
	if expected != jUninit {
		m += "; expected " + jtokNames[expected]
	}
	x.failMsg(m)
	return false
}

func (x *explainer) failMsg(m string) {
	x.msg = fmt.Sprintf("[json.exception.parse_error.101] parse error at line %d, column %d: %s", x.lines+1, x.col, m)
}

// tokenString is the last token's text with control characters escaped.
func (x *explainer) tokenString() string {
	var b strings.Builder
	for _, c := range x.tokStr {
		if c <= 0x1f {
			fmt.Fprintf(&b, "<U+%04X>", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

func (x *explainer) parse() bool {
	x.next()
	if !x.value(0) {
		return false
	}
	if x.next() != jEnd {
		return x.fail(jEnd, "value")
	}
	return true
}

// value parses the value that starts with the last token.
func (x *explainer) value(depth int) bool {
	if depth > MaxDepth {
		return true // Parse reports the depth
	}
	switch x.last {
	case jTrue, jFalse, jNull, jString, jNumber:
		return true
	case jBeginObject:
		if x.next() == jEndObject {
			return true
		}
		for {
			if x.last != jString {
				return x.fail(jString, "object key")
			}
			if x.next() != jNameSep {
				return x.fail(jNameSep, "object separator")
			}
			x.next()
			if !x.value(depth + 1) {
				return false
			}
			switch x.next() {
			case jValueSep:
				x.next()
				continue
			case jEndObject:
				return true
			}
			return x.fail(jEndObject, "object")
		}
	case jBeginArray:
		if x.next() == jEndArray {
			return true
		}
		for {
			if !x.value(depth + 1) {
				return false
			}
			switch x.next() {
			case jValueSep:
				x.next()
				continue
			case jEndArray:
				return true
			}
			return x.fail(jEndArray, "array")
		}
	case jParseError:
		return x.fail(jUninit, "value")
	case jEnd:
		if x.total == 1 {
			x.failMsg("attempting to parse an empty input; check that your input string or stream contains the expected JSON")
			return false
		}
	}
	return x.fail(jLiteralOrValue, "value")
}
