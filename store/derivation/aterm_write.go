package derivation

import (
	"encoding/hex"
	"slices"
	"strings"
)

// ATerm returns the .drv file contents of d, byte-identical to what Nix
// 2.8 writes for the same derivation.
func (d *Derivation) ATerm() []byte {
	var w atermWriter
	return w.appendATerm(nil, d, false, nil)
}

// AppendATerm appends the .drv file contents of d to buf and returns the
// extended buffer.
func (d *Derivation) AppendATerm(buf []byte) []byte {
	var w atermWriter
	return w.appendATerm(buf, d, false, nil)
}

// moduloInput is one entry of the input list that hashDerivationModulo
// writes instead of inputDrvs: the modulo hash of one or more input
// derivations and the union of the output names used from them.
type moduloInput struct {
	hash    ModuloHash
	outputs []string
}

// atermWriter holds scratch space reused across serialisations: the
// sorted keys of a derivation's maps, gathered once by prepare.
type atermWriter struct {
	outs []string
	drvs []string
	// env holds the environment; order lists its indices sorted by key
	// (sorting indices moves no pointers, which keeps the garbage
	// collector's write barriers out of the sort).
	env   []envVar
	order []int32
	strs  []string
	// inputsStart and inputsEnd delimit the elements of the input
	// derivation list in the slice returned by the last write.
	inputsStart, inputsEnd int
	// holes are the masked values of the last write, in order.
	holes []hole
}

// hole is a masked value: the `""` at offset at stands for the path of
// output name, or (env >= 0) for the value of w.env[env].
type hole struct {
	at   int
	name string
	env  int32
}

// fill writes the .drv that the last masked write (masked) stands for,
// now that d's output paths and env are set: the masked bytes with the
// holes filled and the input derivation list of d instead of the masked
// one. Afterwards inputsStart and inputsEnd delimit the list in the
// result. It saves escaping the whole environment a second time.
func (w *atermWriter) fill(b, masked []byte, d *Derivation) []byte {
	prev, inputsDone := 0, false
	start, end := w.inputsStart, w.inputsEnd
	for _, h := range w.holes {
		if !inputsDone && h.at >= end {
			b = append(b, masked[prev:start]...)
			w.inputsStart = len(b)
			b = w.appendInputs(b, d, nil)
			w.inputsEnd = len(b)
			prev, inputsDone = end, true
		}
		b = append(b, masked[prev:h.at]...)
		if h.env >= 0 {
			b = appendEscaped(b, w.env[h.env].v)
		} else {
			b = appendRaw(b, d.Outputs[h.name].Path)
		}
		prev = h.at + len(`""`)
	}
	if !inputsDone {
		b = append(b, masked[prev:start]...)
		w.inputsStart = len(b)
		b = w.appendInputs(b, d, nil)
		w.inputsEnd = len(b)
		prev = end
	}
	return append(b, masked[prev:]...)
}

// envVar is one environment variable; output is set when an output has
// the same name, so masking and output path changes apply to it.
type envVar struct {
	k, v   string
	output bool
}

// EnvVar is one variable of a derivation's environment.
type EnvVar struct {
	Name, Value string
}

// appendATerm is Nix's Derivation::unparse. With mask, output paths and
// the env values of variables named like outputs are written empty; with
// inputs non-nil, those replace inputDrvs (they must be sorted by hash).
func (w *atermWriter) appendATerm(b []byte, d *Derivation, mask bool, inputs []moduloInput) []byte {
	w.prepare(d)
	return w.write(b, d, mask, inputs)
}

// prepare sorts d's output names, input derivations and environment for
// write. It must run again when any of their keys change; in between,
// values may change only for outputs and (through setOutputEnv) for
// output-named env variables.
func (w *atermWriter) prepare(d *Derivation) {
	w.prepareKeys(d)
	for k, v := range d.Env {
		w.addEnv(d, k, v)
	}
	w.sortEnv()
}

// prepareEnv is prepare for a derivation whose environment is env (sorted
// by name, names unique) instead of d.Env; output variables missing from
// env are added with empty values, each inserted in its place in order.
func (w *atermWriter) prepareEnv(d *Derivation, env []EnvVar) {
	w.prepareKeys(d)
	for _, e := range env {
		w.addEnv(d, e.Name, e.Value)
	}
	for _, o := range w.outs {
		at, found := slices.BinarySearchFunc(w.order, o, func(i int32, name string) int { return strings.Compare(w.env[i].k, name) })
		if !found {
			w.env = append(w.env, envVar{k: o, output: true})
			w.order = slices.Insert(w.order, at, int32(len(w.env)-1))
		}
	}
}

func (w *atermWriter) prepareKeys(d *Derivation) {
	w.outs = sortedKeys(w.outs[:0], d.Outputs)
	w.drvs = sortedKeys(w.drvs[:0], d.InputDrvs)
	w.env = w.env[:0]
	w.order = w.order[:0]
}

func (w *atermWriter) addEnv(d *Derivation, k, v string) {
	w.order = append(w.order, int32(len(w.env)))
	w.env = append(w.env, envVar{k: k, v: v, output: isOutput(d, k)})
}

// sortEnv orders w.order by variable name.
func (w *atermWriter) sortEnv() {
	env := w.env
	slices.SortFunc(w.order, func(a, b int32) int { return strings.Compare(env[a].k, env[b].k) })
}

// setOutputEnv sets the value of every output-named env variable to the
// path of its output in d.
func (w *atermWriter) setOutputEnv(d *Derivation) {
	for i := range w.env {
		if e := &w.env[i]; e.output {
			e.v = d.Outputs[e.k].Path
		}
	}
}

// write serialises d using the order computed by prepare.
func (w *atermWriter) write(b []byte, d *Derivation, mask bool, inputs []moduloInput) []byte {
	w.holes = w.holes[:0]
	b = append(b, "Derive(["...)
	for i, name := range w.outs {
		if i > 0 {
			b = append(b, ',')
		}
		o := d.Outputs[name]
		b = append(b, '(')
		b = appendRaw(b, name)
		b = append(b, ',')
		if mask {
			w.holes = append(w.holes, hole{at: len(b), name: name, env: -1})
			b = append(b, `""`...)
		} else {
			b = appendRaw(b, o.Path)
		}
		b = append(b, ',')
		b = appendRaw(b, o.HashAlgo)
		b = append(b, ',')
		b = appendRaw(b, o.Hash)
		b = append(b, ')')
	}
	b = append(b, "],["...)
	w.inputsStart = len(b)
	b = w.appendInputs(b, d, inputs)
	w.inputsEnd = len(b)
	b = append(b, "],"...)
	b = w.appendSet(b, d.InputSrcs)
	b = append(b, ',')
	b = appendRaw(b, d.Platform)
	b = append(b, ',')
	b = appendEscaped(b, d.Builder)
	b = append(b, ",["...)
	for i, a := range d.Args {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendEscaped(b, a)
	}
	b = append(b, "],["...)
	for i, j := range w.order {
		if i > 0 {
			b = append(b, ',')
		}
		e := &w.env[j]
		b = append(b, '(')
		b = appendEscaped(b, e.k)
		b = append(b, ',')
		if e.output && mask {
			w.holes = append(w.holes, hole{at: len(b), name: e.k, env: j})
			b = append(b, `""`...)
		} else {
			b = appendEscaped(b, e.v)
		}
		b = append(b, ')')
	}
	return append(b, "])"...)
}

// appendInputs writes the elements of the input derivation list: inputs
// if not nil, else d's input derivations.
func (w *atermWriter) appendInputs(b []byte, d *Derivation, inputs []moduloInput) []byte {
	if inputs != nil {
		for i, in := range inputs {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `("`...)
			b = hex.AppendEncode(b, in.hash[:])
			b = append(b, `",`...)
			b = w.appendSet(b, in.outputs)
			b = append(b, ')')
		}
		return b
	}
	for i, p := range w.drvs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '(')
		b = appendRaw(b, p)
		b = append(b, ',')
		b = w.appendSet(b, d.InputDrvs[p])
		b = append(b, ')')
	}
	return b
}

// appendSet writes a string set as an ATerm list of unescaped strings,
// sorted and deduplicated as Nix's std::set is.
func (w *atermWriter) appendSet(b []byte, set []string) []byte {
	if !strictlySorted(set) {
		w.strs = append(w.strs[:0], set...)
		slices.Sort(w.strs)
		set = slices.Compact(w.strs)
	}
	b = append(b, '[')
	for i, s := range set {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendRaw(b, s)
	}
	return append(b, ']')
}

func strictlySorted(ss []string) bool {
	for i := 1; i < len(ss); i++ {
		if ss[i-1] >= ss[i] {
			return false
		}
	}
	return true
}

func sortedKeys[V any](dst []string, m map[string]V) []string {
	for k := range m {
		dst = append(dst, k)
	}
	slices.Sort(dst)
	return dst
}

// appendRaw writes s in quotes without escaping it, as Nix's
// printUnquotedString does for output names, store paths, hash
// algorithms, hashes and the platform.
func appendRaw(b []byte, s string) []byte {
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// atermEscape maps each byte that printString escapes to the letter that
// follows the backslash; every other byte maps to 0.
var atermEscape = [256]byte{'"': '"', '\\': '\\', '\n': 'n', '\r': 'r', '\t': 't'}

// appendEscaped writes s in quotes, escaping '"', '\\', newline, carriage
// return and tab, as Nix's printString does. Every other byte, including
// other control characters and non-UTF-8 bytes, is written as is.
func appendEscaped(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		if esc := atermEscape[s[i]]; esc != 0 {
			b = append(b, s[start:i]...)
			b = append(b, '\\', esc)
			start = i + 1
		}
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func isOutput(d *Derivation, name string) bool {
	_, ok := d.Outputs[name]
	return ok
}
