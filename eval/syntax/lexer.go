package syntax

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// lexState is a start condition of the lexer, as in Nix's flex lexer: the
// lexer keeps a stack of them ({ and ${ push, } pops; quotes push and pop
// string states; paths use two states to find where they end).
type lexState uint8

const (
	sInitial     lexState = iota // bottom of the stack: } does not pop
	sDefault                     // inside { } or ${ }
	sString                      // inside "…"
	sIndString                   // inside ''…''
	sInPath                      // after a path piece
	sInPathSlash                 // after a path piece ending in /
)

// lexer turns source text into tokens. It is independent of the parser
// (like Nix's), so any amount of lookahead is safe.
type lexer struct {
	s     string // the source; token texts are substrings of it
	off   int
	stack []lexState
	errs  *ErrorList
	file  string

	// position cursor: line and start of line for offset curOff
	curOff, line, lineStart int

	// lastPos is where the last lexeme (token, whitespace or comment)
	// began.
	lastPos Pos
	// prevPos is where the lexeme before that began: where Nix puts the
	// end of a path that ends the input.
	prevPos Pos
	// pathEOF, when valid, is where Nix 2.26 puts the end of an input that
	// ends in a path: the path's last piece. Otherwise the end of the
	// input is where the input ends.
	pathEOF Pos

	// Memos that keep scanning linear on long runs of characters that
	// could start a URI or a path but do not: no URI starts before
	// noURIBefore, no path before noPathBefore; noCommentEnd is set once
	// no "*/" is left in the input.
	noURIBefore, noPathBefore int
	noCommentEnd              bool
}

func newLexer(file string, src string, errs *ErrorList) *lexer {
	return &lexer{s: src, file: file, errs: errs, stack: make([]lexState, 1, 16), line: 1,
		lastPos: Pos{File: file, Line: 1, Col: 1}, prevPos: Pos{File: file, Line: 1, Col: 1}}
}

func (l *lexer) state() lexState { return l.stack[len(l.stack)-1] }
func (l *lexer) push(s lexState) { l.stack = append(l.stack, s) }
func (l *lexer) pop() {
	if len(l.stack) > 1 {
		l.stack = l.stack[:len(l.stack)-1]
	}
}

// pos returns the position of offset off, which must not be before the
// last offset asked for (tokens are produced in order).
func (l *lexer) pos(off int) Pos {
	if off < l.curOff {
		panic("syntax: lexer positions requested out of order")
	}
	s := l.s
	for i := l.curOff; i < off; i++ {
		switch s[i] {
		case '\n':
			if i == 0 || s[i-1] != '\r' {
				l.line++
			}
			l.lineStart = i + 1
		case '\r':
			l.line++
			l.lineStart = i + 1
		}
	}
	l.curOff = off
	return Pos{File: l.file, Offset: int32(off), Line: int32(l.line), Col: int32(off - l.lineStart + 1)}
}

func (l *lexer) errorf(off int, format string, args ...any) {
	l.errs.Add(l.pos(off), fmt.Sprintf(format, args...))
}

func isPathChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '.' || c == '_' || c == '-' || c == '+'
}

func isIDStart(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' }

func isIDChar(c byte) bool {
	return isIDStart(c) || '0' <= c && c <= '9' || c == '\'' || c == '-'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isURIChar(c byte) bool {
	if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
		return true
	}
	switch c {
	case '%', '/', '?', ':', '@', '&', '=', '+', '$', ',', '-', '_', '.', '!', '~', '*', '\'':
		return true
	}
	return false
}

// next sets t to the next token.
func (l *lexer) next(t *token) {
	for {
		start := l.off
		if start >= len(l.s) {
			switch l.state() {
			case sInPath:
				l.pop()
				l.pathEOF = l.lastPos
				l.lastPos = l.prevPos
				l.pathEnd(t, start)
				return
			case sInPathSlash:
				l.pop()
				l.errs.Add(l.lastPos, "path has a trailing slash")
				l.pathEnd(t, start)
				return
			}
			if l.pathEOF.Line > 0 {
				*t = token{kind: tEOF, pos: l.pathEOF}
				return
			}
			*t = token{kind: tEOF, pos: l.pos(len(l.s))}
			return
		}
		switch l.state() {
		case sString:
			l.lexString(t)
			return
		case sIndString:
			l.lexIndString(t)
			return
		case sInPath, sInPathSlash:
			l.lexInPath(t)
			return
		}
		if l.lexDefault(t) {
			return
		}
	}
}

// lexeme records that a lexeme starts at p.
func (l *lexer) lexeme(p Pos) {
	l.prevPos, l.lastPos = l.lastPos, p
}

// pathEnd returns the zero-width token that ends a path at offset i; like
// Nix, it is located at the last piece of the path.
func (l *lexer) pathEnd(t *token, i int) {
	l.tok(t, tPathEnd, i, i)
	t.pos = l.lastPos
}

// tok sets t to a token of kind k spanning s[start:end].
func (l *lexer) tok(t *token, k tokKind, start, end int) {
	l.off = end
	p := l.pos(start)
	if end > start {
		l.lexeme(p)
	}
	*t = token{kind: k, pos: p, text: l.s[start:end]}
}

// pathLen returns the length of the longest match of Nix's PATH regex
// ({PATH_CHAR}*(\/{PATH_CHAR}+)+\/?) at s[i:], given that the first p0
// bytes are path characters; 0 if none.
func pathLen(s string, i, p0 int) int {
	j := i + p0
	segs := 0
	for j+1 < len(s) && s[j] == '/' && isPathChar(s[j+1]) {
		j += 2
		for j < len(s) && isPathChar(s[j]) {
			j++
		}
		segs++
	}
	if segs == 0 {
		return 0
	}
	if j < len(s) && s[j] == '/' {
		j++
	}
	return j - i
}

func countPathChars(s string, i int) int {
	j := i
	for j < len(s) && isPathChar(s[j]) {
		j++
	}
	return j - i
}

// floatLen returns the length of the longest match of Nix's FLOAT regex
// at s[i:]: (([1-9][0-9]*\.[0-9]*)|(0?\.[0-9]+))([Ee][+-]?[0-9]+)?
func floatLen(s string, i int) int {
	j := i
	n := len(s)
	switch {
	case s[j] >= '1' && s[j] <= '9':
		for j < n && isDigit(s[j]) {
			j++
		}
		if j >= n || s[j] != '.' {
			return 0
		}
		j++
		for j < n && isDigit(s[j]) {
			j++
		}
	default:
		if s[j] == '0' {
			j++
		}
		if j+1 >= n || s[j] != '.' || !isDigit(s[j+1]) {
			return 0
		}
		j++
		for j < n && isDigit(s[j]) {
			j++
		}
	}
	if j < n && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < n && (s[k] == '+' || s[k] == '-') {
			k++
		}
		if k < n && isDigit(s[k]) {
			for k < n && isDigit(s[k]) {
				k++
			}
			j = k
		}
	}
	return j - i
}

// uriLen returns the length of a match of Nix's URI regex at s[i:], or 0:
// [a-zA-Z][a-zA-Z0-9\+\-\.]*\:[a-zA-Z0-9\%\/\?\:\@\&\=\+\$\,\-\_\.\!\~\*\']+
// When there is no match, end is where the scheme characters end (no URI
// can start before it).
func uriLen(s string, i int) (length, end int) {
	j := i + 1
	n := len(s)
	for j < n {
		c := s[j]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.' {
			j++
			continue
		}
		break
	}
	if j >= n || s[j] != ':' {
		return 0, j
	}
	j++
	k := j
	for k < n && isURIChar(s[k]) {
		k++
	}
	if k == j {
		return 0, i + 1
	}
	return k - i, k
}

// lexDefault scans one token in the INITIAL and DEFAULT states, choosing
// the longest match and, among equally long ones, the rule listed first in
// Nix's lexer. It returns ok=false after skipping whitespace or a comment.
func (l *lexer) lexDefault(t *token) bool {
	s := l.s
	i := l.off
	n := len(s)
	c := s[i]

	// Whitespace and comments.
	switch c {
	case ' ', '\t', '\r', '\n':
		j := i + 1
		for j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r' || s[j] == '\n') {
			j++
		}
		l.off = j
		l.lexeme(l.pos(i))
		return false
	case '#':
		j := i + 1
		for j < n && s[j] != '\n' && s[j] != '\r' {
			j++
		}
		l.off = j
		l.lexeme(l.pos(i))
		return false
	case '/':
		if i+1 < n && s[i+1] == '*' {
			if !l.noCommentEnd {
				if k := strings.Index(s[i+2:], "*/"); k >= 0 {
					l.off = i + 2 + k + 2
					l.lexeme(l.pos(i))
					return false
				}
				l.noCommentEnd = true
			}
		}
	}

	// Fast path: an identifier not followed by a character that could make
	// it the start of a longer path or URI match.
	if isIDStart(c) {
		j := i + 1
		for j < n && isIDChar(s[j]) {
			j++
		}
		if j >= n || (s[j] != '.' && s[j] != '+' && s[j] != '/' && s[j] != ':') {
			l.tok(t, identKind(s[i:j]), i, j)
			return true
		}
	}

	// Candidates: best length and kind; rank breaks ties (lower wins).
	bestLen, bestKind, bestRank := 0, tIllegal, 100
	consider := func(length int, k tokKind, rank int) {
		if length > bestLen || length == bestLen && length > 0 && rank < bestRank {
			bestLen, bestKind, bestRank = length, k, rank
		}
	}

	// Fixed tokens: operators (rank 0) and single characters (rank 14).
	if i+1 < n {
		two := s[i : i+2]
		var k tokKind
		switch two {
		case "==":
			k = tEq
		case "!=":
			k = tNeq
		case "<=":
			k = tLeq
		case ">=":
			k = tGeq
		case "&&":
			k = tAnd
		case "||":
			k = tOr
		case "->":
			k = tImpl
		case "//":
			k = tUpdate
		case "++":
			k = tConcat
		case "${":
			k = tDollarCurly
		case "''":
			k = tIndOpen
		case "|>", "<|":
			// Nix 2.26 lexes the pipe operators but refuses them unless
			// an experimental feature is on; parse on as if it were ||.
			l.errorf(i, "experimental Nix feature 'pipe-operators' is disabled; add '--extra-experimental-features pipe-operators' to enable it")
			k = tOr
		}
		if k != 0 {
			rank := 0
			switch k {
			case tDollarCurly:
				rank = 4
			case tIndOpen:
				rank = 7
			}
			consider(2, k, rank)
		}
		if c == '.' && i+2 < n && s[i+1] == '.' && s[i+2] == '.' {
			consider(3, tEllipsis, 0)
		}
	}
	if k := singleChar(c); k != tIllegal {
		rank := 14
		switch c {
		case '{', '}':
			rank = 5
		case '"':
			rank = 6
		}
		consider(1, k, rank)
	}

	if isIDStart(c) {
		j := i + 1
		for j < n && isIDChar(s[j]) {
			j++
		}
		consider(j-i, identKind(s[i:j]), 1)
		if ('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') && i >= l.noURIBefore {
			ul, end := uriLen(s, i)
			if ul == 0 {
				l.noURIBefore = end
			}
			consider(ul, tURI, 12)
		}
	}
	if isDigit(c) {
		j := i + 1
		for j < n && isDigit(s[j]) {
			j++
		}
		consider(j-i, tInt, 2)
	}
	if isDigit(c) || c == '.' {
		consider(floatLen(s, i), tFloat, 3)
	}
	var pathSegDollar bool
	if (isPathChar(c) || c == '/') && i >= l.noPathBefore {
		p0 := countPathChars(s, i)
		if j := i + p0; j >= n || s[j] != '/' {
			l.noPathBefore = j
		}
		if j := i + p0; j+2 < n && s[j] == '/' && s[j+1] == '$' && s[j+2] == '{' {
			if p0+3 > bestLen {
				bestLen, bestKind, bestRank = p0+3, tPath, 8
				pathSegDollar = true
			}
		}
		if pl := pathLen(s, i, p0); pl > bestLen {
			bestLen, bestKind, bestRank = pl, tPath, 9
			pathSegDollar = false
		}
	}
	if c == '~' && i+1 < n && s[i+1] == '/' {
		if i+3 < n && s[i+2] == '$' && s[i+3] == '{' && 4 > bestLen {
			bestLen, bestKind, bestRank = 4, tHPath, 8
			pathSegDollar = true
		}
		if pl := pathLen(s, i+1, 0); pl > 0 && pl+1 > bestLen {
			bestLen, bestKind, bestRank = pl+1, tHPath, 10
			pathSegDollar = false
		}
	}
	if c == '<' {
		j := i + 1
		p := countPathChars(s, j)
		if p > 0 {
			j += p
			for j+1 < n && s[j] == '/' && isPathChar(s[j+1]) {
				j += 1 + countPathChars(s, j+1)
			}
			if j < n && s[j] == '>' {
				consider(j+1-i, tSPath, 11)
			}
		}
	}

	if bestLen == 0 {
		// Any other byte is returned as itself; the grammar rejects it.
		l.tok(t, tIllegal, i, i+1)
		return true
	}
	end := i + bestLen
	switch bestKind {
	case tPath, tHPath:
		if pathSegDollar {
			// {PATH_SEG}\$\{ and {HPATH_START}\$\{: the path is the part up
			// to and including the slash; ${ comes next.
			end -= 2
			l.push(sInPathSlash)
		} else if s[end-1] == '/' {
			l.push(sInPathSlash)
		} else {
			l.push(sInPath)
		}
		l.tok(t, bestKind, i, end)
		return true
	case tLBrace, tDollarCurly:
		l.push(sDefault)
	case tRBrace:
		if l.state() != sInitial {
			l.pop()
		}
	case tQuote:
		l.push(sString)
	case tIndOpen:
		// ''(\ *\n)? : the rest of the opening line when it is only spaces.
		j := end
		for j < n && s[j] == ' ' {
			j++
		}
		if j < n && s[j] == '\n' {
			end = j + 1
		}
		l.push(sIndString)
	case tInt:
		l.tok(t, tInt, i, end)
		v, err := strconv.ParseInt(t.text, 10, 64)
		if err != nil {
			l.errs.Add(t.pos, "invalid integer '"+t.text+"'")
		}
		t.ival = v
		return true
	case tFloat:
		l.tok(t, tFloat, i, end)
		v, ok := parseFloat(t.text)
		if !ok {
			l.errs.Add(t.pos, "invalid float '"+t.text+"'")
		}
		t.fval = v
		return true
	}
	l.tok(t, bestKind, i, end)
	return true
}

// parseFloat converts a FLOAT token like C's strtod, failing where strtod
// reports ERANGE (overflow, or a result too small to be a normal double).
func parseFloat(s string) (float64, bool) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return v, false
	}
	if v != 0 && math.Abs(v) < 0x1p-1022 {
		return v, false
	}
	if v == 0 {
		// A non-zero mantissa that rounded to zero underflowed.
		for i := 0; i < len(s) && s[i] != 'e' && s[i] != 'E'; i++ {
			if s[i] >= '1' && s[i] <= '9' {
				return v, false
			}
		}
	}
	return v, true
}

func singleChar(c byte) tokKind {
	switch c {
	case '{':
		return tLBrace
	case '}':
		return tRBrace
	case '(':
		return tLParen
	case ')':
		return tRParen
	case '[':
		return tLBrack
	case ']':
		return tRBrack
	case ';':
		return tSemi
	case ':':
		return tColon
	case '.':
		return tDot
	case ',':
		return tComma
	case '@':
		return tAt
	case '?':
		return tQuestion
	case '=':
		return tAssign
	case '+':
		return tPlus
	case '-':
		return tMinus
	case '*':
		return tStar
	case '/':
		return tSlash
	case '<':
		return tLt
	case '>':
		return tGt
	case '!':
		return tNot
	case '"':
		return tQuote
	}
	return tIllegal
}

// lexInPath scans in the INPATH and INPATH_SLASH states: more path pieces,
// an interpolation, or the (zero-width) end of the path.
func (l *lexer) lexInPath(t *token) {
	s := l.s
	i := l.off
	n := len(s)
	if i+1 < n && s[i] == '$' && s[i+1] == '{' {
		l.pop()
		l.push(sInPath)
		l.push(sDefault)
		l.tok(t, tDollarCurly, i, i+2)
		return
	}
	p0 := countPathChars(s, i)
	best := p0
	if pl := pathLen(s, i, p0); pl > best {
		best = pl
	}
	if i+p0 < n && s[i+p0] == '/' && p0+1 > best {
		best = p0 + 1
	}
	if best > 0 {
		l.pop()
		if s[i+best-1] == '/' {
			l.push(sInPathSlash)
		} else {
			l.push(sInPath)
		}
		l.tok(t, tStr, i, i+best)
		return
	}
	if l.state() == sInPathSlash {
		l.errorf(i, "path has a trailing slash")
	}
	l.pop()
	l.pathEnd(t, i)
}

// lexString scans in the STRING state.
func (l *lexer) lexString(t *token) {
	s := l.s
	i := l.off
	n := len(s)
	j := i
	escapes := false
loop:
	for j < n {
		switch s[j] {
		case '"':
			break loop
		case '\\':
			if j+1 >= n {
				break loop
			}
			escapes = true
			j += 2
		case '$':
			if j+1 >= n {
				break loop
			}
			switch s[j+1] {
			case '{':
				break loop
			case '"':
				j++ // \$/\" : a trailing dollar before the closing quote
				break loop
			case '\\':
				if j+2 >= n {
					break loop
				}
				escapes = true
				j += 3
			default:
				j += 2
			}
		case '\r':
			escapes = true
			j++
		default:
			j++
		}
	}
	if j > i {
		l.tok(t, tStr, i, j)
		if escapes {
			t.text = unescapeStr(t.text)
		}
		return
	}
	switch {
	case s[i] == '"':
		l.pop()
		l.tok(t, tQuote, i, i+1)
		return
	case s[i] == '$' && i+1 < n && s[i+1] == '{':
		l.push(sDefault)
		l.tok(t, tDollarCurly, i, i+2)
		return
	}
	// A lone $ or \ (or $\) at the end of the input.
	l.tok(t, tStr, i, n)
	return
}

// unescapeStr decodes the escapes of a string piece: \n, \r, \t, \x -> x,
// and turns CR and CR LF into LF.
func unescapeStr(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\':
			i++
			if i >= len(s) {
				b.WriteByte('\\')
				break
			}
			switch c = s[i]; c {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(c)
			}
		case '\r':
			b.WriteByte('\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// lexIndString scans in the IND_STRING state.
func (l *lexer) lexIndString(t *token) {
	s := l.s
	i := l.off
	n := len(s)
	j := i
loop:
	for j < n {
		switch s[j] {
		case '$':
			if j+1 < n && s[j+1] != '{' && s[j+1] != '\'' {
				j += 2
				continue
			}
			break loop
		case '\'':
			if j+1 < n && s[j+1] != '\'' && s[j+1] != '$' {
				j += 2
				continue
			}
			break loop
		default:
			j++
		}
	}
	if j > i {
		l.tok(t, tIndStr, i, j)
		t.indent = true
		return
	}
	if s[i] == '\'' && i+1 < n && s[i+1] == '\'' {
		if i+2 < n {
			switch s[i+2] {
			case '$':
				l.tok(t, tIndStr, i, i+3)
				t.text = "$"
				return
			case '\'':
				l.tok(t, tIndStr, i, i+3)
				t.text = "''"
				return
			case '\\':
				if i+3 < n {
					l.tok(t, tIndStr, i, i+4)
					t.text = unescapeStr(s[i+2 : i+4])
					return
				}
			}
		}
		l.pop()
		l.tok(t, tIndClose, i, i+2)
		return
	}
	if s[i] == '$' {
		if i+1 < n && s[i+1] == '{' {
			l.push(sDefault)
			l.tok(t, tDollarCurly, i, i+2)
			return
		}
		l.tok(t, tIndStr, i, i+1)
		t.text = "$"
		return
	}
	// A lone quote.
	l.tok(t, tIndStr, i, i+1)
	t.text = "'"
	return
}
