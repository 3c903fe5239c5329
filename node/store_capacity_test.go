package node

import (
	"io"
	"strings"
	"testing"
)

// TestParseArgsStoreCapacity: --store-capacity and the store-capacity
// key take sizes with units; the flag wins; a bad size is refused with
// the flag named.
func TestParseArgsStoreCapacity(t *testing.T) {
	dir := t.TempDir()
	cfgFile := writeConfig(t, dir, `store-capacity = "50GiB"`)
	cfg, err := ParseArgs([]string{"--config", cfgFile, "--data-dir", dir}, io.Discard)
	if err != nil || cfg.StoreCapacity != 50<<30 {
		t.Fatalf("from the file: %d, %v", cfg.StoreCapacity, err)
	}
	cfg, err = ParseArgs([]string{"--config", cfgFile, "--data-dir", dir, "--store-capacity", "1.5TB"}, io.Discard)
	if err != nil || cfg.StoreCapacity != 1.5e12 {
		t.Fatalf("from the flag: %d, %v", cfg.StoreCapacity, err)
	}
	if _, err := ParseArgs([]string{"--data-dir", dir, "--store-capacity", "lots"}, io.Discard); err == nil || !strings.Contains(err.Error(), "store-capacity") {
		t.Errorf("bad size: %v", err)
	}
}
