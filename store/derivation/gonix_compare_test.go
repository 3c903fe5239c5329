package derivation

import (
	"bytes"
	"strings"
	"testing"

	gonix "github.com/nix-community/go-nix/pkg/derivation"
)

// goNixVerdict says how go-nix's derivation package does on one recorded
// .drv: "ok", or the first thing it gets wrong.
func goNixVerdict(g goldenCase, p string, repl map[string]string) string {
	var replacement func(p string) (string, error)
	replacement = func(p string) (string, error) {
		if r, ok := repl[p]; ok {
			return r, nil
		}
		d, err := gonix.ReadDerivation(bytes.NewReader(g.drvs[p]))
		if err != nil {
			return "", err
		}
		inputs := map[string]string{}
		for in := range d.InputDerivations {
			if inputs[in], err = replacement(in); err != nil {
				return "", err
			}
		}
		r, err := d.CalculateDrvReplacement(inputs)
		repl[p] = r
		return r, err
	}
	d, err := gonix.ReadDerivation(bytes.NewReader(g.drvs[p]))
	if err != nil {
		return "read"
	}
	var buf bytes.Buffer
	if d.WriteDerivation(&buf) != nil || !bytes.Equal(buf.Bytes(), g.drvs[p]) {
		return "write"
	}
	if drvPath, err := d.DrvPath(); err != nil || drvPath != p {
		return "drv path"
	}
	inputs := map[string]string{}
	for in := range d.InputDerivations {
		if inputs[in], err = replacement(in); err != nil {
			return "input"
		}
	}
	outs, err := d.CalculateOutputPaths(inputs)
	for name, o := range d.Outputs {
		if err != nil || outs[name] != o.Path {
			return "output paths"
		}
	}
	return "ok"
}

// TestGoNixGaps records where github.com/nix-community/go-nix's derivation
// package (the version in go.mod) agrees with Nix on the corpus and where
// it does not, which is why this package writes, parses and hashes ATerms
// itself and uses go-nix only for nixbase32. If go-nix changes, this test
// says so.
func TestGoNixGaps(t *testing.T) {
	known := map[string]string{
		// It keeps env keys in their escaped form (its Env map has
		// `a\"b` where Nix has `a"b`) and checks their order in that
		// form, so it rejects this .drv of Nix's; where the order
		// happens to agree, the bytes and paths still come out right.
		"escapes": "read",
		// It does not deduplicate references that are both an input
		// source and an input derivation, so the drv path is wrong.
		"drvpath-context": "drv path",
	}
	agree := 0
	for _, expr := range corpusExprs(t) {
		if strings.HasSuffix(expr, "/experimental.nix") {
			continue // go-nix does not claim to handle these
		}
		g := loadGolden(t, "nix-store", expr)
		repl := map[string]string{}
		for p := range g.drvs {
			name, _ := NameFromDrvPath(p)
			want, ok := known[name]
			if !ok {
				want = "ok"
			}
			if got := goNixVerdict(g, p, repl); got != want {
				t.Errorf("%s: go-nix verdict %q, expected %q", p, got, want)
			} else if got == "ok" {
				agree++
			}
		}
	}
	// go-nix hard-codes /nix/store.
	for _, expr := range corpusExprs(t) {
		g := loadGolden(t, "alt-store", expr)
		for p := range g.drvs {
			if got := goNixVerdict(g, p, map[string]string{}); got == "ok" {
				t.Errorf("%s: go-nix handles %s", p, g.storeDir)
			}
		}
	}
	t.Logf("go-nix agrees with Nix on %d /nix/store derivations and on none in another store directory", agree)
}

// BenchmarkGoNixDrvPath is BenchmarkDrvPath with go-nix, for comparison.
func BenchmarkGoNixDrvPath(b *testing.B) {
	_, d, _ := benchDerivation(b)
	gd, err := gonix.ReadDerivation(bytes.NewReader(d.ATerm()))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := gd.DrvPath(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGoNixParse is BenchmarkParseATerm with go-nix, for comparison.
func BenchmarkGoNixParse(b *testing.B) {
	_, d, _ := benchDerivation(b)
	data := d.ATerm()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := gonix.ReadDerivation(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
