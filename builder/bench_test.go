package builder_test

import (
	"context"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/builder/oci"
	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
)

// BenchmarkManyTrivial builds examples/many.nix (41 trivial derivations)
// with 2 slots into a memory store, in process; each iteration uses a
// fresh salt so that everything is built.
func BenchmarkManyTrivial(b *testing.B) {
	nixtest.RequireRoot(b)
	inst := nixtest.RequireNix(b, "nix-instantiate")
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		out, err := exec.Command(inst, "../examples/many.nix", "--argstr", "salt", "bench-"+strconv.FormatInt(time.Now().UnixNano(), 10)).Output()
		if err != nil {
			b.Fatal(err)
		}
		drv := strings.TrimSpace(string(out))
		st := store.NewMemoryStore()
		if err := builder.ImportDerivations(ctx, st, nixpath.DefaultStoreDir, []string{drv}); err != nil {
			b.Fatal(err)
		}
		ob, err := oci.New(oci.Options{Dir: b.TempDir(), Blobs: st.Blobs, Directories: st.Directories})
		if err != nil {
			b.Fatal(err)
		}
		db, err := builder.NewDrvBuilder(builder.DrvBuilderOptions{Store: st, Builder: ob})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := db.BuildClosure(ctx, []string{drv}, builder.ClosureOptions{Jobs: 2}); err != nil {
			b.Fatal(err)
		}
	}
}
