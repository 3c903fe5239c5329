//go:build !faults

package faults

import "testing"

func TestOff(t *testing.T) {
	t.Setenv(EnvVar, "")
	if On(CorruptChunks) || Enabled {
		t.Error("a fault is on without the build tag faults")
	}
	if err := Check(); err != nil {
		t.Errorf("Check with TVIX_FAULTS empty: %v", err)
	}
	t.Setenv(EnvVar, CorruptChunks)
	if On(CorruptChunks) {
		t.Error("TVIX_FAULTS switches a fault on without the build tag faults")
	}
	if err := Check(); err == nil {
		t.Error("Check accepts TVIX_FAULTS in a binary without faults")
	}
}
