package farm

import (
	"context"
	"testing"

	"github.com/p2pnix/tvix/node/coordinator"
)

// TestNoDrvBuilds: a node without a builder fails every build.
func TestNoDrvBuilds(t *testing.T) {
	var b *DrvBuilds
	built, err := b.Build(context.Background(), "/nix/store/x.drv", coordinator.Limits{}, func([]byte) {})
	if err == nil || built {
		t.Fatalf("Build on a node that does not build: built %v, err %v", built, err)
	}
}
