package instantiate

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/p2pnix/tvix/internal/nixtest"
)

// BenchmarkPathFilter evaluates builtins.path with a filter over a tree
// of 4000 files (40 directories) with Run and with nix-instantiate
// --eval, checks that both print the same path, and reports each one's
// time per evaluation and the ratio tvix/nix.
func BenchmarkPathFilter(b *testing.B) {
	nixInst := nixtest.RequireNix(b, "nix-instantiate")
	tree := filepath.Join(b.TempDir(), "tree")
	for i := 0; i < 40; i++ {
		d := filepath.Join(tree, fmt.Sprintf("d%d", i))
		if err := os.MkdirAll(d, 0o755); err != nil {
			b.Fatal(err)
		}
		for j := 0; j < 100; j++ {
			if err := os.WriteFile(filepath.Join(d, fmt.Sprintf("f%d.txt", j)), []byte(fmt.Sprintf("file %d %d\n", i, j)), 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	expr := `builtins.path { path = ` + tree + `; filter = p: t: builtins.match ".*5\\.txt" p == null; }`
	var tvix, nix time.Duration
	for b.Loop() {
		start := time.Now()
		o := &Options{EvalOnly: true, FromExpr: true, Files: []string{expr}}
		var got, stderr bytes.Buffer
		if err := Run(context.Background(), o, nil, &got, &stderr); err != nil {
			b.Fatalf("%v: %s", err, stderr.String())
		}
		mid := time.Now()
		want, err := exec.Command(nixInst, "--eval", "-E", expr).Output()
		if err != nil {
			b.Fatal(err)
		}
		tvix += mid.Sub(start)
		nix += time.Since(mid)
		if !bytes.Equal(got.Bytes(), want) {
			b.Fatalf("tvix printed %q, nix-instantiate %q", got.Bytes(), want)
		}
	}
	b.ReportMetric(float64(tvix.Milliseconds())/float64(b.N), "tvix-ms/op")
	b.ReportMetric(float64(nix.Milliseconds())/float64(b.N), "nix-ms/op")
	b.ReportMetric(float64(tvix)/float64(nix), "tvix/nix")
}
