//go:build faults

package faults

import (
	"fmt"
	"os"
	"strings"
	"sync"
)

// Enabled tells whether this binary was built with faults.
const Enabled = true

// parsed is TVIX_FAULTS, read once.
var parsed = sync.OnceValues(func() (map[string]bool, error) {
	return parse(os.Getenv(EnvVar))
})

// parse reads a comma-separated list of known fault names.
func parse(s string) (map[string]bool, error) {
	on := map[string]bool{}
	if strings.TrimSpace(s) == "" {
		return on, nil
	}
	for i, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if !known[name] {
			return nil, fmt.Errorf("%s: item %d: unknown fault %q", EnvVar, i+1, name)
		}
		on[name] = true
	}
	return on, nil
}

// On reports whether fault name is switched on in this process. A
// TVIX_FAULTS that Check refuses switches nothing on.
func On(name string) bool {
	on, err := parsed()
	return err == nil && on[name]
}

// Check reports a TVIX_FAULTS naming an unknown fault.
func Check() error {
	_, err := parsed()
	return err
}
