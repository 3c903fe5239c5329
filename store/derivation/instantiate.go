package derivation

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
)

// Output returns the output of a fixed-output derivation with this hash,
// before its path is known: the value derivationStrict puts in
// Derivation.Outputs["out"] ahead of Hasher.Instantiate.
func (h FixedHash) Output() Output {
	return Output{HashAlgo: h.MethodAlgo(), Hash: hex.EncodeToString(h.Digest)}
}

// Instantiated is a derivation completed by Hasher.Instantiate.
type Instantiated struct {
	// DrvPath is the store path of the .drv file.
	DrvPath string
	// ATerm is the .drv file's contents, to be stored at DrvPath as a
	// text file with References. The caller owns it.
	ATerm []byte
	// References are the .drv file's references (input sources and
	// input derivations), sorted and unique.
	References []string
	// Modulo is hashDerivationModulo of the completed derivation: record
	// it under DrvPath so that the ModuloLookup of derivations that
	// depend on this one finds it.
	Modulo ModuloHash
}

// Instantiate completes d as Nix 2.8's derivationStrict does once it has
// gathered the attributes, and returns the .drv file to write.
//
// d must hold Name, Platform, Builder, Args, Env, InputSrcs, InputDrvs and
// one Output per output name. For a fixed-output derivation, Outputs is
// {"out": fh.Output()} with fh from ParseFixedHash; every other output is
// the zero Output. Instantiate then sets each output's Path and the env
// variable named after it to the output path: for a fixed-output
// derivation the fixed path, otherwise the path derived from
// hashDerivationModulo of d with output paths and output env variables
// blanked, in which input derivations are replaced by their modulo hashes
// from lookup. It never reads a store. On error d may be partly updated.
// (Env gains one variable per output: allocating it with room for them
// saves a map resize.)
func (h *Hasher) Instantiate(d *Derivation, lookup ModuloLookup) (Instantiated, error) {
	if d.Env == nil {
		d.Env = map[string]string{}
	}
	for name := range d.Outputs {
		d.Env[name] = ""
	}
	res, err := h.instantiate(nil, d, nil, false, lookup)
	if err != nil {
		return Instantiated{}, err
	}
	for name, o := range d.Outputs {
		d.Env[name] = o.Path
	}
	return res, nil
}

// InstantiateEnv is Instantiate for a derivation whose environment is
// env, sorted by name without duplicates, instead of d.Env, which it
// neither reads nor sets: the output variables are added to the written
// .drv only. Building no map saves much of the cost of instantiating
// derivations with many variables.
func (h *Hasher) InstantiateEnv(d *Derivation, env []EnvVar, lookup ModuloLookup) (Instantiated, error) {
	for i := 1; i < len(env); i++ {
		if env[i-1].Name >= env[i].Name {
			return Instantiated{}, errorf("environment of derivation '%s' is not sorted by name: '%s' follows '%s'", d.Name, env[i].Name, env[i-1].Name)
		}
	}
	return h.instantiate(nil, d, env, true, lookup)
}

// InstantiateEnvInto is InstantiateEnv with the .drv file written over
// buf's storage (Instantiated.ATerm is buf[:0] grown as needed): a caller
// that needs only the paths, references and modulo hash can pass the
// previous result's ATerm each time.
func (h *Hasher) InstantiateEnvInto(buf []byte, d *Derivation, env []EnvVar, lookup ModuloLookup) (Instantiated, error) {
	for i := 1; i < len(env); i++ {
		if env[i-1].Name >= env[i].Name {
			return Instantiated{}, errorf("environment of derivation '%s' is not sorted by name: '%s' follows '%s'", d.Name, env[i].Name, env[i-1].Name)
		}
	}
	return h.instantiate(buf[:0], d, env, true, lookup)
}

// instantiate is Instantiate with the environment in env (useEnv) or in
// d.Env, which then already holds every output variable, writing the
// .drv file into dst, which must be empty (offsets into it are kept).
func (h *Hasher) instantiate(dst []byte, d *Derivation, env []EnvVar, useEnv bool, lookup ModuloLookup) (Instantiated, error) {
	if err := checkNames(d); err != nil {
		return Instantiated{}, err
	}
	prepare := func() {
		if useEnv {
			h.w.prepareEnv(d, env)
		} else {
			h.w.prepare(d)
		}
	}
	var (
		modulo ModuloHash
		inputs []moduloInput
		aterm  []byte
		err    error
	)
	if d.IsFixedOutput() {
		o := d.Outputs["out"]
		if o.Path, err = h.fixedPath(d.Name, o.HashAlgo, o.Hash); err != nil {
			return Instantiated{}, err
		}
		d.Outputs["out"] = o
		if modulo, err = h.HashModulo(d, lookup); err != nil {
			return Instantiated{}, err
		}
		prepare()
		h.w.setOutputEnv(d)
		aterm = h.w.write(dst, d, false, nil)
	} else {
		if inputs, err = moduloInputs(d, lookup); err != nil {
			return Instantiated{}, err
		}
		for name := range d.Outputs {
			d.Outputs[name] = Output{}
		}
		prepare()
		masked := h.hashPrepared(d, true, inputs)
		for name := range d.Outputs {
			p, err := h.outputPath(d.Name, name, masked)
			if err != nil {
				return Instantiated{}, err
			}
			d.Outputs[name] = Output{Path: p}
		}
		h.w.setOutputEnv(d)
		// The .drv is the masked ATerm (in h.buf) with the output paths
		// filled in (each twice: outputs and environment) and the real
		// input derivations; the unmasked modulo ATerm is the .drv with
		// the modulo inputs spliced back in.
		size := len(h.buf)
		for _, o := range d.Outputs {
			size += 2 * len(o.Path)
		}
		for p := range d.InputDrvs {
			size += len(p) + 16
		}
		maskedStart, maskedEnd := h.w.inputsStart, h.w.inputsEnd
		aterm = h.w.fill(slices.Grow(dst, size), h.buf, d)
		h.buf2 = append(h.buf2[:0], aterm[:h.w.inputsStart]...)
		h.buf2 = append(h.buf2, h.buf[maskedStart:maskedEnd]...)
		h.buf2 = append(h.buf2, aterm[h.w.inputsEnd:]...)
		modulo = sha256.Sum256(h.buf2)
	}
	drvPath, err := h.textPath(d, aterm)
	if err != nil {
		return Instantiated{}, err
	}
	return Instantiated{
		DrvPath:    drvPath,
		ATerm:      aterm,
		References: slices.Clone(h.w.strs),
		Modulo:     modulo,
	}, nil
}

// checkNames applies derivationStrict's checks on the derivation and
// output names.
func checkNames(d *Derivation) error {
	if d.Name == "" {
		return errorf("derivation has no name")
	}
	if strings.HasSuffix(d.Name, ".drv") {
		return errorf("derivation names are not allowed to end in '.drv'")
	}
	if len(d.Outputs) == 0 {
		return errorf("derivation '%s' has no outputs", d.Name)
	}
	for name := range d.Outputs {
		if name == "drvPath" {
			// Nix 2.26's rule (2.8 refused "drv" instead).
			return errorf("invalid derivation output name 'drvPath'")
		}
	}
	return nil
}
