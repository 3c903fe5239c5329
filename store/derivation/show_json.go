package derivation

import (
	"slices"
)

// ShowDerivationJSON renders derivations keyed by their .drv paths as
// `nix show-derivation` (Nix 2.8) prints them: one JSON object, sorted by
// drv path, indented by two spaces, followed by a newline.
func ShowDerivationJSON(drvs map[string]*Derivation) []byte {
	j := jsonWriter{b: make([]byte, 0, 4096)}
	paths := sortedKeys(nil, drvs)
	j.open('{')
	for i, p := range paths {
		j.key(i, p)
		j.derivation(drvs[p])
	}
	j.close('}', len(paths))
	j.b = append(j.b, '\n')
	return j.b
}

// jsonWriter writes JSON laid out as Nix's JSON writer lays it out.
type jsonWriter struct {
	b     []byte
	depth int
}

func (j *jsonWriter) open(c byte) {
	j.b = append(j.b, c)
	j.depth++
}

// close ends a container that held n elements; empty ones stay "{}"/"[]".
func (j *jsonWriter) close(c byte, n int) {
	j.depth--
	if n > 0 {
		j.newline()
	}
	j.b = append(j.b, c)
}

func (j *jsonWriter) newline() {
	j.b = append(j.b, '\n')
	for range j.depth {
		j.b = append(j.b, "  "...)
	}
}

// elem starts the i-th element of the current container.
func (j *jsonWriter) elem(i int) {
	if i > 0 {
		j.b = append(j.b, ',')
	}
	j.newline()
}

// key starts the i-th member of the current object.
func (j *jsonWriter) key(i int, k string) {
	j.elem(i)
	j.str(k)
	j.b = append(j.b, ": "...)
}

func (j *jsonWriter) strings(ss []string) {
	j.open('[')
	for i, s := range ss {
		j.elem(i)
		j.str(s)
	}
	j.close(']', len(ss))
}

func (j *jsonWriter) derivation(d *Derivation) {
	j.open('{')
	j.key(0, "outputs")
	names := sortedKeys(nil, d.Outputs)
	j.open('{')
	for i, name := range names {
		o := d.Outputs[name]
		j.key(i, name)
		j.open('{')
		n := 0
		if o.Path != "" {
			j.key(n, "path")
			j.str(o.Path)
			n++
		}
		if o.HashAlgo != "" {
			j.key(n, "hashAlgo")
			j.str(o.HashAlgo)
			n++
			switch o.Hash {
			case "":
			case "impure":
				j.key(n, "impure")
				j.b = append(j.b, "true"...)
				n++
			default:
				j.key(n, "hash")
				j.str(o.Hash)
				n++
			}
		}
		j.close('}', n)
	}
	j.close('}', len(names))

	j.key(1, "inputSrcs")
	srcs := slices.Clone(d.InputSrcs)
	slices.Sort(srcs)
	j.strings(slices.Compact(srcs))

	j.key(2, "inputDrvs")
	drvs := sortedKeys(nil, d.InputDrvs)
	j.open('{')
	for i, p := range drvs {
		j.key(i, p)
		outs := slices.Clone(d.InputDrvs[p])
		slices.Sort(outs)
		j.strings(slices.Compact(outs))
	}
	j.close('}', len(drvs))

	j.key(3, "system")
	j.str(d.Platform)
	j.key(4, "builder")
	j.str(d.Builder)
	j.key(5, "args")
	j.strings(d.Args)

	j.key(6, "env")
	keys := sortedKeys(nil, d.Env)
	j.open('{')
	for i, k := range keys {
		j.key(i, k)
		j.str(d.Env[k])
	}
	j.close('}', len(keys))
	j.close('}', 7)
}

// str writes s as a JSON string the way Nix does: '"' and '\\' are
// backslash-escaped, newline, carriage return and tab use \n, \r, \t,
// other bytes below 0x20 use \u00XX, and all other bytes (including
// non-ASCII and invalid UTF-8) are copied unchanged.
func (j *jsonWriter) str(s string) {
	const digits = "0123456789abcdef"
	b := append(j.b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, `\n`...)
		case '\r':
			b = append(b, `\r`...)
		case '\t':
			b = append(b, `\t`...)
		default:
			b = append(b, '\\', 'u', '0', '0', digits[c>>4], digits[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	j.b = append(b, '"')
}
