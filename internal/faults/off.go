//go:build !faults

package faults

import (
	"fmt"
	"os"
)

// Enabled tells whether this binary was built with faults.
const Enabled = false

// On is always false without the build tag faults.
func On(string) bool { return false }

// Check refuses a TVIX_FAULTS this binary, built without faults, would
// ignore.
func Check() error {
	if v := os.Getenv(EnvVar); v != "" {
		return fmt.Errorf("%s=%q: this binary was built without -tags faults", EnvVar, v)
	}
	return nil
}
