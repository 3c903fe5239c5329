package syntax

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// MaxDepth bounds the nesting depth of expressions: parentheses, sets,
// lists, interpolations, lambda, let, with, assert and if bodies, unary
// operators and chains of right-associative operators each count one
// level. Deeper input is a syntax error rather than a stack overflow (here
// or in the evaluator). Nix 2.8's parser gives up at about the same depth
// (its stack holds 10000 entries).
const MaxDepth = 10000

// maxErrors is the number of errors after which parsing stops.
const maxErrors = 10

// Options controls how relative and home paths are resolved.
type Options struct {
	// BaseDir is the directory relative paths (./a, a/b) are resolved
	// against. It should be absolute; empty means the current directory.
	BaseDir string
	// HomeDir replaces ~ in home paths (~/a). Empty means $HOME.
	HomeDir string
	// Warn, when set, receives the warnings Nix prints while parsing
	// (without its "warning: " prefix).
	Warn func(msg string)
	// Name, when set, receives each name the parser meets (identifiers and
	// constant attribute names) once the parse is done, in the order Nix's
	// grammar makes them symbols: that of the source, but a lambda's
	// argument name after its body and a formal's after its default.
	Name func(name string)
}

// ParseFile parses the Nix expression in src, read from filename. Relative
// paths are resolved against the directory of filename (made absolute).
// On syntax errors it returns an ErrorList (sorted, at least one entry)
// and possibly a partial expression.
func ParseFile(filename string, src []byte) (Expr, error) {
	abs, err := filepath.Abs(filename)
	if err != nil {
		return nil, err
	}
	return Parse(filename, src, Options{BaseDir: filepath.Dir(abs)})
}

// ParseExpr parses an expression given on a command line or typed in a
// REPL (nix-instantiate -E); filename names it in positions (Nix uses
// «string»). Relative paths are resolved against the current directory.
func ParseExpr(filename string, src []byte) (Expr, error) {
	return Parse(filename, src, Options{})
}

// Parse parses src with explicit options. Errors are as for ParseFile.
func Parse(filename string, src []byte, opts Options) (Expr, error) {
	if opts.BaseDir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		opts.BaseDir = wd
	}
	if opts.HomeDir == "" {
		opts.HomeDir = os.Getenv("HOME")
	}
	p := &parser{opts: opts, file: filename}
	p.lx = newLexer(filename, string(src), &p.errs)
	e := p.parseTop()
	if opts.Name != nil {
		for _, n := range p.symNames {
			if n != "" {
				opts.Name(n)
			}
		}
	}
	if len(p.errs) > 0 {
		p.errs.Sort()
		return e, p.errs
	}
	return e, nil
}

// bailout is the panic value that abandons the current construct after a
// syntax error. To abandon the whole parse, halt makes the parser see the
// end of the input from then on, so that every construct bails out in turn
// (one short unwinding each, rather than re-panicking through every level).
type bailout struct{}

type parser struct {
	lx    *lexer
	file  string
	opts  Options
	errs  ErrorList
	depth int

	tok   token   // current token
	ahead []token // lookahead queue after tok

	// symNames are the names for Options.Name, in Nix's order; "" marks
	// one moved on (see laterName).
	symNames []string

	// index of static attribute names for large sets being built
	index map[*AttrSet]map[string]int
	// sets modified while parsing the current binds, sorted when it ends
	touched   []*AttrSet
	isTouched map[*AttrSet]bool

	halted bool // see halt

	// cursedOr maps each "x or" call (see parseSelect) to the end offset
	// of its or, until it is known whether Nix warns about it.
	cursedOr map[*Call]int32

	// building is the set whose bindings are being parsed; its static
	// attributes are attrBuf[buildMark:] until they are complete.
	building  *AttrSet
	buildMark int
	attrBuf   []Attr
	attrSlab  slab[Attr]

	nodes
}

func (p *parser) parseTop() (e Expr) {
	defer func() {
		if r := recover(); r != nil {
			switch r.(type) {
			case bailout:
				e = nil
			default:
				panic(r)
			}
		}
	}()
	p.next()
	e = p.parseExpr()
	if p.tok.kind != tEOF {
		p.unexpectedWant("end of file")
	}
	return e
}

// next advances to the next token.
func (p *parser) next() {
	if p.halted {
		return
	}
	if len(p.ahead) > 0 {
		p.tok = p.ahead[0]
		copy(p.ahead, p.ahead[1:])
		p.ahead = p.ahead[:len(p.ahead)-1]
	} else {
		p.lx.next(&p.tok)
	}
	if p.tok.kind == tID && p.opts.Name != nil && p.tok.text != "__curPos" {
		p.symNames = append(p.symNames, p.tok.text)
	}
}

// name passes a constant attribute name to Options.Name.
func (p *parser) name(s string) {
	if p.opts.Name != nil {
		p.symNames = append(p.symNames, s)
	}
}

// laterName takes back the name of the current token, an identifier, to
// be given again by the returned function: Nix's grammar makes a lambda's
// argument a symbol after the body, and a formal after its default.
func (p *parser) laterName() func() {
	if p.opts.Name == nil {
		return func() {}
	}
	n := p.tok.text
	if n != "__curPos" {
		p.symNames[len(p.symNames)-1] = ""
	}
	return func() { p.symNames = append(p.symNames, n) }
}

// peek returns the kind of the token k positions after the current one.
func (p *parser) peek(k int) tokKind {
	if p.halted {
		return tEOF
	}
	for len(p.ahead) < k {
		p.ahead = append(p.ahead, token{})
		p.lx.next(&p.ahead[len(p.ahead)-1])
	}
	return p.ahead[k-1].kind
}

func (p *parser) error(pos Pos, msg string) {
	if p.halted {
		return
	}
	p.errs.Add(pos, msg)
	if len(p.errs) >= maxErrors {
		p.halt()
	}
}

// halt abandons the parse: from now on the current token is the end of
// the input and no more errors are recorded.
func (p *parser) halt() {
	p.halted = true
	p.tok = token{kind: tEOF, pos: p.tok.pos}
	p.ahead = nil
	panic(bailout{})
}

func (p *parser) errorf(pos Pos, format string, args ...any) {
	p.error(pos, fmt.Sprintf(format, args...))
}

// unexpected reports the current token as a syntax error and bails out.
func (p *parser) unexpected() {
	p.error(p.tok.pos, "syntax error, unexpected "+p.tok.describe())
	panic(bailout{})
}

// unexpectedWant reports the current token as unexpected where Nix's
// grammar names the few tokens it expects.
func (p *parser) unexpectedWant(want string) {
	p.error(p.tok.pos, "syntax error, unexpected "+p.tok.describe()+", expecting "+want)
	panic(bailout{})
}

// attrStartWant is what Nix expects where an attribute name must start.
const attrStartWant = `ID or OR_KW or DOLLAR_CURLY or '"'`

func (t *token) describe() string {
	if t.kind == tIllegal {
		return "invalid token"
	}
	return t.kind.String()
}

// expect consumes a token of kind k, or reports a syntax error.
func (p *parser) expect(k tokKind) token {
	t := p.tok
	if t.kind != k {
		p.error(t.pos, "syntax error, unexpected "+t.describe()+", expecting "+k.String())
		panic(bailout{})
	}
	p.next()
	return t
}

func (p *parser) enter() {
	p.depth++
	if p.depth > MaxDepth {
		p.errorf(p.tok.pos, "expression nested too deeply (more than %d levels)", MaxDepth)
		p.halt()
	}
}

func (p *parser) leave() { p.depth-- }

// parseExpr parses expr (= expr_function in Nix's grammar).
func (p *parser) parseExpr() Expr {
	p.enter()
	defer p.leave()
	t := p.tok
	switch t.kind {
	case tID:
		switch p.peek(1) {
		case tColon:
			later := p.laterName()
			p.next()
			p.next()
			body := p.parseExpr()
			later()
			l := p.lambdas.new()
			l.P, l.Arg, l.ArgPos, l.Body = t.pos, t.text, t.pos, body
			return l
		case tAt:
			later := p.laterName()
			p.next()
			p.next()
			p.expect(tLBrace)
			f := p.parseFormals()
			p.expect(tColon)
			body := p.parseExpr()
			later()
			return p.lambda(t.pos, t.text, t.pos, f, body)
		}
	case tLBrace:
		if p.isFormals() {
			p.next()
			f := p.parseFormals()
			arg, argPos := "", Pos{}
			later := func() {}
			if p.tok.kind == tAt {
				p.next()
				if p.tok.kind == tID {
					later = p.laterName()
				}
				a := p.expect(tID)
				arg, argPos = a.text, a.pos
			}
			p.expect(tColon)
			body := p.parseExpr()
			later()
			return p.lambda(t.pos, arg, argPos, f, body)
		}
	case tAssert:
		p.next()
		cond := p.parseExpr()
		p.expect(tSemi)
		return &Assert{P: t.pos, Cond: cond, Body: p.parseExpr()}
	case tWith:
		p.next()
		env := p.parseExpr()
		p.expect(tSemi)
		return &With{P: t.pos, Env: env, Body: p.parseExpr()}
	case tLet:
		if p.peek(1) != tLBrace {
			p.next()
			set := p.parseBinds(tIn, false)
			p.next()
			body := p.parseExpr()
			if len(set.Dynamic) > 0 {
				p.error(t.pos, "dynamic attributes not allowed in let")
			}
			return &Let{P: t.pos, Attrs: set.Attrs, Body: body}
		}
	case tIf:
		p.next()
		cond := p.parseExpr()
		p.expect(tThen)
		then := p.parseExpr()
		p.expect(tElse)
		els := p.parseExpr()
		return &If{P: t.pos, Cond: cond, Then: then, Else: els}
	}
	return p.parseOp(precImpl)
}

// lambda builds a lambda with formals, checking for duplicate names.
func (p *parser) lambda(pos Pos, arg string, argPos Pos, f *Formals, body Expr) *Lambda {
	// Nix reports the duplicate whose second occurrence comes first.
	var dupName string
	var dupPos Pos
	for i := 1; i < len(f.List); i++ {
		for j := 0; j < i; j++ {
			if f.List[i].Name == f.List[j].Name {
				if dupName == "" || f.List[i].P.Offset < dupPos.Offset {
					dupName, dupPos = f.List[i].Name, f.List[i].P
				}
				break
			}
		}
	}
	if dupName != "" {
		p.errorf(dupPos, "duplicate formal function argument '%s'", dupName)
	} else if arg != "" && f.Has(arg) {
		p.errorf(pos, "duplicate formal function argument '%s'", arg)
	}
	l := p.lambdas.new()
	l.P, l.Arg, l.ArgPos, l.Formals, l.Body = pos, arg, argPos, f, body
	return l
}

// isFormals decides, at a '{', whether a lambda pattern follows (rather
// than an attribute set), using at most three tokens of lookahead.
func (p *parser) isFormals() bool {
	switch p.peek(1) {
	case tRBrace:
		k := p.peek(2)
		return k == tColon || k == tAt
	case tEllipsis:
		return true
	case tID:
		// { a } cannot be a set: like Nix's GLR parser, go on as a pattern
		// (and report what is missing after it).
		switch p.peek(2) {
		case tComma, tQuestion, tRBrace:
			return true
		}
	}
	return false
}

// parseFormals parses formals after '{' up to and including '}'.
func (p *parser) parseFormals() *Formals {
	f := &Formals{}
	for {
		switch p.tok.kind {
		case tRBrace:
			p.next()
			return f
		case tEllipsis:
			p.next()
			f.Ellipsis = true
			p.expect(tRBrace)
			return f
		case tID:
			t := p.tok
			later := p.laterName()
			p.next()
			fm := Formal{P: t.pos, Name: t.text}
			if p.tok.kind == tQuestion {
				p.next()
				fm.Default = p.parseExpr()
			}
			later()
			f.List = append(f.List, fm)
			if p.tok.kind == tComma {
				p.next()
				continue
			}
			if p.tok.kind != tRBrace {
				p.unexpectedWant("'}' or ','")
			}
			p.next()
			return f
		default:
			p.unexpectedWant("ID or ELLIPSIS or '}'")
		}
	}
}

// Operator precedences, lowest first, as declared in Nix's grammar.
const (
	precImpl   = 1 + iota // -> (right)
	precOr                // || (left)
	precAnd               // && (left)
	precEq                // == != (none)
	precCmp               // < > <= >= (none)
	precUpdate            // // (right)
	precNot               // ! (prefix)
	precAdd               // + - (left)
	precMul               // * / (left)
	precConcat            // ++ (right)
	precHas               // ? (none)
	precNeg               // unary - (prefix)
)

// binOp returns the operator, precedence and associativity of a binary
// operator token; prec 0 if the token is not one.
func binOp(k tokKind) (op Op, prec int, assoc byte) {
	switch k {
	case tImpl:
		return OpImpl, precImpl, 'r'
	case tOr:
		return OpOr, precOr, 'l'
	case tAnd:
		return OpAnd, precAnd, 'l'
	case tEq:
		return OpEq, precEq, 'n'
	case tNeq:
		return OpNe, precEq, 'n'
	case tLt:
		return OpLt, precCmp, 'n'
	case tGt:
		return OpGt, precCmp, 'n'
	case tLeq:
		return OpLe, precCmp, 'n'
	case tGeq:
		return OpGe, precCmp, 'n'
	case tUpdate:
		return OpUpdate, precUpdate, 'r'
	case tPlus:
		return OpAdd, precAdd, 'l'
	case tMinus:
		return OpSub, precAdd, 'l'
	case tStar:
		return OpMul, precMul, 'l'
	case tSlash:
		return OpDiv, precMul, 'l'
	case tConcat:
		return OpConcat, precConcat, 'r'
	case tQuestion:
		// Declared %nonassoc, but a ? b ? c parses (the right operand is
		// an attribute path), as if it were left associative.
		return OpInvalid, precHas, 'l'
	}
	return OpInvalid, 0, 0
}

// parseOp parses expr_op with operators of precedence >= minPrec, by
// precedence climbing; it resolves exactly the way bison resolves Nix's
// precedence declarations.
func (p *parser) parseOp(minPrec int) Expr {
	xStart := p.tok.pos
	x := p.parseUnary()
	lastNonAssoc := 0
	for {
		op, prec, assoc := binOp(p.tok.kind)
		if prec == 0 || prec < minPrec {
			return x
		}
		if prec == lastNonAssoc {
			p.unexpected()
		}
		t := p.tok
		p.next()
		if t.kind == tQuestion {
			path := p.parseAttrPath()
			x = &HasAttr{P: x.Pos(), X: x, Path: path}
		} else {
			var y Expr
			yStart := p.tok.pos
			if assoc == 'r' {
				p.enter()
				y = p.parseOp(prec)
				p.leave()
			} else {
				y = p.parseOp(prec + 1)
			}
			b := p.binaries.new()
			b.P, b.OpPos, b.Op, b.X, b.Y = x.Pos(), t.pos, op, x, y
			if op == OpAdd && (xStart != x.Pos() || yStart != y.Pos()) {
				b.Starts = &[2]Pos{xStart, yStart}
			}
			x = b
		}
		lastNonAssoc = 0
		if assoc == 'n' {
			lastNonAssoc = prec
		}
	}
}

func (p *parser) parseUnary() Expr {
	t := p.tok
	op, prec := OpNot, precNot
	switch t.kind {
	case tNot:
	case tMinus:
		op, prec = OpNeg, precNeg
	default:
		return p.parseApp()
	}
	p.next()
	p.enter()
	defer p.leave()
	return &Unary{P: t.pos, Op: op, X: p.parseOp(prec + 1)}
}

// startsSelect reports whether a token can start expr_select.
func startsSelect(k tokKind) bool {
	switch k {
	case tID, tInt, tFloat, tQuote, tIndOpen, tPath, tHPath, tSPath, tURI,
		tLParen, tLet, tRec, tLBrace, tLBrack:
		return true
	}
	return false
}

// parseApp parses function application (expr_app).
func (p *parser) parseApp() Expr {
	start := p.tok.pos // Nix's position of a call: its first token
	f := p.parseSelect()
	if c, ok := f.(*Call); ok && p.cursedOr != nil {
		delete(p.cursedOr, c) // the head of an application: no warning
	}
	if !startsSelect(p.tok.kind) {
		return f
	}
	mark := len(p.exprBuf)
	for startsSelect(p.tok.kind) {
		arg := p.parseSelect()
		p.warnCursedOr(arg)
		p.exprBuf = append(p.exprBuf, arg)
	}
	args := p.exprs.copyOf(p.exprBuf[mark:])
	p.exprBuf = p.exprBuf[:mark]
	if c, ok := f.(*Call); ok {
		c.Args = append(c.Args, args...)
		return c
	}
	c := p.calls.new()
	c.P, c.Fun, c.Args = start, f, args
	return c
}

// parseSelect parses expr_select: a.b.c, a.b or default, and the legacy
// "x or" (x applied to a variable named or).
func (p *parser) parseSelect() Expr {
	start := p.tok.pos // Nix's position of a selection: its first token
	x := p.parseSimple()
	switch p.tok.kind {
	case tDot:
		p.next()
		path := p.parseAttrPath()
		s := p.selects.new()
		s.P, s.X, s.Path = start, x, path
		if p.tok.kind == tOrKw {
			p.next()
			p.enter()
			s.Default = p.parseSelect()
			p.warnCursedOr(s.Default)
			p.leave()
		}
		return s
	case tOrKw:
		t := p.tok
		p.next()
		c := p.calls.new()
		// Nix gives the variable the position of the whole call.
		c.P, c.Fun, c.Args = start, x, p.exprs.copyOf([]Expr{p.newVar(start, "or")})
		if p.opts.Warn != nil {
			if p.cursedOr == nil {
				p.cursedOr = map[*Call]int32{}
			}
			p.cursedOr[c] = t.pos.Offset + 2
		}
		return c
	}
	return x
}

// warnCursedOr gives Nix 2.26's warning when x, an argument, a list element
// or a select's default, is an "x or" call: a later Nix parses it as a
// select. (At the head of an application it means the same either way.)
func (p *parser) warnCursedOr(x Expr) {
	c, ok := x.(*Call)
	if !ok || p.cursedOr == nil {
		return
	}
	end, ok := p.cursedOr[c]
	if !ok {
		return
	}
	delete(p.cursedOr, c)
	p.opts.Warn(fmt.Sprintf("at %s: This expression uses `or` as an identifier in a way that will change in a future Nix release.\n"+
		"Wrap this entire expression in parentheses to preserve its current meaning:\n"+
		"    (%s)\n"+
		"Give feedback at https://github.com/NixOS/nix/pull/11121", c.P, p.lx.s[c.P.Offset:end]))
}

// parseAttrPath parses attrpath: names separated by dots.
func (p *parser) parseAttrPath() []AttrName {
	mark := len(p.nameBuf)
	for {
		name := p.parseAttrName()
		p.nameBuf = append(p.nameBuf, name)
		if p.tok.kind != tDot {
			path := p.names.copyOf(p.nameBuf[mark:])
			p.nameBuf = p.nameBuf[:mark]
			return path
		}
		p.next()
	}
}

// parseAttrName parses attr or string_attr. A quoted or ${} name whose
// expression is a constant string is static.
func (p *parser) parseAttrName() AttrName {
	t := p.tok
	switch t.kind {
	case tID, tOrKw:
		p.next()
		return AttrName{P: t.pos, Name: t.text}
	case tQuote:
		s := p.parseString()
		if v, ok := s.Const(); ok {
			p.name(v)
			return AttrName{P: t.pos, Name: v}
		}
		return AttrName{P: t.pos, Expr: s}
	case tDollarCurly:
		p.next()
		e := p.parseExpr()
		p.expect(tRBrace)
		if s, ok := e.(*Str); ok {
			if v, ok := s.Const(); ok {
				p.name(v)
				return AttrName{P: t.pos, Name: v}
			}
		}
		return AttrName{P: t.pos, Expr: e}
	}
	p.unexpectedWant(attrStartWant)
	return AttrName{}
}

// parseSimple parses expr_simple.
func (p *parser) parseSimple() Expr {
	t := p.tok
	switch t.kind {
	case tID:
		p.next()
		if t.text == "__curPos" {
			return &CurPos{P: t.pos}
		}
		return p.newVar(t.pos, t.text)
	case tInt:
		p.next()
		i := p.ints.new()
		i.P, i.Value = t.pos, t.ival
		return i
	case tFloat:
		p.next()
		return &Float{P: t.pos, Value: t.fval}
	case tQuote:
		return p.parseString()
	case tIndOpen:
		return p.parseIndString()
	case tPath, tHPath:
		return p.parsePath()
	case tSPath:
		p.next()
		return &Path{P: t.pos, Kind: PathSearch, Raw: t.text, Value: t.text[1 : len(t.text)-1],
			FindFile: &Var{P: t.pos, Name: "__findFile"}, NixPath: &Var{P: t.pos, Name: "__nixPath"}}
	case tURI:
		p.next()
		return p.newStr(t.pos, StrURI, p.lit(t.pos, t.text))
	case tLParen:
		p.next()
		e := p.parseExpr()
		p.expect(tRParen)
		return e
	case tLet, tRec:
		p.next()
		p.expect(tLBrace)
		set := p.parseBinds(tRBrace, true)
		p.next()
		set.P = t.pos
		if t.kind == tLet {
			// Old-style let { …; body = …; }: Nix's (rec { … }).body.
			return &Select{X: set, Path: []AttrName{{Name: "body"}}}
		}
		return set
	case tLBrace:
		p.next()
		set := p.parseBinds(tRBrace, false)
		p.next()
		set.P = t.pos
		return set
	case tLBrack:
		p.next()
		p.enter()
		defer p.leave()
		mark := len(p.exprBuf)
		for p.tok.kind != tRBrack {
			if !startsSelect(p.tok.kind) {
				p.unexpected()
			}
			x := p.parseSelect()
			p.warnCursedOr(x)
			p.exprBuf = append(p.exprBuf, x)
		}
		p.next()
		l := p.lists.new()
		l.P, l.Elems = t.pos, p.exprs.copyOf(p.exprBuf[mark:])
		p.exprBuf = p.exprBuf[:mark]
		return l
	}
	p.unexpected()
	return nil
}

// parseInterpolation parses ${ expr } (the current token is ${).
func (p *parser) parseInterpolation() StrPart {
	t := p.tok
	p.next()
	e := p.parseExpr()
	p.expect(tRBrace)
	return StrPart{P: t.pos, Expr: e}
}

// parseParts parses the pieces of a string after its opening token:
// literal tokens of kind lit and interpolations, up to and including the
// closing token; it calls add for each piece.
func (p *parser) parseParts(lit, close tokKind, add func(part StrPart, indent bool)) {
	p.next()
	for {
		switch p.tok.kind {
		case lit:
			if strings.IndexByte(p.tok.text, 0) >= 0 {
				// Nix 2.26 shows the NUL as U+2400.
				p.errorf(p.tok.pos, "input string '%s' cannot be represented as Nix string because it contains null bytes",
					strings.ReplaceAll(p.tok.text, "\x00", "\u2400"))
			}
			add(StrPart{P: p.tok.pos, Lit: p.tok.text}, p.tok.indent)
			p.next()
		case tDollarCurly:
			add(p.parseInterpolation(), false)
		case close:
			p.next()
			return
		default:
			if close == tQuote {
				p.unexpectedWant(tQuote.String())
			}
			p.unexpectedWant("IND_STR or DOLLAR_CURLY or IND_STRING_CLOSE")
		}
	}
}

// parseString parses a "…" string.
func (p *parser) parseString() *Str {
	pos := p.tok.pos
	mark := len(p.partBuf)
	p.parseParts(tStr, tQuote, func(part StrPart, _ bool) { p.partBuf = append(p.partBuf, part) })
	parts := p.parts.copyOf(p.partBuf[mark:])
	p.partBuf = p.partBuf[:mark]
	if len(parts) == 0 {
		parts = p.lit(pos, "")
	}
	return p.newStr(pos, StrNormal, parts)
}

// indPart is a piece of an indented string before indentation stripping.
type indPart struct {
	StrPart
	indent bool // literal text from the source (not an escape)
}

// parseIndString parses an indented string and strips its indentation.
func (p *parser) parseIndString() *Str {
	pos := p.tok.pos
	mark := len(p.indBuf)
	p.parseParts(tIndStr, tIndClose, func(part StrPart, indent bool) { p.indBuf = append(p.indBuf, indPart{part, indent}) })
	parts := p.stripIndentation(pos, p.indBuf[mark:])
	p.indBuf = p.indBuf[:mark]
	return p.newStr(pos, StrIndented, parts)
}

// stripIndentation removes the common indentation of the lines of an
// indented string, as Nix does: only spaces count, interpolations and
// escapes end a line's indentation, lines of only spaces do not count, and
// a final line of only spaces is dropped. The literals of the result share
// one new string.
func (p *parser) stripIndentation(pos Pos, es []indPart) []StrPart {
	if len(es) == 0 {
		return p.lit(pos, "")
	}
	// The minimum indentation.
	atStart := true
	minIndent := 1000000
	cur := 0
	for _, e := range es {
		if e.Expr != nil || !e.indent {
			if atStart {
				atStart = false
				minIndent = min(minIndent, cur)
			}
			continue
		}
		s := e.Lit
		for j := 0; j < len(s); j++ {
			if atStart {
				switch s[j] {
				case ' ':
					cur++
				case '\n':
					cur = 0
				default:
					atStart = false
					minIndent = min(minIndent, cur)
				}
			} else if s[j] == '\n' {
				atStart = true
				cur = 0
			}
		}
	}

	// Strip it, writing the literals one after the other into buf and
	// remembering where each ends.
	buf := p.byteBuf[:0]
	ends := p.endBuf[:0]
	atStart = true
	dropped := 0
	for i, e := range es {
		if e.Expr != nil {
			atStart = false
			dropped = 0
			ends = append(ends, len(buf))
			continue
		}
		s := e.Lit
		start := len(buf)
		for j := 0; j < len(s); j++ {
			c := s[j]
			if atStart {
				switch c {
				case ' ':
					if dropped >= minIndent {
						buf = append(buf, c)
					}
					dropped++
				case '\n':
					dropped = 0
					buf = append(buf, c)
				default:
					atStart = false
					dropped = 0
					buf = append(buf, c)
				}
			} else {
				buf = append(buf, c)
				if c == '\n' {
					atStart = true
				}
			}
		}
		// Remove the last line if it is empty and consists only of spaces.
		if i == len(es)-1 {
			if k := bytes.LastIndexByte(buf[start:], '\n'); k >= 0 && len(bytes.Trim(buf[start+k+1:], " ")) == 0 {
				buf = buf[:start+k+1]
			}
		}
		ends = append(ends, len(buf))
	}
	all := string(buf)
	p.byteBuf, p.endBuf = buf, ends
	out := p.parts.make(len(es))
	start := 0
	for i, e := range es {
		if e.Expr != nil {
			out[i] = e.StrPart
			continue
		}
		out[i] = StrPart{P: e.P, Lit: all[start:ends[i]]}
		start = ends[i]
	}
	return out
}

// parsePath parses a path literal, possibly interpolated.
func (p *parser) parsePath() *Path {
	t := p.tok
	p.next()
	path := p.paths.new()
	path.P, path.Raw = t.pos, t.text
	if t.kind == tHPath {
		path.Kind = PathHome
		path.Value = p.opts.HomeDir + t.text[1:]
	} else {
		if t.text[0] == '/' {
			path.Kind = PathAbsolute
			path.Value = filepath.Clean(t.text)
		} else {
			path.Kind = PathRelative
			path.Value = filepath.Clean(p.opts.BaseDir + "/" + t.text)
		}
		if len(t.text) > 1 && t.text[len(t.text)-1] == '/' && path.Value != "/" {
			path.Value += "/"
		}
	}
	if p.tok.kind == tPathEnd {
		p.next()
		return path
	}
	// Nix's string_parts_interpolated: a literal piece must be followed
	// by an interpolation before the path may end.
	path.Parts = []StrPart{{P: t.pos, Lit: path.Value}}
	interpolated := false
	for {
		switch p.tok.kind {
		case tStr:
			path.Parts = append(path.Parts, StrPart{P: p.tok.pos, Lit: p.tok.text})
			p.next()
			if !interpolated && p.tok.kind != tDollarCurly {
				p.expect(tDollarCurly)
			}
		case tDollarCurly:
			path.Parts = append(path.Parts, p.parseInterpolation())
			interpolated = true
		case tPathEnd:
			p.next()
			return path
		default:
			p.unexpected()
		}
	}
}

// parseBinds parses bindings up to (not including) the token end, into a
// fresh AttrSet whose static attributes are sorted; rec for rec { }.
func (p *parser) parseBinds(end tokKind, rec bool) *AttrSet {
	set := p.sets.new()
	set.Rec = rec
	// The static attributes of set are collected on the attrBuf stack.
	saveSet, saveMark := p.building, p.buildMark
	p.building, p.buildMark = set, len(p.attrBuf)
	defer func(mark int) {
		p.attrBuf = p.attrBuf[:mark]
		p.building, p.buildMark = saveSet, saveMark
	}(p.buildMark)
	mark := len(p.touched)
	for p.tok.kind != end {
		if p.tok.kind == tEOF {
			p.unexpectedBind(set, end)
		}
		p.parseBind(set, end)
	}
	region := p.attrBuf[p.buildMark:]
	sortAttrs(region)
	set.Attrs = p.attrSlab.copyOf(region)
	delete(p.index, set)
	for _, s := range p.touched[mark:] {
		sortAttrs(s.Attrs)
		delete(p.index, s)
		delete(p.isTouched, s)
	}
	p.touched = p.touched[:mark]
	return set
}

func sortAttrs(a []Attr) {
	slices.SortStableFunc(a, func(x, y Attr) int { return strings.Compare(x.Name, y.Name) })
}

// unexpectedBind reports the current token where a binding of set (up
// to end) must start, naming what Nix's grammar expects there.
func (p *parser) unexpectedBind(set *AttrSet, end tokKind) {
	switch {
	case end == tIn:
		p.unexpectedWant("IN_KW or INHERIT")
	case set.Rec:
		p.unexpectedWant("INHERIT or '}'")
	default:
		p.unexpectedWant("INHERIT")
	}
}

// parseBind parses one binding into set, recovering from a syntax error
// by skipping to the next ';' (or to the end of the bindings).
func (p *parser) parseBind(set *AttrSet, end tokKind) {
	depth := p.depth
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
			p.depth = depth
			if !p.halted {
				p.sync(end)
			}
		}
	}()
	if p.tok.kind == tInherit {
		p.parseInherit(set)
		return
	}
	start := p.tok.pos
	switch p.tok.kind {
	case tID, tOrKw, tQuote, tDollarCurly:
	default:
		p.unexpectedBind(set, end)
	}
	path := p.parseAttrPath()
	if p.tok.kind != tAssign {
		p.unexpectedWant("'.' or '='")
	}
	p.next()
	value := p.parseExpr()
	p.expect(tSemi)
	p.addAttr(set, path, value, start)
}

// sync skips tokens after a syntax error: past the next ';' at this
// nesting level, or up to the token that ends the bindings.
func (p *parser) sync(end tokKind) {
	level := 0
	for {
		switch p.tok.kind {
		case tEOF:
			return
		case tSemi:
			if level == 0 {
				p.next()
				return
			}
		case tLBrace, tDollarCurly, tLParen, tLBrack:
			level++
		case tRBrace, tRParen, tRBrack:
			if level == 0 {
				if p.tok.kind == end {
					return
				}
				p.halt()
			}
			level--
		case tIn:
			if level == 0 && end == tIn {
				return
			}
		}
		p.next()
	}
}

// parseInherit parses inherit names; or inherit (e) names;.
func (p *parser) parseInherit(set *AttrSet) {
	p.next()
	var from Expr
	if p.tok.kind == tLParen {
		p.next()
		from = p.parseExpr()
		p.expect(tRParen)
	}
	// Nix adds the names (and finds duplicates) once the ';' is read.
	mark := len(p.nameBuf)
	for p.tok.kind != tSemi {
		t := p.tok
		switch t.kind {
		case tID, tOrKw:
			p.next()
			p.nameBuf = append(p.nameBuf, AttrName{P: t.pos, Name: t.text})
		case tQuote, tDollarCurly:
			an := p.parseAttrName()
			if an.Expr != nil {
				p.error(t.pos, "dynamic attributes not allowed in inherit")
				continue
			}
			an.P = t.pos
			p.nameBuf = append(p.nameBuf, an)
		default:
			p.unexpected()
		}
	}
	p.next()
	for _, n := range p.nameBuf[mark:] {
		if i := p.find(set, n.Name); i >= 0 {
			p.errorf(n.P, "attribute '%s' already defined at %s", printIdent(n.Name), p.attrsOf(set)[i].P)
			continue
		}
		// Nix 2.26 places an inherited attribute at its name (2.8: after
		// the keyword or the parenthesised expression).
		a := Attr{P: n.P, Name: n.Name, NamePos: n.P}
		if from == nil {
			a.Kind = AttrInherit
			a.Value = p.newVar(n.P, n.Name)
		} else {
			a.Kind = AttrInheritFrom
			a.Value = &Select{P: n.P, X: from, Path: []AttrName{n}}
		}
		p.insert(set, a)
	}
	p.nameBuf = p.nameBuf[:mark]
}

// find returns the index of a static attribute in a set being built.
func (p *parser) find(set *AttrSet, name string) int {
	attrs := p.attrsOf(set)
	if len(attrs) < 16 {
		for i := range attrs {
			if attrs[i].Name == name {
				return i
			}
		}
		return -1
	}
	idx := p.index[set]
	if idx == nil {
		if p.index == nil {
			p.index = make(map[*AttrSet]map[string]int)
		}
		idx = make(map[string]int, len(attrs)*2)
		for i := range attrs {
			idx[attrs[i].Name] = i
		}
		p.index[set] = idx
	}
	if i, ok := idx[name]; ok {
		return i
	}
	return -1
}

// attrsOf returns the static attributes of a set being built.
func (p *parser) attrsOf(set *AttrSet) []Attr {
	if set == p.building {
		return p.attrBuf[p.buildMark:]
	}
	return set.Attrs
}

// insert appends a new static attribute to a set being built.
func (p *parser) insert(set *AttrSet, a Attr) {
	if idx := p.index[set]; idx != nil {
		idx[a.Name] = len(p.attrsOf(set))
	}
	if set == p.building {
		p.attrBuf = append(p.attrBuf, a)
		return
	}
	set.Attrs = append(set.Attrs, a)
}

// touch notes that a set other than the one whose bindings are being
// parsed was changed and must be sorted again when they end.
func (p *parser) touch(set, top *AttrSet) {
	if set == top || p.isTouched[set] {
		return
	}
	if p.isTouched == nil {
		p.isTouched = make(map[*AttrSet]bool)
	}
	p.isTouched[set] = true
	p.touched = append(p.touched, set)
}

// merge merges add, an attribute set literal defined at path, into the
// one defined there before, existing, as Nix 2.26 does: its static
// attributes and then its dynamic ones; an attribute both define is
// merged in turn when both define it as a set literal, else is a
// duplicate.
func (p *parser) merge(existing, add *AttrSet, path []AttrName, top *AttrSet) {
	for _, ad := range add.Attrs {
		j := p.find(existing, ad.Name)
		if j < 0 {
			p.insert(existing, ad)
			continue
		}
		ea := &p.attrsOf(existing)[j]
		inner, ok1 := ea.Value.(*AttrSet)
		more, ok2 := ad.Value.(*AttrSet)
		if ea.Kind != AttrPlain || !ok1 || !ok2 {
			p.errorf(ad.P, "attribute '%s.%s' already defined at %s", showAttrPath(path), printIdent(ad.Name), ea.P)
			continue
		}
		p.merge(inner, more, append(path[:len(path):len(path)], AttrName{Name: ad.Name, P: ad.P}), top)
	}
	existing.Dynamic = append(existing.Dynamic, add.Dynamic...)
	p.touch(existing, top)
}

func showAttrPath(path []AttrName) string {
	var b printer
	for i, a := range path {
		if i > 0 {
			b.WriteByte('.')
		}
		if a.Expr == nil {
			b.WriteString(printIdent(a.Name))
		} else {
			b.WriteString(`"${`)
			writeExpr(&b, a.Expr)
			b.WriteString(`}"`)
		}
	}
	return b.String()
}

// addAttr adds path = value to set, creating and merging nested sets as
// Nix does, and reporting duplicate definitions with Nix's messages.
func (p *parser) addAttr(set *AttrSet, path []AttrName, value Expr, pos Pos) {
	top := set
	dup := func(upTo int, prev Pos) {
		p.errorf(pos, "attribute '%s' already defined at %s", showAttrPath(path[:upTo]), prev)
	}
	for k, an := range path[:len(path)-1] {
		if an.Expr != nil {
			nested := &AttrSet{P: pos}
			set.Dynamic = append(set.Dynamic, DynAttr{P: pos, Name: an.Expr, Value: nested})
			set = nested
			continue
		}
		if i := p.find(set, an.Name); i >= 0 {
			a := &p.attrsOf(set)[i]
			inner, ok := a.Value.(*AttrSet)
			if a.Kind != AttrPlain || !ok {
				dup(k+1, a.P)
				return
			}
			set = inner
			continue
		}
		nested := &AttrSet{P: pos}
		p.insert(set, Attr{P: pos, Name: an.Name, Value: nested, NamePos: an.P})
		p.touch(set, top)
		set = nested
	}
	last := path[len(path)-1]
	if last.Expr != nil {
		set.Dynamic = append(set.Dynamic, DynAttr{P: pos, Name: last.Expr, Value: value})
		return
	}
	if i := p.find(set, last.Name); i >= 0 {
		a := &p.attrsOf(set)[i]
		existing, ok1 := a.Value.(*AttrSet)
		add, ok2 := value.(*AttrSet)
		if a.Kind != AttrPlain || !ok1 || !ok2 {
			dup(len(path), a.P)
			return
		}
		p.merge(existing, add, path, top)
		return
	}
	// As in Nix, the name reaches the lambdas of a curried function too.
	for l, ok := value.(*Lambda); ok && l.Name == ""; l, ok = l.Body.(*Lambda) {
		l.Name = last.Name
	}
	p.insert(set, Attr{P: pos, Name: last.Name, Value: value, NamePos: last.P})
	p.touch(set, top)
}
