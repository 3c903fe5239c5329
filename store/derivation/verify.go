package derivation

import "errors"

// ErrMismatch is wrapped by Verify's errors about a derivation that does
// not have the paths its contents determine (with ErrInvalid).
var ErrMismatch = errors.New("paths do not match the derivation")

// Verify checks a derivation read from outside (a .drv from a peer or a
// store) against its claimed path: drvPath must be the text path of d's
// ATerm, and every output path, and the env variable of the same name,
// must be what d's contents determine, with input derivations' modulo
// hashes from lookup. Derivations whose output paths Nix leaves open
// (floating content-addressed, impure, deferred) cannot be verified
// beyond their drv path and are an error.
func (h *Hasher) Verify(drvPath string, d *Derivation, lookup ModuloLookup) error {
	got, err := h.DrvPath(d)
	if err != nil {
		return err
	}
	if got != drvPath {
		return errorf("%s: contents give drv path %s: %w", drvPath, got, ErrMismatch)
	}
	outs, err := h.OutputPaths(d, lookup)
	if err != nil {
		return err
	}
	for _, name := range sortedKeys(nil, d.Outputs) {
		if p := d.Outputs[name].Path; p != outs[name] {
			return errorf("%s: output %s is %s, its contents give %s: %w", drvPath, name, p, outs[name], ErrMismatch)
		}
		if v, ok := d.Env[name]; !ok || v != outs[name] {
			return errorf("%s: env %s is %q, want output path %s: %w", drvPath, name, v, outs[name], ErrMismatch)
		}
	}
	return nil
}
