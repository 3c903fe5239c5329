package eval

import "sort"

// Attr is one attribute of a set: its name, value (possibly a thunk) and
// the position where it was defined (nil if none).
type Attr struct {
	Name string
	Val  Value
	Pos  *Pos
}

// Attrs is a Nix attribute set: attributes sorted by name, looked up by
// binary search. An Attrs is immutable once built.
type Attrs struct {
	A []Attr
}

// Len returns the number of attributes.
func (s *Attrs) Len() int { return len(s.A) }

// Get returns the value of the named attribute.
func (s *Attrs) Get(name string) (Value, bool) {
	if i := s.find(name); i >= 0 {
		return s.A[i].Val, true
	}
	return nil, false
}

// find returns the index of name, or -1.
func (s *Attrs) find(name string) int {
	a := s.A
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

// GetAttr returns the named attribute with its position.
func (s *Attrs) GetAttr(name string) *Attr {
	if i := s.find(name); i >= 0 {
		return &s.A[i]
	}
	return nil
}

// Names returns the attribute names in sorted order.
func (s *Attrs) Names() []string {
	out := make([]string, len(s.A))
	for i := range s.A {
		out[i] = s.A[i].Name
	}
	return out
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
		sort.SliceStable(a, func(i, j int) bool { return a[i].Name < a[j].Name })
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
	return &Attrs{A: a}
}

// newAttrsFirstWins is like NewAttrs but the first of equal names wins
// (listToAttrs semantics).
func newAttrsFirstWins(a []Attr) *Attrs {
	if len(a) == 0 {
		return emptyAttrs
	}
	sort.SliceStable(a, func(i, j int) bool { return a[i].Name < a[j].Name })
	out := a[:0]
	for i := 0; i < len(a); i++ {
		if i > 0 && a[i-1].Name == a[i].Name {
			continue
		}
		out = append(out, a[i])
	}
	return &Attrs{A: out}
}

// Update returns l // r: r's attributes override l's. It merges the two
// sorted slices in linear time, sharing l or r when the other is empty.
func Update(l, r *Attrs) *Attrs {
	if len(r.A) == 0 {
		return l
	}
	if len(l.A) == 0 {
		return r
	}
	// Small right side into a big left side: binary insertion is cheaper
	// than a full merge only in comparisons, the copy is linear anyway.
	out := make([]Attr, 0, len(l.A)+len(r.A))
	i, j := 0, 0
	for i < len(l.A) && j < len(r.A) {
		a, b := l.A[i].Name, r.A[j].Name
		switch {
		case a < b:
			out = append(out, l.A[i])
			i++
		case a > b:
			out = append(out, r.A[j])
			j++
		default:
			out = append(out, r.A[j])
			i++
			j++
		}
	}
	out = append(out, l.A[i:]...)
	out = append(out, r.A[j:]...)
	return &Attrs{A: out}
}
