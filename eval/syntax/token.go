package syntax

// tokKind is the kind of a lexical token. The set mirrors the tokens of
// Nix's flex lexer, so that the parser can follow Nix's grammar closely.
type tokKind uint8

const (
	tEOF     tokKind = iota
	tIllegal         // a character Nix returns as itself but the grammar never accepts
	tID
	tInt
	tFloat
	tPath    // relative or absolute path start (./a, a/b, /a)
	tHPath   // ~/a
	tSPath   // <a/b>
	tURI     // http://…
	tStr     // literal piece of a "…" string or of a path
	tIndStr  // literal piece of a ''…'' string
	tPathEnd // end of a path literal (zero width)
	tDollarCurly
	tQuote    // "
	tIndOpen  // '' (plus the rest of its line when only spaces)
	tIndClose // ''
	tIf       // if
	tThen     // then
	tElse     // else
	tAssert   // assert
	tWith     // with
	tLet      // let
	tIn       // in
	tRec      // rec
	tInherit  // inherit
	tOrKw     // or
	tEllipsis // ...
	tEq       // ==
	tNeq      // !=
	tLeq      // <=
	tGeq      // >=
	tAnd      // &&
	tOr       // ||
	tImpl     // ->
	tUpdate   // //
	tConcat   // ++
	tLBrace   // {
	tRBrace   // }
	tLParen   // (
	tRParen   // )
	tLBrack   // [
	tRBrack   // ]
	tSemi     // ;
	tColon    // :
	tDot      // .
	tComma    // ,
	tAt       // @
	tQuestion // ?
	tAssign   // =
	tPlus     // +
	tMinus    // -
	tStar     // *
	tSlash    // /
	tLt       // <
	tGt       // >
	tNot      // !
	numTokKinds
)

// tokNames are the names Nix's bison grammar uses in its messages.
var tokNames = [numTokKinds]string{
	tEOF:         "end of file",
	tIllegal:     "invalid token",
	tID:          "ID",
	tInt:         "INT_LIT",
	tFloat:       "FLOAT_LIT",
	tPath:        "PATH",
	tHPath:       "HPATH",
	tSPath:       "SPATH",
	tURI:         "URI",
	tStr:         "STR",
	tIndStr:      "IND_STR",
	tPathEnd:     "PATH_END",
	tDollarCurly: "DOLLAR_CURLY",
	tQuote:       "'\"'",
	tIndOpen:     "IND_STRING_OPEN",
	tIndClose:    "IND_STRING_CLOSE",
	tIf:          "IF",
	tThen:        "THEN",
	tElse:        "ELSE",
	tAssert:      "ASSERT",
	tWith:        "WITH",
	tLet:         "LET",
	tIn:          "IN_KW",
	tRec:         "REC",
	tInherit:     "INHERIT",
	tOrKw:        "OR_KW",
	tEllipsis:    "ELLIPSIS",
	tEq:          "EQ",
	tNeq:         "NEQ",
	tLeq:         "LEQ",
	tGeq:         "GEQ",
	tAnd:         "AND",
	tOr:          "OR",
	tImpl:        "IMPL",
	tUpdate:      "UPDATE",
	tConcat:      "CONCAT",
	tLBrace:      "'{'",
	tRBrace:      "'}'",
	tLParen:      "'('",
	tRParen:      "')'",
	tLBrack:      "'['",
	tRBrack:      "']'",
	tSemi:        "';'",
	tColon:       "':'",
	tDot:         "'.'",
	tComma:       "','",
	tAt:          "'@'",
	tQuestion:    "'?'",
	tAssign:      "'='",
	tPlus:        "'+'",
	tMinus:       "'-'",
	tStar:        "'*'",
	tSlash:       "'/'",
	tLt:          "'<'",
	tGt:          "'>'",
	tNot:         "'!'",
}

func (k tokKind) String() string {
	if k < numTokKinds {
		return tokNames[k]
	}
	return "?"
}

// identKind returns the keyword token for a keyword, else tID.
func identKind(s string) tokKind {
	switch s {
	case "if":
		return tIf
	case "then":
		return tThen
	case "else":
		return tElse
	case "assert":
		return tAssert
	case "with":
		return tWith
	case "let":
		return tLet
	case "in":
		return tIn
	case "rec":
		return tRec
	case "inherit":
		return tInherit
	case "or":
		return tOrKw
	}
	return tID
}

// token is one lexical token. Text is the token's value: the identifier, the
// decoded literal of a string piece, the path as written; it shares memory
// with the source or the parser's intern table where possible.
type token struct {
	kind tokKind
	// indent is set on tIndStr pieces taken verbatim from the source (they
	// take part in indentation stripping); escapes clear it.
	indent bool
	pos    Pos // where the token starts
	text   string
	ival   int64
	fval   float64
}

// endPos returns the position just after a token that has no line break
// in it (Nix's last_column), such as a keyword or punctuation.
func (t token) endPos() Pos {
	p := t.pos
	p.Offset += int32(len(t.text))
	p.Col += int32(len(t.text))
	return p
}
