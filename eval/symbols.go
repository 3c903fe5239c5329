package eval

import (
	"sort"
	"strings"
)

// Nix 2.26 keeps the attributes of a set ordered by their symbols, numbered
// in the order it made them: its own names first (nixSymbolSeed, recorded
// by contrib/nix226/symorder.sh), then every name as the parser meets it,
// then names made while evaluating (listToAttrs, dynamic attributes). It
// forces attributes in that order for --strict, deepSeq and ==, which
// decides the order of traces and warnings and which of several errors is
// reported. Sets here are ordered by name; symOrder gives Nix's order.

// newSymbols returns a symbol table holding Nix's own names.
func newSymbols() map[string]uint32 {
	syms := make(map[string]uint32, 2*len(nixSymbolSeed))
	for _, n := range nixSymbolSeed {
		if _, ok := syms[n]; !ok {
			syms[n] = uint32(len(syms))
		}
	}
	return syms
}

// intern numbers name if it has no number yet.
func (ev *Evaluator) intern(name string) {
	if _, ok := ev.syms[name]; !ok {
		ev.syms[name] = uint32(len(ev.syms))
	}
}

// symOrder returns the indices of a, a set's attributes in name order, in
// the order of their symbols; nil when the two orders agree. Names not
// numbered yet are numbered now, in name order.
func (ev *Evaluator) symOrder(a []Attr) []int {
	if len(a) < 2 {
		return nil
	}
	ids := make([]uint32, len(a))
	sorted := true
	for i := range a {
		id, ok := ev.syms[a[i].Name]
		if !ok {
			// A copy, so that a's names do not escape (equal and
			// forceDeep would allocate their arguments).
			id = uint32(len(ev.syms))
			ev.syms[strings.Clone(a[i].Name)] = id
		}
		ids[i] = id
		if i > 0 && id < ids[i-1] {
			sorted = false
		}
	}
	if sorted {
		return nil
	}
	order := make([]int, len(a))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return ids[order[i]] < ids[order[j]] })
	return order
}
