package instantiate

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkDerivationsWorkload evaluates bench/eval/derivations.nix as
// `tvix instantiate --eval --strict` does (what bench/eval.sh times
// against nix-instantiate), checking the output against its .exp.
func BenchmarkDerivationsWorkload(b *testing.B) {
	benchEval(b, &Options{EvalOnly: true, Strict: true, Files: []string{"../../bench/eval/derivations.nix"}}, "../../bench/eval/derivations.exp")
}

// BenchmarkPackageSet evaluates the package set's benchmark entry
// (eval/testdata/pkgset/entries/all.nix) as bench/pkgset.sh's eval row
// does, checking the output against Nix 2.26's recording.
func BenchmarkPackageSet(b *testing.B) {
	f, err := filepath.Abs("../testdata/pkgset/entries/all.nix")
	if err != nil {
		b.Fatal(err)
	}
	benchEval(b, &Options{EvalOnly: true, Strict: true, JSON: true, Files: []string{f}}, "../testdata/pkgset/expected/all.nix-2.26")
}

// benchEval runs o, checking its output against the file exp.
func benchEval(b *testing.B, o *Options, exp string) {
	want, err := os.ReadFile(exp)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var out, errOut bytes.Buffer
		o := *o
		if err := Run(context.Background(), &o, nil, &out, &errOut); err != nil {
			b.Fatalf("%v: %s", err, errOut.String())
		}
		if !bytes.Equal(out.Bytes(), want) {
			b.Fatalf("output differs from %s", exp)
		}
	}
}
