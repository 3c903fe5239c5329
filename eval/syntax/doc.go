// Package syntax is the Nix language front end: lexer, parser and AST,
// following the grammar that C++ Nix 2.8 accepts (src/libexpr/lexer.l and
// parser.y), and a printer that reproduces nix-instantiate --parse.
//
// # Lexer
//
// The lexer (lexer.go) mirrors Nix's flex lexer: a stack of start
// conditions (INITIAL, DEFAULT inside braces and interpolations, STRING,
// IND_STRING, and two path states), the longest-match rule with ties going
// to the rule listed first, and the same regular expressions for
// identifiers, numbers, paths, URIs and search paths. It is independent of
// the parser, as Nix's is, so the parser can look ahead freely. Some
// consequences that surprise people but are Nix's: x:x is a URI, 1/2 is a
// path, 1e3 is the integer 1 applied to e3, x.1 is x applied to 0.1, and
// a-b is one identifier. Token texts are substrings of the source (one copy
// of the input per parse); only strings with escapes allocate. Memos keep
// the scan linear on long runs of characters that could start a URI or a
// path but do not.
//
// # Parser
//
// The parser (parse.go) is recursive descent over the same grammar;
// operator precedence climbing reproduces bison's resolution of Nix's
// precedence declarations (including ! binding looser than + and ==, unary
// minus binding tighter than ?, and a ? b ? c being accepted). Where Nix's
// GLR parser decides between a set and a lambda pattern after {, at most
// three tokens of lookahead decide. The parser does at parse time what
// Nix's does: nested attribute paths are merged into nested sets, with
// Nix's "already defined" errors; relative and home paths are made
// absolute; indented strings are stripped of their indentation; f a b and
// (f a) b become one Call.
//
// Errors are collected into an ErrorList sorted by position ("file:line:col:
// message"); ErrorList.First (and Error) give the error detected first,
// which is the one Nix reports (Nix stops there), at the position Nix
// gives it. After a syntax error inside the bindings of a set or let, the
// parser skips to the next ';' and goes on; elsewhere it stops. Nesting is
// bounded by MaxDepth, so deep input is an error, not a stack overflow.
// Nodes are allocated from per-parse slabs.
//
// # AST and the evaluator
//
// Every node carries its position (file, line, column, offset) as Nix
// reports it. Some are not obvious: a Binary is at its left operand (OpPos
// is the operator's); the variables of inherit x are at the end of the
// token that opens the set or let (where Nix puts them); attributes defined
// by a.b.c = v all share the position of a. Attribute sets keep static
// names sorted (AttrSet.Attrs, binary search with Find) apart from dynamic
// ones. Var, Lambda, Let and AttrSet have fields for a static resolver
// (variable kind, depth, slot; scope sizes) that the parser leaves zero.
//
// Nix desugars some syntax into calls of builtins that are looked up in
// scope like variables (and so can be shadowed): -x and a - b (__sub),
// a * b (__mul), a / b (__div), comparisons (__lessThan), and <p>
// (__findFile __nixPath "p"). The AST keeps the operators (and Path.FindFile
// and Path.NixPath for search paths); Print prints the desugared form.
//
// # Printing
//
// Print (print.go) writes what nix-instantiate --parse of Nix 2.26
// prints: the bindings of a set or let sorted by name (inherits first,
// inherit (e) clauses grouped in source order, dynamic bindings last) and
// formals sorted by name; Nix 2.8 used its symbol addresses instead.
//
// # Tests
//
// testdata/parse holds .nix files with the output of nix-instantiate
// --parse recorded next to them (.exp, or .err when Nix rejects the file);
// go test -run TestParseGolden -update re-records them (from Nix 2.26
// with contrib/nix226/bin first on PATH). The .exp files are Nix 2.26's;
// the .err files are still Nix 2.8's, whose error positions the parser
// follows (2.26 puts some elsewhere, such as an unexpected end of file).
// FuzzParse checks that no input panics or hangs.
package syntax
