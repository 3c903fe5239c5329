package eval

// Attr is one attribute of a set: its name, value (possibly a thunk) and
// the position where it was defined (nil if none).
type Attr struct {
	Name string
	Val  Value
	Pos  *Pos
}

// Attrs is a Nix attribute set: attributes sorted by name, looked up by
// binary search. An Attrs is immutable once built, as far as Nix code can
// tell.
//
// A set made by `//` with a small right-hand side is a layer: a is the
// overlay (which wins) and base the set below it, so that repeatedly adding
// a few attributes to a large set does not copy it each time. Layers are
// at most maxLayers deep; All flattens a layered set in place on first use.
// The header is 40 bytes, so attrs1 and attrs3 fill the 80 and 160 byte
// size classes.
type Attrs struct {
	a     []Attr
	base  *Attrs
	n     int32 // number of attributes, for a layered set
	depth int32
}

const (
	maxLayers    = 8
	maxOverlay   = 8
	minLayerBase = 16
)

// All returns the attributes sorted by name. Callers must not modify it.
func (s *Attrs) All() []Attr {
	if s.base != nil {
		s.flatten()
	}
	return s.a
}

// Len returns the number of attributes.
func (s *Attrs) Len() int {
	if s.base != nil {
		return int(s.n)
	}
	return len(s.a)
}

// Get returns the value of the named attribute.
func (s *Attrs) Get(name string) (Value, bool) {
	for x := s; x != nil; x = x.base {
		if i := findAttr(x.a, name); i >= 0 {
			return x.a[i].Val, true
		}
	}
	return nil, false
}

// getHint is Get for a lookup that often finds its name at the same
// index of sets of one shape (one select expression): it tries *hint
// first and records where it found the name.
func (s *Attrs) getHint(name string, hint *int32) (Value, bool) {
	if s.base != nil {
		return s.Get(name)
	}
	if h := int(*hint); h < len(s.a) && s.a[h].Name == name {
		return s.a[h].Val, true
	}
	if i := findAttr(s.a, name); i >= 0 {
		*hint = int32(i)
		return s.a[i].Val, true
	}
	return nil, false
}

// GetAttr returns the named attribute with its position.
func (s *Attrs) GetAttr(name string) *Attr {
	for x := s; x != nil; x = x.base {
		if i := findAttr(x.a, name); i >= 0 {
			return &x.a[i]
		}
	}
	return nil
}

func (s *Attrs) find(name string) int { return findAttr(s.All(), name) }

func findAttr(a []Attr, name string) int {
	if len(a) <= 8 {
		// Equality tests lengths first: cheaper than ordering for few.
		for i := range a {
			if a[i].Name == name {
				return i
			}
		}
		return -1
	}
	lo, hi := 0, len(a)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if a[m].Name < name {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(a) && a[lo].Name == name {
		return lo
	}
	return -1
}

// flatten merges the layers into one sorted slice with a single copy of
// the bottom set: the overlays (small) are merged among themselves first.
func (s *Attrs) flatten() {
	var over []Attr
	x := s
	for ; x.base != nil; x = x.base {
		over = mergeAttrs(x.a, over) // upper layers (already in over) win
	}
	s.a = mergeAttrs(x.a, over)
	s.base = nil
	s.depth = 0
}

// Names returns the attribute names in sorted order.
func (s *Attrs) Names() []string {
	a := s.All()
	out := make([]string, len(a))
	for i := range a {
		out[i] = a[i].Name
	}
	return out
}

// Small sets are allocated together with their attributes: one object
// instead of two for the sets that set literals make most.
type (
	attrs1 struct {
		s Attrs
		a [1]Attr
	}
	attrs2 struct {
		s Attrs
		a [2]Attr
	}
	attrs3 struct {
		s Attrs
		a [3]Attr
	}
	attrs4 struct {
		s Attrs
		a [4]Attr
	}
)

// copyAttrs returns a new set holding a copy of a, which must be sorted
// by name without duplicates.
func copyAttrs(a []Attr) *Attrs {
	var s *Attrs
	switch len(a) {
	case 0:
		return &Attrs{}
	case 1:
		x := &attrs1{}
		x.s.a = x.a[:]
		s = &x.s
	case 2:
		x := &attrs2{}
		x.s.a = x.a[:]
		s = &x.s
	case 3:
		x := &attrs3{}
		x.s.a = x.a[:]
		s = &x.s
	case 4:
		x := &attrs4{}
		x.s.a = x.a[:]
		s = &x.s
	default:
		s = &Attrs{a: make([]Attr, len(a))}
	}
	copy(s.a, a)
	return s
}

// NewAttrs builds a set from attributes in any order; when a name occurs
// more than once the last one wins.
func NewAttrs(a []Attr) *Attrs {
	if len(a) == 0 {
		return emptyAttrs
	}
	sorted := true
	for i := 1; i < len(a); i++ {
		if a[i-1].Name >= a[i].Name {
			sorted = false
			break
		}
	}
	if !sorted {
		sortAttrDefs(a)
		// Keep the last of each run of equal names.
		out := a[:0]
		for i := 0; i < len(a); i++ {
			if i+1 < len(a) && a[i+1].Name == a[i].Name {
				continue
			}
			out = append(out, a[i])
		}
		a = out
	}
	return &Attrs{a: a}
}

// newAttrsFirstWins is like NewAttrs but the first of equal names wins
// (listToAttrs semantics).
func newAttrsFirstWins(a []Attr) *Attrs {
	if len(a) == 0 {
		return emptyAttrs
	}
	sortAttrDefs(a)
	out := a[:0]
	for i := 0; i < len(a); i++ {
		if i > 0 && a[i-1].Name == a[i].Name {
			continue
		}
		out = append(out, a[i])
	}
	return &Attrs{a: out}
}

// Update returns l // r: r's attributes override l's. A small r over a
// large l makes a layer (no copy of l); otherwise the two sorted slices are
// merged in linear time. Either side is shared when the other is empty.
func Update(l, r *Attrs) *Attrs {
	if r.Len() == 0 {
		return l
	}
	if l.Len() == 0 {
		return r
	}
	ra := r.All()
	if len(ra) <= maxOverlay && l.depth < maxLayers && l.Len() >= minLayerBase {
		n := l.Len()
		for i := range ra {
			if l.GetAttr(ra[i].Name) == nil {
				n++
			}
		}
		return &Attrs{a: ra, base: l, n: int32(n), depth: l.depth + 1}
	}
	return &Attrs{a: mergeAttrs(l.All(), ra)}
}

// mergeAttrs merges two sorted attribute slices; r wins on equal names.
func mergeAttrs(l, r []Attr) []Attr {
	if len(r) == 0 {
		return l
	}
	if len(l) == 0 {
		return r
	}
	out := make([]Attr, 0, len(l)+len(r))
	i, j := 0, 0
	for i < len(l) && j < len(r) {
		a, b := l[i].Name, r[j].Name
		switch {
		case a < b:
			out = append(out, l[i])
			i++
		case a > b:
			out = append(out, r[j])
			j++
		default:
			out = append(out, r[j])
			i++
			j++
		}
	}
	out = append(out, l[i:]...)
	return append(out, r[j:]...)
}
