package derivation

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalid is wrapped by every error about a derivation that is not
// well-formed: a bad output, an unknown hash algorithm, a store path in the
// wrong place. Syntax errors in ATerm input are *ParseError values instead.
var ErrInvalid = errors.New("invalid derivation")

// errorf returns an error wrapping ErrInvalid.
func errorf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
}

// Output is one output of a derivation as the ATerm and `nix
// show-derivation` spell it.
//
// An input-addressed output has only Path. A fixed-output derivation's
// single output "out" also has HashAlgo (the algorithm, prefixed with "r:"
// when the output is hashed as a NAR, e.g. "r:sha256" or "sha1") and Hash
// (the expected digest in lowercase base16). Path is empty while output
// paths are being computed (Nix's "deferred" outputs).
type Output struct {
	Path     string
	HashAlgo string
	Hash     string
}

// IsFixed reports whether o is a fixed-output derivation's output: it has
// a hash algorithm and an expected hash (not "impure", which marks an
// impure derivation's output).
func (o Output) IsFixed() bool { return o.HashAlgo != "" && o.Hash != "" && o.Hash != "impure" }

// Derivation is a Nix derivation: the contents of a .drv file plus its
// name, which is not part of the ATerm but determines every path computed
// from it.
//
// Maps are serialised in byte order of their keys, as Nix's std::map does.
// InputSrcs and the output-name lists of InputDrvs are sets: they are
// written sorted and without duplicates whatever order they hold.
type Derivation struct {
	// Name is the derivation's name (the `name` attribute), without
	// ".drv". ParseATerm takes it from env "name" or, for structured
	// attributes, from the "name" field of env "__json"; the name in a
	// .drv's path always wins (see NameFromDrvPath).
	Name string

	// Outputs maps output names ("out", "dev", ...) to outputs.
	Outputs map[string]Output
	// InputDrvs maps the store path of each input derivation to the
	// names of its outputs that this derivation uses.
	InputDrvs map[string][]string
	// InputSrcs are the store paths of non-derivation inputs (sources).
	InputSrcs []string
	// Platform is the `system` attribute, e.g. "x86_64-linux".
	Platform string
	// Builder is the program that builds the derivation.
	Builder string
	// Args are the builder's arguments, in order.
	Args []string
	// Env is the builder's environment.
	Env map[string]string
}

// IsFixedOutput reports whether d is a fixed-output derivation: exactly
// one output, named "out", with an expected hash.
func (d *Derivation) IsFixedOutput() bool {
	if len(d.Outputs) != 1 {
		return false
	}
	o, ok := d.Outputs["out"]
	return ok && o.IsFixed()
}

// OutputPathName returns the name of output outputName's store path: the
// derivation name for "out", "<name>-<output>" otherwise.
func OutputPathName(drvName, outputName string) string {
	if outputName == "out" {
		return drvName
	}
	return drvName + "-" + outputName
}

// NameFromDrvPath returns the derivation name encoded in the path of a
// .drv file: its base name without the hash part and the ".drv" suffix.
func NameFromDrvPath(drvPath string) (string, error) {
	base := drvPath[strings.LastIndexByte(drvPath, '/')+1:]
	if len(base) < 34 || base[32] != '-' || !strings.HasSuffix(base, ".drv") || len(base) == 37 {
		return "", errorf("%q is not the path of a .drv file", drvPath)
	}
	return base[33 : len(base)-4], nil
}

// Clone returns a deep copy of d.
func (d *Derivation) Clone() *Derivation {
	c := *d
	c.Outputs = make(map[string]Output, len(d.Outputs))
	for k, v := range d.Outputs {
		c.Outputs[k] = v
	}
	c.InputDrvs = make(map[string][]string, len(d.InputDrvs))
	for k, v := range d.InputDrvs {
		c.InputDrvs[k] = append([]string(nil), v...)
	}
	c.InputSrcs = append([]string(nil), d.InputSrcs...)
	c.Args = append([]string(nil), d.Args...)
	c.Env = make(map[string]string, len(d.Env))
	for k, v := range d.Env {
		c.Env[k] = v
	}
	return &c
}
