package derivation

import (
	"testing"
)

// benchDerivation returns a typical parsed derivation of the workload:
// two outputs, two inputs, 28 environment variables.
func benchDerivation(b *testing.B) (*Hasher, *Derivation, ModuloLookup) {
	h, err := NewHasher("")
	if err != nil {
		b.Fatal(err)
	}
	var last *Derivation
	memo := map[string]ModuloHash{}
	lookup := func(p string) (ModuloHash, error) { return memo[p], nil }
	for i := range 3 {
		d := sampleDerivation()
		d.InputDrvs = map[string][]string{}
		if last != nil {
			p, _ := h.DrvPath(last)
			d.InputDrvs[p] = []string{"out"}
		}
		for j := range 25 {
			d.Env["attr"+string(rune('a'+j))] = "value-with-some-length-" + string(rune('a'+i))
		}
		if _, err := h.Instantiate(d, lookup); err != nil {
			b.Fatal(err)
		}
		last = d
	}
	return h, last, lookup
}

func BenchmarkATerm(b *testing.B) {
	_, d, _ := benchDerivation(b)
	buf := d.ATerm()
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		buf = d.AppendATerm(buf[:0])
	}
}

func BenchmarkParseATerm(b *testing.B) {
	_, d, _ := benchDerivation(b)
	data := d.ATerm()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseATerm("bench", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDrvPath(b *testing.B) {
	h, d, _ := benchDerivation(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := h.DrvPath(d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOutputPaths(b *testing.B) {
	h, d, lookup := benchDerivation(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := h.OutputPaths(d, lookup); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkInstantiate(b *testing.B) {
	h, d, lookup := benchDerivation(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := h.Instantiate(d, lookup); err != nil {
			b.Fatal(err)
		}
	}
}
