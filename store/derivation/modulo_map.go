package derivation

import (
	"errors"
	"fmt"
)

// ErrUnknownInput is returned by ModuloMap.Lookup for a drv path it does
// not hold: an input derivation that was not instantiated (or read) first.
var ErrUnknownInput = errors.New("modulo hash of input derivation not known")

// ModuloMap memoises modulo hashes by drv path. An evaluator keeps one per
// evaluation, passes its Lookup to Hasher.Instantiate and records each
// result:
//
//	res, err := h.Instantiate(d, memo.Lookup)
//	memo[res.DrvPath] = res.Modulo
type ModuloMap map[string]ModuloHash

// Lookup returns the memoised modulo hash of drvPath; it is a ModuloLookup.
func (m ModuloMap) Lookup(drvPath string) (ModuloHash, error) {
	h, ok := m[drvPath]
	if !ok {
		return ModuloHash{}, fmt.Errorf("%w: %s", ErrUnknownInput, drvPath)
	}
	return h, nil
}
