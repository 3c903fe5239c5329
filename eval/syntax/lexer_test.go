package syntax

import (
	"strings"
	"testing"
)

// lexAll returns the tokens of src as "KIND" or "KIND:text" strings
// (text only for tokens that carry a value), up to end of file.
func lexAll(src string) (toks []string, errs ErrorList) {
	l := newLexer("t.nix", src, &errs)
	for i := 0; i < 1000; i++ {
		var t token
		l.next(&t)
		if t.kind == tEOF {
			return toks, errs
		}
		s := t.kind.String()
		switch t.kind {
		case tID, tPath, tHPath, tSPath, tURI, tStr, tInt, tFloat, tIllegal:
			s += ":" + t.text
		case tIndStr:
			s += ":" + t.text
			if !t.indent {
				s += "(esc)"
			}
		}
		toks = append(toks, s)
	}
	panic("lexer does not terminate")
}

func TestLexer(t *testing.T) {
	tests := []struct {
		src  string
		want string // tokens separated by spaces
		err  string // substring of the first error, if any
	}{
		{src: "", want: ""},
		{src: "  \t\r\n # comment\n /* block */ ", want: ""},
		{src: "a b_c d'e f-g _x", want: "ID:a ID:b_c ID:d'e ID:f-g ID:_x"},
		{src: "if then else assert with let in rec inherit or", want: "IF THEN ELSE ASSERT WITH LET IN_KW REC INHERIT OR_KW"},
		{src: "iff in' or-", want: "ID:iff ID:in' ID:or-"},
		{src: "0 123 007", want: "INT_LIT:0 INT_LIT:123 INT_LIT:007"},
		{src: "1.5 .5 1. 0.5 1.5e3 1.E-2 2e3", want: "FLOAT_LIT:1.5 FLOAT_LIT:.5 FLOAT_LIT:1. FLOAT_LIT:0.5 FLOAT_LIT:1.5e3 FLOAT_LIT:1.E-2 INT_LIT:2 ID:e3"},
		{src: "00.5 0.", want: "INT_LIT:00 FLOAT_LIT:.5 INT_LIT:0 '.'"},
		{src: "9223372036854775808", want: "INT_LIT:9223372036854775808", err: "invalid integer '9223372036854775808'"},
		{src: "1e999", want: "INT_LIT:1 ID:e999"},
		{src: "1.0e999", want: "FLOAT_LIT:1.0e999", err: "invalid float"},
		{src: "== != <= >= && || -> // ++ ...", want: "EQ NEQ LEQ GEQ AND OR IMPL UPDATE CONCAT ELLIPSIS"},
		{src: "{ } ( ) [ ] ; : . , @ ? = + - * / < > !", want: "'{' '}' '(' ')' '[' ']' ';' ':' '.' ',' '@' '?' '=' '+' '-' '*' '/' '<' '>' '!'"},
		{src: "a.b", want: "ID:a '.' ID:b"},
		{src: "x.1", want: "ID:x FLOAT_LIT:.1"},
		{src: "..", want: "'.' '.'"},
		{src: "x:x", want: "URI:x:x"},
		{src: "x: x", want: "ID:x ':' ID:x"},
		{src: "http://example.org/a?b=c&d=e#frag", want: "URI:http://example.org/a?b=c&d=e"},
		{src: "git+ssh://git@host:a/b", want: "URI:git+ssh://git@host:a/b"},
		{src: "./a", want: "PATH:./a PATH_END"},
		{src: "a/b/c.nix;", want: "PATH:a/b/c.nix PATH_END ';'"},
		{src: "1/2", want: "PATH:1/2 PATH_END"},
		{src: "/etc", want: "PATH:/etc PATH_END"},
		{src: "-a/b", want: "PATH:-a/b PATH_END"},
		{src: "a//b", want: "ID:a UPDATE ID:b"},
		{src: "./a//b", want: "PATH:./a/ STR:/b PATH_END"},
		{src: "./a //b", want: "PATH:./a PATH_END UPDATE ID:b"},
		{src: "~/a/b", want: "HPATH:~/a/b PATH_END"},
		{src: "~", want: "invalid token:~"},
		{src: "<nixpkgs/lib>", want: "SPATH:<nixpkgs/lib>"},
		{src: "<a", want: "'<' ID:a"},
		{src: "a<b>c", want: "ID:a SPATH:<b> ID:c"},
		{src: "./a/${x}/b.nix", want: "PATH:./a/ DOLLAR_CURLY ID:x '}' STR:/b.nix PATH_END"},
		{src: "./${x}", want: "PATH:./ DOLLAR_CURLY ID:x '}' PATH_END"},
		{src: "/${x}", want: "PATH:/ DOLLAR_CURLY ID:x '}' PATH_END"},
		{src: "a/${x}y", want: "PATH:a/ DOLLAR_CURLY ID:x '}' STR:y PATH_END"},
		{src: "./a${x}", want: "PATH:./a DOLLAR_CURLY ID:x '}' PATH_END"},
		{src: "~/${x}", want: "HPATH:~/ DOLLAR_CURLY ID:x '}' PATH_END"},
		{src: "./a/", want: "PATH:./a/ PATH_END", err: "path has a trailing slash"},
		{src: "./a/${x}/ ", want: "PATH:./a/ DOLLAR_CURLY ID:x '}' STR:/ PATH_END", err: "1:10: path has a trailing slash"},
		{src: `"abc"`, want: `'"' STR:abc '"'`},
		{src: `""`, want: `'"' '"'`},
		{src: `"a\nb\tc\rd\"e\\f\$g\qh"`, want: "'\"' STR:a\nb\tc\rd\"e\\f$gqh '\"'"},
		{src: `"a${b}c"`, want: `'"' STR:a DOLLAR_CURLY ID:b '}' STR:c '"'`},
		{src: `"$${b}"`, want: `'"' STR:$${b} '"'`},
		{src: `"$"`, want: `'"' STR:$ '"'`},
		{src: `"a$"`, want: `'"' STR:a$ '"'`},
		{src: `"\${b}"`, want: `'"' STR:${b} '"'`},
		{src: `"$\{b}"`, want: `'"' STR:${b} '"'`},
		{src: "\"a\r\nb\rc\"", want: "'\"' STR:a\nb\nc '\"'"},
		{src: `"${ { a = "}"; }.a }"`, want: `'"' DOLLAR_CURLY '{' ID:a '=' '"' STR:} '"' ';' '}' '.' ID:a '}' '"'`},
		{src: `"abc`, want: `'"' STR:abc`},
		{src: `"abc\`, want: `'"' STR:abc STR:\`},
		{src: "''abc''", want: "IND_STRING_OPEN IND_STR:abc IND_STRING_CLOSE"},
		{src: "''  \n  abc''", want: "IND_STRING_OPEN IND_STR:  abc IND_STRING_CLOSE"},
		{src: "''\t\n''", want: "IND_STRING_OPEN IND_STR:\t\n IND_STRING_CLOSE"},
		{src: "''a''$b'''c''\\nd''\\'x''", want: "IND_STRING_OPEN IND_STR:a IND_STR:$(esc) IND_STR:b IND_STR:''(esc) IND_STR:c IND_STR:\n(esc) IND_STR:d IND_STR:'(esc) IND_STR:x IND_STRING_CLOSE"},
		{src: "''a${b}c''", want: "IND_STRING_OPEN IND_STR:a DOLLAR_CURLY ID:b '}' IND_STR:c IND_STRING_CLOSE"},
		{src: "''$$ $'x' ''", want: "IND_STRING_OPEN IND_STR:$$  IND_STR:$(esc) IND_STR:'x'  IND_STRING_CLOSE"},
		{src: "''a'b''", want: "IND_STRING_OPEN IND_STR:a'b IND_STRING_CLOSE"},
		{src: "'' '$''", want: "IND_STRING_OPEN IND_STR:  IND_STR:'(esc) IND_STR:$(esc) IND_STRING_CLOSE"},
		{src: "{ a = 1; }", want: "'{' ID:a '=' INT_LIT:1 ';' '}'"},
		{src: "} }", want: "'}' '}'"},
		{src: "/* unterminated", want: "'/' '*' ID:unterminated"},
		{src: "a/**/b", want: "ID:a ID:b"},
		{src: "/***/ /* * */", want: ""},
		{src: "#", want: ""},
		{src: "$", want: "invalid token:$"},
		{src: "'", want: "invalid token:'"},
		{src: "\x00\xff", want: "invalid token:\x00 invalid token:\xff"},
	}
	for _, tt := range tests {
		toks, errs := lexAll(tt.src)
		got := strings.Join(toks, " ")
		if got != tt.want {
			t.Errorf("lex %q:\n got %q\nwant %q", tt.src, got, tt.want)
		}
		switch {
		case tt.err == "" && len(errs) > 0:
			t.Errorf("lex %q: unexpected error %v", tt.src, errs)
		case tt.err != "" && (len(errs) == 0 || !strings.Contains(errs[0].Error(), tt.err)):
			t.Errorf("lex %q: errors %v, want one containing %q", tt.src, errs, tt.err)
		}
	}
}

func TestLexerPositions(t *testing.T) {
	src := "a\n  bc\r\nd\re /*\n*/ f"
	var errs ErrorList
	l := newLexer("f.nix", src, &errs)
	want := []string{"f.nix:1:1", "f.nix:2:3", "f.nix:3:1", "f.nix:4:1", "f.nix:5:4"}
	for i, w := range want {
		var tok token
		l.next(&tok)
		if got := tok.pos.String(); got != w {
			t.Errorf("token %d (%s): pos %s, want %s", i, tok.text, got, w)
		}
		if int(tok.pos.Offset) != strings.Index(src, tok.text) {
			t.Errorf("token %d: offset %d, want %d", i, tok.pos.Offset, strings.Index(src, tok.text))
		}
	}
}
