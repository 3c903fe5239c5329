package builder_test

import (
	"context"
	"errors"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/builder/oci"
	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
)

// TestCheckDetectsNondeterminism rebuilds a deterministic and a
// nondeterministic derivation with ClosureOptions.Check: the first
// passes, the second fails with Nix's message (an *OutputDiffers holding
// both trees), and the store keeps the first build's output.
func TestCheckDetectsNondeterminism(t *testing.T) {
	nixtest.RequireRoot(t)
	inst := nixtest.RequireNix(t, "nix-instantiate")
	drvOf := func(script string) string {
		out, err := exec.Command(inst, "-E", `with import ../examples/busybox.nix { }; mkShell "check-me" "`+script+`" { }`).Output()
		if err != nil {
			t.Fatalf("nix-instantiate: %v", err)
		}
		return strings.TrimSpace(string(out))
	}
	det := drvOf(`echo same > $out`)
	nondet := drvOf(`cat /proc/sys/kernel/random/uuid > $out`)

	ctx := context.Background()
	st := store.NewMemoryStore()
	if err := builder.ImportDerivations(ctx, st, nixpath.DefaultStoreDir, []string{det, nondet}); err != nil {
		t.Fatal(err)
	}
	b, err := oci.New(oci.Options{Dir: t.TempDir(), Blobs: st.Blobs, Directories: st.Directories})
	if err != nil {
		t.Fatal(err)
	}
	db, err := builder.NewDrvBuilder(builder.DrvBuilderOptions{Store: st, Builder: b, Request: builder.RequestOptions{Cores: runtime.NumCPU()}})
	if err != nil {
		t.Fatal(err)
	}
	first, err := db.BuildClosure(ctx, []string{det, nondet}, builder.ClosureOptions{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.BuildClosure(ctx, []string{det}, builder.ClosureOptions{Check: true}); err != nil {
		t.Errorf("checking a deterministic build: %v", err)
	}
	_, err = db.BuildClosure(ctx, []string{nondet}, builder.ClosureOptions{Check: true})
	if err == nil || !strings.Contains(err.Error(), "derivation '"+nondet+"' may not be deterministic: output '") {
		t.Errorf("checking a nondeterministic build: %v", err)
	}
	// The error carries both trees, for listing what differs.
	var od *builder.OutputDiffers
	if !errors.As(err, &od) || !errors.Is(err, builder.ErrBuildFailed) {
		t.Fatalf("check failure %T is not an *OutputDiffers", err)
	}
	if diff, derr := store.DiffTrees(ctx, st.Directories, od.Stored, od.Rebuilt); derr != nil || len(diff) != 1 || diff[0].What != "content" {
		t.Errorf("DiffTrees of the two outputs: %v, %v", diff, derr)
	}
	again, err := db.BuildClosure(ctx, []string{nondet}, builder.ClosureOptions{})
	var firstOut string
	for _, r := range first {
		if r.DrvPath == nondet {
			firstOut = r.Outputs["out"]
		}
	}
	if err != nil || again[0].Built || again[0].Outputs["out"] != firstOut || firstOut == "" {
		t.Errorf("after the failed check: %v, %v", again, err)
	}
}
