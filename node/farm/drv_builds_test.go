package farm

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/eval/instantiate"
	"github.com/p2pnix/tvix/node/coordinator"
	"github.com/p2pnix/tvix/proto/buildv1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/derivation"
	"github.com/p2pnix/tvix/store/nixpath"
)

// TestNoDrvBuilds: a node without a builder fails every build.
func TestNoDrvBuilds(t *testing.T) {
	var b *DrvBuilds
	built, err := b.Build(context.Background(), "/nix/store/x.drv", coordinator.Limits{}, func([]byte) {})
	if err == nil || built {
		t.Fatalf("Build on a node that does not build: built %v, err %v", built, err)
	}
}

// TestMissingInput names the input derivation whose output the store
// lacks, and nothing for a derivation without inputs.
func TestMissingInput(t *testing.T) {
	ctx := context.Background()
	st := store.NewMemoryStore()
	dir := nixpath.DefaultStoreDir
	h, err := derivation.NewHasher(string(dir))
	if err != nil {
		t.Fatal(err)
	}
	modulo := derivation.ModuloMap{}
	// add stores the derivation name reading inputDrvs and returns its path.
	add := func(name string, inputDrvs map[string][]string) string {
		d := &derivation.Derivation{Name: name, Platform: "x86_64-linux", Builder: "/bin/sh", InputDrvs: inputDrvs,
			Outputs: map[string]derivation.Output{"out": {}}, Env: map[string]string{"name": name}}
		inst, err := h.Instantiate(d, modulo.Lookup)
		if err == nil {
			modulo[inst.DrvPath] = inst.Modulo
			err = instantiate.PutText(ctx, st, dir, inst.DrvPath, inst.ATerm, inst.References)
		}
		if err != nil {
			t.Fatal(err)
		}
		return inst.DrvPath
	}
	a := add("a", nil)
	b := add("b", map[string][]string{a: {"out"}})
	builds, err := NewDrvBuilds(builder.DrvBuilderOptions{Store: st, StoreDir: dir, Builder: noBuilder{}})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := builds.MissingInput(ctx, b); err != nil || got != a {
		t.Fatalf("MissingInput(b) = %q, %v; want %s", got, err, a)
	}
	if got, err := builds.MissingInput(ctx, a); err != nil || got != "" {
		t.Fatalf("MissingInput(a), which has no inputs = %q, %v; want none", got, err)
	}
}

// noBuilder is a builder.Builder that is never asked to build.
type noBuilder struct{}

func (noBuilder) Build(context.Context, *buildv1.BuildRequest, io.Writer) (*buildv1.Build, error) {
	return nil, errors.New("noBuilder builds nothing")
}
