package instantiate

import (
	"bytes"
	"context"
	"os"
	"testing"
)

// BenchmarkDerivationsWorkload evaluates bench/eval/derivations.nix as
// `tvix instantiate --eval --strict` does (what bench/eval.sh times
// against nix-instantiate), checking the output against its .exp.
func BenchmarkDerivationsWorkload(b *testing.B) {
	const f = "../../bench/eval/derivations.nix"
	exp, err := os.ReadFile("../../bench/eval/derivations.exp")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var out, errOut bytes.Buffer
		o := &Options{EvalOnly: true, Strict: true, Files: []string{f}}
		if err := Run(context.Background(), o, nil, &out, &errOut); err != nil {
			b.Fatalf("%v: %s", err, errOut.String())
		}
		if !bytes.Equal(out.Bytes(), exp) {
			b.Fatalf("got %s, want %s", out.Bytes(), exp)
		}
	}
}
