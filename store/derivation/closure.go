package derivation

import "strings"

// ClosureLookup returns a ModuloLookup for derivations that exist as
// parsed .drv files (a builder reading a closure, or tests): it fetches an
// input with get, computes its HashModulo (recursing through its own
// inputs) and memoises every result in memo, which may be pre-filled and
// must not be nil. The lookup uses h and shares its lack of concurrency
// safety.
func ClosureLookup(h *Hasher, get func(drvPath string) (*Derivation, error), memo map[string]ModuloHash) ModuloLookup {
	var lookup ModuloLookup
	lookup = func(drvPath string) (ModuloHash, error) {
		if m, ok := memo[drvPath]; ok {
			return m, nil
		}
		d, err := get(drvPath)
		if err != nil {
			return ModuloHash{}, err
		}
		m, err := h.HashModulo(d, lookup)
		if err != nil {
			return ModuloHash{}, err
		}
		memo[drvPath] = m
		return m, nil
	}
	return lookup
}

// Closure returns the derivations at roots and, transitively, all their
// input derivations and input sources that are .drv files (a drvPath
// taken with unsafeDiscardOutputDependency is such a source), keyed by
// drv path, fetching each once with get: the .drv files of the roots'
// store closure, which is what `nix show-derivation --recursive` prints.
func Closure(roots []string, get func(drvPath string) (*Derivation, error)) (map[string]*Derivation, error) {
	out := map[string]*Derivation{}
	stack := append([]string(nil), roots...)
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if _, seen := out[p]; seen {
			continue
		}
		d, err := get(p)
		if err != nil {
			return nil, err
		}
		out[p] = d
		for in := range d.InputDrvs {
			stack = append(stack, in)
		}
		for _, src := range d.InputSrcs {
			if strings.HasSuffix(src, ".drv") {
				stack = append(stack, src)
			}
		}
	}
	return out, nil
}
