package derivation

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/store/nixpath"
)

// ModuloHash is the result of Nix's hashDerivationModulo for a derivation:
// the sha256 that stands in for the derivation's path when a dependent
// derivation's output paths are computed.
type ModuloHash [32]byte

// String returns the hash in lowercase base16, as it appears in the
// ATerm that hashDerivationModulo hashes.
func (m ModuloHash) String() string { return hex.EncodeToString(m[:]) }

// ModuloLookup returns the ModuloHash of the input derivation at drvPath.
// Callers evaluating many derivations keep a map from drv path to the
// ModuloHash returned with each derivation they instantiate (see
// Instantiated.Modulo), so every hash is computed once.
type ModuloLookup func(drvPath string) (ModuloHash, error)

// Hasher computes the paths of derivations and their outputs exactly as
// Nix 2.8 does, for one store directory. It reuses its buffers between
// calls, so it is not safe for concurrent use: give each goroutine its
// own. Its methods are pure: they read and write no store.
type Hasher struct {
	dir  string
	w    atermWriter
	buf  []byte
	buf2 []byte
	fp   []byte
}

// NewHasher returns a Hasher for store directory storeDir ("" means
// /nix/store), which must be absolute and clean.
func NewHasher(storeDir string) (*Hasher, error) {
	if storeDir == "" {
		storeDir = string(nixpath.DefaultStoreDir)
	}
	if err := nixpath.StoreDir(storeDir).Validate(); err != nil {
		return nil, err
	}
	return &Hasher{dir: storeDir}, nil
}

// StoreDir returns the store directory h computes paths for.
func (h *Hasher) StoreDir() string { return h.dir }

// appendFingerprintHash appends "sha256:<hex of sum>" to h.fp.
func (h *Hasher) appendFingerprintHash(sum []byte) {
	h.fp = append(h.fp, "sha256:"...)
	h.fp = hex.AppendEncode(h.fp, sum)
}

// finishPath is the end of Nix's makeStorePath: h.fp holds
// "<type>:sha256:<hex>"; it appends ":<storedir>:<name>", hashes the
// fingerprint, folds the digest to 20 bytes and returns the store path.
func (h *Hasher) finishPath(name string) (string, error) {
	if err := nixpath.ValidateName(name); err != nil {
		return "", err
	}
	h.fp = append(h.fp, ':')
	h.fp = append(h.fp, h.dir...)
	h.fp = append(h.fp, ':')
	h.fp = append(h.fp, name...)
	sum := sha256.Sum256(h.fp)
	var folded [nixpath.HashSize]byte
	for i, b := range sum {
		folded[i%nixpath.HashSize] ^= b
	}
	var enc [nixpath.EncodedHashLen]byte
	nixbase32.Encode(enc[:], folded[:])
	var out strings.Builder
	out.Grow(len(h.dir) + 1 + len(enc) + 1 + len(name))
	out.WriteString(h.dir)
	out.WriteByte('/')
	out.Write(enc[:])
	out.WriteByte('-')
	out.WriteString(name)
	return out.String(), nil
}

// FixedOutputPath returns the path of a fixed-output derivation's output:
// Nix's makeFixedOutputPath. Recursive sha256 outputs get the path that
// `nix-store --add` would give the same tree ("source" type); every other
// output is "output:out" of sha256("fixed:out:<r:><algo>:<hex>:").
func (h *Hasher) FixedOutputPath(drvName string, fh FixedHash) (string, error) {
	return h.fixedPath(drvName, fh.MethodAlgo(), hex.EncodeToString(fh.Digest))
}

func (h *Hasher) fixedPath(drvName, methodAlgo, hexHash string) (string, error) {
	_, size, err := parseMethodAlgo(methodAlgo)
	if err != nil {
		return "", err
	}
	if len(hexHash) != 2*size {
		return "", errorf("hash %q is not %d base16 digits", hexHash, 2*size)
	}
	h.fp = h.fp[:0]
	if methodAlgo == "r:sha256" {
		h.fp = append(h.fp, "source:sha256:"...)
		h.fp = append(h.fp, hexHash...)
		return h.finishPath(drvName)
	}
	h.fp = append(h.fp, "fixed:out:"...)
	h.fp = append(h.fp, methodAlgo...)
	h.fp = append(h.fp, ':')
	h.fp = append(h.fp, hexHash...)
	h.fp = append(h.fp, ':')
	inner := sha256.Sum256(h.fp)
	h.fp = append(h.fp[:0], "output:out:"...)
	h.appendFingerprintHash(inner[:])
	return h.finishPath(drvName)
}

// HashModulo is Nix's hashDerivationModulo(drv, maskOutputs=false). For a
// fixed-output derivation it is sha256("fixed:out:<algo>:<hex>:<path>"),
// so that how a fixed output is fetched does not change its dependents.
// Otherwise it is the sha256 of d's ATerm in which every input derivation
// path is replaced by its own ModuloHash (from lookup) in base16, entries
// with equal hashes merged.
func (h *Hasher) HashModulo(d *Derivation, lookup ModuloLookup) (ModuloHash, error) {
	if d.IsFixedOutput() {
		o := d.Outputs["out"]
		p, err := h.fixedPath(d.Name, o.HashAlgo, o.Hash)
		if err != nil {
			return ModuloHash{}, err
		}
		h.fp = append(h.fp[:0], "fixed:out:"...)
		h.fp = append(h.fp, o.HashAlgo...)
		h.fp = append(h.fp, ':')
		h.fp = append(h.fp, o.Hash...)
		h.fp = append(h.fp, ':')
		h.fp = append(h.fp, p...)
		return sha256.Sum256(h.fp), nil
	}
	return h.hashATerm(d, false, lookup)
}

// hashATerm hashes d's ATerm with input derivations replaced by their
// modulo hashes, masked or not.
func (h *Hasher) hashATerm(d *Derivation, mask bool, lookup ModuloLookup) (ModuloHash, error) {
	inputs, err := moduloInputs(d, lookup)
	if err != nil {
		return ModuloHash{}, err
	}
	return h.hashWithInputs(d, mask, inputs), nil
}

func (h *Hasher) hashWithInputs(d *Derivation, mask bool, inputs []moduloInput) ModuloHash {
	h.buf = h.w.appendATerm(h.buf[:0], d, mask, inputs)
	return sha256.Sum256(h.buf)
}

// hashPrepared is hashWithInputs for a derivation whose order h.w has
// already prepared.
func (h *Hasher) hashPrepared(d *Derivation, mask bool, inputs []moduloInput) ModuloHash {
	h.buf = h.w.write(h.buf[:0], d, mask, inputs)
	return sha256.Sum256(h.buf)
}

// moduloInputs looks up the modulo hash of every input derivation of d
// (which must have only input-addressed outputs) and returns them sorted
// and merged. It does not touch h's buffers, as lookup may recurse into h.
func moduloInputs(d *Derivation, lookup ModuloLookup) ([]moduloInput, error) {
	if err := checkPlainOutputs(d); err != nil {
		return nil, err
	}
	inputs := make([]moduloInput, 0, len(d.InputDrvs))
	for p, outs := range d.InputDrvs {
		if lookup == nil {
			return nil, errorf("no modulo hash lookup for input derivation %s", p)
		}
		m, err := lookup(p)
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, moduloInput{hash: m, outputs: outs})
	}
	return mergeInputs(inputs), nil
}

// checkPlainOutputs rejects derivations whose outputs are neither fixed
// nor input-addressed: floating content-addressed and impure outputs need
// experimental Nix features this package does not implement.
func checkPlainOutputs(d *Derivation) error {
	if len(d.Outputs) == 0 {
		return errorf("derivation %q has no outputs", d.Name)
	}
	for name, o := range d.Outputs {
		if o.HashAlgo != "" {
			return errorf("output %q of derivation %q: content-addressed outputs other than a single fixed \"out\" are not supported", name, d.Name)
		}
	}
	return nil
}

// mergeInputs sorts inputs by hash and merges entries with equal hashes,
// as hashDerivationModulo's std::map<hash, set<output>> does.
func mergeInputs(in []moduloInput) []moduloInput {
	slices.SortFunc(in, func(a, b moduloInput) int { return bytes.Compare(a.hash[:], b.hash[:]) })
	out := in[:0]
	for _, x := range in {
		if n := len(out); n > 0 && out[n-1].hash == x.hash {
			merged := append(slices.Clone(out[n-1].outputs), x.outputs...)
			slices.Sort(merged)
			out[n-1].outputs = slices.Compact(merged)
			continue
		}
		out = append(out, x)
	}
	return out
}

// OutputPaths computes the path of every output of d as Nix 2.8's
// derivationStrict does, ignoring the paths d already holds: the fixed
// path for a fixed-output derivation, otherwise
// makeOutputPath(name, hashDerivationModulo(masked d)) for each output,
// where the masked d has empty output paths and empty env values for
// variables named like outputs.
func (h *Hasher) OutputPaths(d *Derivation, lookup ModuloLookup) (map[string]string, error) {
	paths := make(map[string]string, len(d.Outputs))
	if d.IsFixedOutput() {
		o := d.Outputs["out"]
		p, err := h.fixedPath(d.Name, o.HashAlgo, o.Hash)
		if err != nil {
			return nil, err
		}
		paths["out"] = p
		return paths, nil
	}
	masked, err := h.hashATerm(d, true, lookup)
	if err != nil {
		return nil, err
	}
	for name := range d.Outputs {
		p, err := h.outputPath(d.Name, name, masked)
		if err != nil {
			return nil, err
		}
		paths[name] = p
	}
	return paths, nil
}

// outputPath is Nix's makeOutputPath.
func (h *Hasher) outputPath(drvName, output string, masked ModuloHash) (string, error) {
	h.fp = append(h.fp[:0], "output:"...)
	h.fp = append(h.fp, output...)
	h.fp = append(h.fp, ':')
	h.appendFingerprintHash(masked[:])
	return h.finishPath(OutputPathName(drvName, output))
}

// DrvPath returns the store path of d's .drv file: a text path named
// "<name>.drv" whose references are d's input sources and input
// derivations, all of which must lie in h's store directory.
func (h *Hasher) DrvPath(d *Derivation) (string, error) {
	h.buf = h.w.appendATerm(h.buf[:0], d, false, nil)
	return h.textPath(d, h.buf)
}

func (h *Hasher) textPath(d *Derivation, aterm []byte) (string, error) {
	if d.Name == "" {
		return "", errorf("derivation has no name")
	}
	refs := h.w.strs[:0]
	refs = append(refs, d.InputSrcs...)
	for p := range d.InputDrvs {
		refs = append(refs, p)
	}
	slices.Sort(refs)
	refs = slices.Compact(refs)
	h.w.strs = refs
	h.fp = append(h.fp[:0], "text"...)
	for _, r := range refs {
		if err := h.checkInStore(r); err != nil {
			return "", err
		}
		h.fp = append(h.fp, ':')
		h.fp = append(h.fp, r...)
	}
	h.fp = append(h.fp, ':')
	sum := sha256.Sum256(aterm)
	h.appendFingerprintHash(sum[:])
	return h.finishPath(d.Name + ".drv")
}

// checkInStore checks that p is "<storedir>/<hash>-<name>".
func (h *Hasher) checkInStore(p string) error {
	base, ok := strings.CutPrefix(p, h.dir)
	if !ok || !strings.HasPrefix(base, "/") || checkBase(base[1:]) != nil {
		return errorf("reference %q is not a store path in %s", p, h.dir)
	}
	return nil
}
