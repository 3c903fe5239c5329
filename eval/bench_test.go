package eval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkWorkloads evaluates the workloads of bench/eval (what
// bench/eval.sh times against nix-instantiate) in process, checking each
// result against its recorded .exp. The derivations workload needs a
// store that builds derivations: BenchmarkDerivationsWorkload in
// eval/instantiate runs it.
func BenchmarkWorkloads(b *testing.B) {
	files, _ := filepath.Glob("../bench/eval/*.nix")
	if len(files) == 0 {
		b.Fatal("no workloads in ../bench/eval")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".nix")
		if name == "derivations" {
			continue // see eval/instantiate.BenchmarkDerivationsWorkload
		}
		exp, err := os.ReadFile(strings.TrimSuffix(f, ".nix") + ".exp")
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				ev := New(context.Background(), Options{})
				v, err := ev.EvalFile(f)
				if err != nil {
					b.Fatal(err)
				}
				out, err := ev.EvalOutput(v, "", nil, OutputOptions{Strict: true})
				if err != nil {
					b.Fatal(err)
				}
				if out+"\n" != string(exp) {
					b.Fatalf("%s: got %s, want %s", name, out, exp)
				}
			}
		})
	}
}
