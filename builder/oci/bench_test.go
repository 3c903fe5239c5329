package oci_test

import (
	"context"
	"testing"
)

// BenchmarkTrivialBuild measures the per-build overhead of the sandbox:
// one container that writes a one-line output, ingested into a memory
// store.
func BenchmarkTrivialBuild(b *testing.B) {
	bld, _, bb := newTestBuilder(b)
	req := shRequest(bb, "echo hi > $out")
	for b.Loop() {
		if _, err := bld.Build(context.Background(), req, nil); err != nil {
			b.Fatal(err)
		}
	}
}
