package eval

import (
	"reflect"
	"strconv"
	"sync"
	"unsafe"
)

// Value is a Nix value. The concrete types are Int, Float, Bool, Null,
// *Str, Path, *Attrs, *List, *Lambda, *Builtin, *PartialApp and *Thunk.
// A *Thunk is an unevaluated (or memoised) value; every other type is in
// weak head normal form.
type Value interface {
	// Type returns the name builtins.typeOf reports for the value.
	Type() string
}

// Int is a Nix integer (64-bit, wrapping as in C++ Nix).
type Int int64

// Float is a Nix float.
type Float float64

// Bool is a Nix boolean.
type Bool bool

// Null is the Nix null value.
type Null struct{}

// Path is an absolute, canonical filesystem path.
type Path string

// Str is a Nix string with an optional context (the store paths it refers to).
type Str struct {
	S   string
	Ctx *Context
}

// List is a Nix list. Its elements may be thunks.
type List struct {
	Items []Value
}

// Lambda is a closure: a compiled function plus the environment it captures.
type Lambda struct {
	fn  *lambdaCode
	env *Env
}

// Builtin is a primitive operation of the given arity. Fn must not keep
// its args slice (nor a subslice) past its return: the evaluator reuses it.
type Builtin struct {
	Name  string
	Arity int
	Fn    func(ev *Evaluator, args []Value, pos Pos) Value
}

// PartialApp is a builtin applied to fewer arguments than its arity.
type PartialApp struct {
	B    *Builtin
	Args []Value
}

func (Int) Type() string         { return "int" }
func (Float) Type() string       { return "float" }
func (Bool) Type() string        { return "bool" }
func (Null) Type() string        { return "null" }
func (Path) Type() string        { return "path" }
func (*Str) Type() string        { return "string" }
func (*List) Type() string       { return "list" }
func (*Attrs) Type() string      { return "set" }
func (*Lambda) Type() string     { return "lambda" }
func (*Builtin) Type() string    { return "lambda" }
func (*PartialApp) Type() string { return "lambda" }
func (*Thunk) Type() string      { return "thunk" }

// smallInts holds preboxed integers so hot small values do not allocate.
var smallInts = func() (a [2048]Value) {
	for i := range a {
		a[i] = Int(i - 1024)
	}
	return
}()

// MkInt returns an Int as a Value, avoiding an allocation for small values.
func MkInt(i int64) Value {
	if i >= -1024 && i < 1024 {
		return smallInts[i+1024]
	}
	return Int(i)
}

var (
	vTrue  Value = Bool(true)
	vFalse Value = Bool(false)
	vNull  Value = Null{}
	vEmpty       = &Str{}
	// emptyList and emptyAttrs are shared; they are never mutated.
	emptyList  = &List{}
	emptyAttrs = &Attrs{}
)

// MkBool returns a Bool value without allocating.
func MkBool(b bool) Value {
	if b {
		return vTrue
	}
	return vFalse
}

// MkStr returns a context-free string.
func MkStr(s string) *Str {
	if s == "" {
		return vEmpty
	}
	return &Str{S: s}
}

// MkList returns a list of the given items.
func MkList(items []Value) *List {
	if len(items) == 0 {
		return emptyList
	}
	return &List{Items: items}
}

// Thunk is a suspended computation, memoised after its first evaluation.
// While it is being evaluated it is "blackholed": forcing it again reports
// infinite recursion.
//
// States: n != nil: pending, v holds the environment (an *Env, possibly a
// nil one) or, for nodes shared by many thunks (payloadNode), the one value
// that distinguishes them; n != nil && v == blackhole: being evaluated;
// n == nil: done, the value is v. Two words of pointers: 32 bytes.
type Thunk struct {
	n node
	v Value
}

// Type makes *Env storable in a thunk's v field; it is never a Nix value.
func (*Env) Type() string { return "env" }

var noEnv Value = (*Env)(nil)

type blackholeT struct{}

func (blackholeT) Type() string { return "thunk" }

var blackhole Value = blackholeT{}

// NewThunk returns a thunk that evaluates to the value computed by f when
// first forced. It lets builtins build lazy results.
func NewThunk(f func(ev *Evaluator) Value) *Thunk {
	return &Thunk{n: funcNode(f), v: noEnv}
}

// Evaluated returns the thunk's value and true once it has been forced.
func (t *Thunk) Evaluated() (Value, bool) {
	if t.n == nil {
		return t.v, true
	}
	return nil, false
}

// funcNode is a node computed by a Go function (lazy builtin results).
type funcNode func(ev *Evaluator) Value

func (f funcNode) eval(ev *Evaluator, env *Env) Value { return f(ev) }
func (f funcNode) pos() Pos                           { return Pos{} }

// Env is an environment frame: the values of the variables one scope
// binds, in slots fixed by the resolver, and the enclosing frame. The n
// slots follow the header in the same allocation (an envOf), so a frame
// of one slot is 32 bytes; slots returns them.
type Env struct {
	up *Env
	n  int
}

// envOf is a frame with its slots; A is an array of Values.
type envOf[A any] struct {
	e Env
	a A
}

const envHeader = unsafe.Sizeof(Env{})

// slots returns the frame's slots, which lie right after its header.
func (e *Env) slots() []Value {
	if e.n == 0 {
		return nil // no pointer past the header's allocation
	}
	return unsafe.Slice((*Value)(unsafe.Add(unsafe.Pointer(e), envHeader)), e.n)
}

// bigEnvs caches the types of frames of more than 8 slots, by size.
var bigEnvs sync.Map // int -> reflect.Type

func newEnv(up *Env, n int) *Env {
	var e *Env
	switch n {
	case 0:
		e = &Env{}
	case 1:
		e = &new(envOf[[1]Value]).e
	case 2:
		e = &new(envOf[[2]Value]).e
	case 3:
		e = &new(envOf[[3]Value]).e
	case 4:
		e = &new(envOf[[4]Value]).e
	case 5:
		e = &new(envOf[[5]Value]).e
	case 6:
		e = &new(envOf[[6]Value]).e
	case 7:
		e = &new(envOf[[7]Value]).e
	case 8:
		e = &new(envOf[[8]Value]).e
	default:
		t, ok := bigEnvs.Load(n)
		if !ok {
			t, _ = bigEnvs.LoadOrStore(n, reflect.StructOf([]reflect.StructField{
				{Name: "E", Type: reflect.TypeFor[Env]()},
				{Name: "A", Type: reflect.ArrayOf(n, reflect.TypeFor[Value]())},
			}))
		}
		e = (*Env)(reflect.New(t.(reflect.Type)).UnsafePointer())
	}
	e.up = up
	e.n = n
	return e
}

// typeName returns the name Nix uses for a value's type in error messages.
func typeName(v Value) string {
	switch v.(type) {
	case Int:
		return "an integer"
	case Float:
		return "a float"
	case Bool:
		return "a Boolean"
	case Null:
		return "null"
	case *Str:
		return "a string"
	case Path:
		return "a path"
	case *List:
		return "a list"
	case *Attrs:
		return "a set"
	case *Lambda, *Builtin, *PartialApp:
		return "a function"
	case *Thunk:
		return "a thunk"
	}
	return "an unknown value"
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }
