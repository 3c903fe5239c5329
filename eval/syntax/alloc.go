package syntax

// slab hands out values of one type from chunks allocated together, so a
// parse makes a few large allocations instead of one per node. Chunks grow
// from small (cheap for the many tiny files of a package set) to
// maxSlabChunk. Nodes from one chunk stay alive together; the AST is kept
// or dropped as a whole anyway.
type slab[T any] struct {
	buf  []T
	next int
}

const maxSlabChunk = 256

func (s *slab[T]) grow(min int) {
	if s.next == 0 {
		s.next = 4
	} else if s.next < maxSlabChunk {
		s.next *= 2
	}
	s.buf = make([]T, max(s.next, min))
}

// new returns a pointer to a zero T.
func (s *slab[T]) new() *T {
	if len(s.buf) == 0 {
		s.grow(1)
	}
	x := &s.buf[0]
	s.buf = s.buf[1:]
	return x
}

// make returns n zero values whose capacity is n.
func (s *slab[T]) make(n int) []T {
	if n > maxSlabChunk/4 {
		return make([]T, n)
	}
	if len(s.buf) < n {
		s.grow(n)
	}
	out := s.buf[:n:n]
	s.buf = s.buf[n:]
	return out
}

// copyOf returns a copy of src whose capacity equals its length (so that
// appending to it never writes into the slab).
func (s *slab[T]) copyOf(src []T) []T {
	n := len(src)
	if n == 0 {
		return nil
	}
	if n > maxSlabChunk/4 {
		return append([]T(nil), src...)
	}
	if len(s.buf) < n {
		s.grow(n)
	}
	out := s.buf[:n:n]
	s.buf = s.buf[n:]
	copy(out, src)
	return out
}

// nodes holds the slabs of the parser.
type nodes struct {
	vars     slab[Var]
	strs     slab[Str]
	parts    slab[StrPart]
	calls    slab[Call]
	exprs    slab[Expr]
	selects  slab[Select]
	names    slab[AttrName]
	sets     slab[AttrSet]
	lambdas  slab[Lambda]
	ints     slab[Int]
	binaries slab[Binary]
	lists    slab[List]
	paths    slab[Path]

	// Scratch stacks for collecting the elements of lists, the parts of
	// strings and the names of attribute paths; nested constructs push
	// above the mark of the enclosing one and pop back to it.
	exprBuf []Expr
	partBuf []StrPart
	nameBuf []AttrName
	indBuf  []indPart

	// Buffers reused by stripIndentation.
	byteBuf []byte
	endBuf  []int
}

func (n *nodes) newVar(pos Pos, name string) *Var {
	v := n.vars.new()
	v.P, v.Name = pos, name
	return v
}

func (n *nodes) newStr(pos Pos, kind StrKind, parts []StrPart) *Str {
	s := n.strs.new()
	s.P, s.Kind, s.Parts = pos, kind, parts
	return s
}

// lit returns a one-part literal slice.
func (n *nodes) lit(pos Pos, s string) []StrPart {
	return n.parts.copyOf([]StrPart{{P: pos, Lit: s}})
}
