package instantiate

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
)

// TestDerivationsAgainstNix instantiates every expression in
// ../testdata/derivations with nix-instantiate and with Run: the printed
// drv paths must be the same, and every .drv Run made must have the bytes
// of Nix's file of that path.
func TestDerivationsAgainstNix(t *testing.T) {
	nixInst := nixtest.RequireNix(t, "nix-instantiate")
	files, err := filepath.Glob("../testdata/derivations/*.nix")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test expressions: %v", err)
	}
	for _, f := range files {
		f := f
		t.Run(filepath.Base(f), func(t *testing.T) {
			want, err := exec.Command(nixInst, f).Output()
			if err != nil {
				t.Fatalf("nix-instantiate %s: %v", f, err)
			}
			o, err := ParseArgs([]string{f})
			if err != nil {
				t.Fatal(err)
			}
			o.store = newComputeStore()
			var got, stderr bytes.Buffer
			if err := Run(context.Background(), o, nil, &got, &stderr); err != nil {
				t.Fatalf("Run: %v\n%s", err, stderr.String())
			}
			if got.String() != string(want) {
				t.Errorf("drv paths:\n got %q\nwant %q", got.String(), want)
			}
			if len(o.store.files) == 0 {
				t.Fatal("no derivations made")
			}
			for p, b := range o.store.files {
				nb, err := os.ReadFile(p)
				if err != nil {
					t.Errorf("Nix did not write %s: %v", p, err)
					continue
				}
				if !bytes.Equal(b, nb) {
					t.Errorf("%s:\n got %s\nwant %s", p, b, nb)
				}
			}
		})
	}
}
