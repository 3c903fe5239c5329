package derivation

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
