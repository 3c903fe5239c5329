package syntax

import "fmt"

// Pos is a position in a source file. Line and Col are 1-based (Col counts
// bytes, as Nix does); Offset is the 0-based byte offset. The zero Pos means
// "no position" (Nix's noPos).
type Pos struct {
	File   string
	Offset int32
	Line   int32
	Col    int32
}

// IsValid reports whether p is a real position.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats p as "file:line:col" (or "file" / "-" when incomplete).
func (p Pos) String() string {
	if !p.IsValid() {
		if p.File != "" {
			return p.File
		}
		return "-"
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Expr is a Nix expression node. Every node is a pointer to one of the
// struct types below; Pos returns the position Nix associates with the node
// (the start of the expression unless documented otherwise).
type Expr interface {
	Pos() Pos
	exprNode()
}

// Int is an integer literal (always non-negative; -1 parses as Unary OpNeg).
type Int struct {
	P     Pos
	Value int64
}

// Float is a floating point literal.
type Float struct {
	P     Pos
	Value float64
}

// StrKind tells how a string literal was written. The kind never changes
// the value; it exists for tools and error messages.
type StrKind uint8

const (
	StrNormal   StrKind = iota // "..."
	StrIndented                // ''...'' (Parts already stripped of indentation)
	StrURI                     // bare URI such as http://example.org/
)

// StrPart is one piece of a string or path: a literal (Expr == nil) or an
// interpolation ${Expr}.
type StrPart struct {
	P    Pos
	Lit  string
	Expr Expr
}

// Str is a string literal: a list of literal parts and interpolations, with
// escapes decoded and (for indented strings) indentation removed. Adjacent
// literal parts are not merged (Nix keeps them apart; see Print).
//
// A Str is constant (Nix's ExprString) exactly when it has one literal part;
// otherwise it is an interpolated string (Nix's ExprConcatStrings with
// forceString), whose value is the concatenation of its parts, each coerced
// to a string. Parts is never empty: "" is one empty literal part.
type Str struct {
	P     Pos
	Kind  StrKind
	Parts []StrPart
}

// Const returns the value of a constant string and true, or "", false for
// an interpolated one.
func (s *Str) Const() (string, bool) {
	if len(s.Parts) == 1 && s.Parts[0].Expr == nil {
		return s.Parts[0].Lit, true
	}
	return "", false
}

// PathKind tells how a path literal was written.
type PathKind uint8

const (
	PathRelative PathKind = iota // ./a, a/b, ../x: resolved against the base directory at parse time
	PathAbsolute                 // /a/b
	PathHome                     // ~/a: resolved against the home directory at parse time
	PathSearch                   // <nixpkgs/lib>: looked up at evaluation time
)

// Path is a path literal.
//
// For PathRelative, PathAbsolute and PathHome, Value is the absolute,
// canonical path (Nix resolves these at parse time; a first segment that was
// followed by an interpolation keeps its trailing slash). For PathSearch,
// Value is the text between the angle brackets.
//
// Parts is nil for a plain path. For an interpolated path (./a/${x}.nix)
// Parts[0] is the literal Value and the rest are the following literals and
// interpolations; the value is their concatenation, a path.
//
// A search path <p> means (__findFile __nixPath "p") with both names looked
// up in scope (they can be shadowed by let or with); FindFile and NixPath are
// those two variables, for the resolver to resolve like any other Var.
type Path struct {
	P        Pos
	Kind     PathKind
	Raw      string // the first segment as written
	Value    string
	Parts    []StrPart
	FindFile *Var // PathSearch only
	NixPath  *Var // PathSearch only
}

// VarKind tells how the resolver bound a variable. The parser leaves
// VarUnresolved; the meaning of the other kinds is the resolver's.
type VarKind uint8

const (
	VarUnresolved VarKind = iota
	VarLocal              // statically bound: Depth scopes up, Slot in that scope
	VarWith               // dynamic: looked up in enclosing with scopes (Depth = innermost with)
	VarGlobal             // a builtin in the base environment (Slot indexes it)
)

// Var is a variable reference. Kind, Depth and Slot are filled by the
// evaluator's static resolver; the parser leaves them zero.
type Var struct {
	P     Pos
	Name  string
	Kind  VarKind
	Depth int32
	Slot  int32
}

// CurPos is the __curPos keyword: evaluates to { file, line, column } of
// its own position.
type CurPos struct {
	P Pos
}

// AttrName is one element of an attribute path: a static Name (identifier,
// "quoted" string without interpolation, or ${"constant"}) or, when Expr is
// non-nil, a dynamic name ${e} / "…${e}…".
type AttrName struct {
	P    Pos
	Name string
	Expr Expr
}

// AttrKind tells how a static attribute was defined.
type AttrKind uint8

const (
	AttrPlain       AttrKind = iota // name = value; (including merged nested paths)
	AttrInherit                     // inherit name;      Value is the *Var name, looked up outside a rec set
	AttrInheritFrom                 // inherit (e) name;  Value is the *Select e.name; all names of one inherit share e
)

// Attr is a statically named binding of an attribute set or let.
//
// P is the position Nix reports for the attribute (unsafeGetAttrPos): the
// start of the attribute path for name = value (for a.b.c = v, all of a, b
// and c get the position of a), and the position of the name list for
// inherit.
type Attr struct {
	P     Pos
	Name  string
	Kind  AttrKind
	Value Expr
	// NamePos is the position of the name itself in the (first) binding
	// that defined it: the c of a.b.c = v, the name of an inherit.
	NamePos Pos
}

// DynAttr is a binding whose name is computed: ${e} = value or "…${e}…" = value.
type DynAttr struct {
	P     Pos
	Name  Expr
	Value Expr
}

// AttrSet is an attribute set literal { … } or rec { … }.
//
// Nested attribute paths are merged at parse time as Nix does: a.b = 1;
// a.c = 2; becomes a = { b = 1; c = 2; }; (the nested sets are non-rec
// AttrSets), and a = { b = 1; }; a = { c = 2; }; merge too. Attrs holds the
// static names sorted by name, each at most once; Dynamic holds the dynamic
// names in source order (they are evaluated after the static ones; a
// dynamic name that evaluates to null is skipped).
//
// For a rec set, Attrs (in this order) are the slots of the scope it opens:
// slot i is Attrs[i]. NumSlots is set by the resolver.
type AttrSet struct {
	P        Pos
	Rec      bool
	Attrs    []Attr
	Dynamic  []DynAttr
	NumSlots int32
}

// Find returns the index of the static attribute name in s.Attrs, or -1.
func (s *AttrSet) Find(name string) int { return findAttr(s.Attrs, name) }

// Let is let … in body. Bindings are like those of a rec set (sorted,
// unique, no dynamic names); slot i of the scope it opens is Attrs[i].
// NumSlots is set by the resolver.
//
// The old form let { …; body = e; } is represented as Nix does: a Select of
// "body" from a rec AttrSet.
type Let struct {
	P        Pos
	Attrs    []Attr
	Body     Expr
	NumSlots int32
}

// Find returns the index of the binding name in l.Attrs, or -1.
func (l *Let) Find(name string) int { return findAttr(l.Attrs, name) }

// Formal is one named parameter of a lambda with formals; Default is nil
// when the argument is required.
type Formal struct {
	P       Pos
	Name    string
	Default Expr
}

// Formals is the { a, b ? 1, ... } pattern of a lambda. List is in source
// order and has no duplicate names.
type Formals struct {
	List     []Formal
	Ellipsis bool
}

// Has reports whether name is one of the formals.
func (f *Formals) Has(name string) bool {
	for i := range f.List {
		if f.List[i].Name == name {
			return true
		}
	}
	return false
}

// Lambda is a function: x: body, { formals }: body, or with an @-pattern
// (args@{ … }: body or { … }@args: body). Arg is "" when there is no
// argument name; Formals is nil for a plain x: body.
//
// Name is the attribute name the lambda was bound to (Nix's setName), for
// error messages and traces; "" if none.
//
// The scope a lambda opens holds, by convention, Arg (if any) then the
// formals in List order; NumSlots is set by the resolver.
type Lambda struct {
	P        Pos
	Arg      string
	ArgPos   Pos
	Formals  *Formals
	Body     Expr
	Name     string
	NumSlots int32
}

// Call is function application f a b …. Application is left associative;
// Nix folds f a b into one call with Args [a b], and so does the parser
// (including (f a) b, as Nix 2.8 does).
type Call struct {
	P    Pos
	Fun  Expr
	Args []Expr
}

// Select is X.a.b.c or X.a.b.c or Default. Path is never empty.
type Select struct {
	P       Pos
	X       Expr
	Path    []AttrName
	Default Expr
}

// HasAttr is X ? a.b.c. Path is never empty.
type HasAttr struct {
	P    Pos
	X    Expr
	Path []AttrName
}

// List is a list literal [ a b c ].
type List struct {
	P     Pos
	Elems []Expr
}

// If is if Cond then Then else Else.
type If struct {
	P                Pos
	Cond, Then, Else Expr
}

// With is with Env; Body.
type With struct {
	P    Pos
	Env  Expr
	Body Expr
}

// Assert is assert Cond; Body.
type Assert struct {
	P    Pos
	Cond Expr
	Body Expr
}

// Op is a unary or binary operator.
type Op uint8

// Operators. Nix desugars some operators into calls of builtins looked up in
// scope; Print reproduces that: -x is (__sub 0 x), a - b (__sub a b),
// a * b (__mul a b), a / b (__div a b), a < b (__lessThan a b),
// a > b (__lessThan b a), a <= b (! (__lessThan b a)),
// a >= b (! (__lessThan a b)).
const (
	OpInvalid Op = iota
	OpNeg        // -x (unary)
	OpNot        // !x (unary)
	OpMul        // *
	OpDiv        // /
	OpAdd        // + (numbers, strings, paths)
	OpSub        // -
	OpConcat     // ++
	OpUpdate     // //
	OpLt         // <
	OpLe         // <=
	OpGt         // >
	OpGe         // >=
	OpEq         // ==
	OpNe         // !=
	OpAnd        // &&
	OpOr         // ||
	OpImpl       // ->
)

var opNames = [...]string{
	OpInvalid: "?op?", OpNeg: "-", OpNot: "!", OpMul: "*", OpDiv: "/",
	OpAdd: "+", OpSub: "-", OpConcat: "++", OpUpdate: "//", OpLt: "<",
	OpLe: "<=", OpGt: ">", OpGe: ">=", OpEq: "==", OpNe: "!=",
	OpAnd: "&&", OpOr: "||", OpImpl: "->",
}

// String returns the operator as written in Nix.
func (op Op) String() string {
	if int(op) < len(opNames) {
		return opNames[op]
	}
	return "?op?"
}

// Unary is -X (OpNeg) or !X (OpNot).
type Unary struct {
	P  Pos
	Op Op
	X  Expr
}

// Binary is X Op Y. P is the start of X, the position Nix 2.8 gives the
// operation (its errors about an operand of + point at that operand's
// position instead); OpPos is the operator's position.
type Binary struct {
	P     Pos
	OpPos Pos
	Op    Op
	X, Y  Expr
	// Starts is where X and Y start as written, set for + when either
	// starts elsewhere than its own position (an opening parenthesis):
	// Nix gives an operand of + that position.
	Starts *[2]Pos
}

func (e *Int) Pos() Pos     { return e.P }
func (e *Float) Pos() Pos   { return e.P }
func (e *Str) Pos() Pos     { return e.P }
func (e *Path) Pos() Pos    { return e.P }
func (e *Var) Pos() Pos     { return e.P }
func (e *CurPos) Pos() Pos  { return e.P }
func (e *AttrSet) Pos() Pos { return e.P }
func (e *Let) Pos() Pos     { return e.P }
func (e *Lambda) Pos() Pos  { return e.P }
func (e *Call) Pos() Pos    { return e.P }
func (e *Select) Pos() Pos  { return e.P }
func (e *HasAttr) Pos() Pos { return e.P }
func (e *List) Pos() Pos    { return e.P }
func (e *If) Pos() Pos      { return e.P }
func (e *With) Pos() Pos    { return e.P }
func (e *Assert) Pos() Pos  { return e.P }
func (e *Unary) Pos() Pos   { return e.P }
func (e *Binary) Pos() Pos  { return e.P }

func (*Int) exprNode()     {}
func (*Float) exprNode()   {}
func (*Str) exprNode()     {}
func (*Path) exprNode()    {}
func (*Var) exprNode()     {}
func (*CurPos) exprNode()  {}
func (*AttrSet) exprNode() {}
func (*Let) exprNode()     {}
func (*Lambda) exprNode()  {}
func (*Call) exprNode()    {}
func (*Select) exprNode()  {}
func (*HasAttr) exprNode() {}
func (*List) exprNode()    {}
func (*If) exprNode()      {}
func (*With) exprNode()    {}
func (*Assert) exprNode()  {}
func (*Unary) exprNode()   {}
func (*Binary) exprNode()  {}

// findAttr binary-searches attrs (sorted by Name) for name.
func findAttr(attrs []Attr, name string) int {
	lo, hi := 0, len(attrs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if attrs[m].Name < name {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(attrs) && attrs[lo].Name == name {
		return lo
	}
	return -1
}
