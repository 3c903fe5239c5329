//go:build faults

// Package faults switches on misbehaviour in a test build of tvix-node
// (build tag faults), for the chaos campaign (simnet/chaos). A process
// turns faults on with TVIX_FAULTS, a comma-separated list of names.
package faults

import (
	"os"
	"strings"
	"sync"
)

// EnvVar is the environment variable listing the faults switched on.
const EnvVar = "TVIX_FAULTS"

// known are the fault names TVIX_FAULTS may list.
var known = map[string]bool{}

// register adds a fault name TVIX_FAULTS may list.
func register(name string) { known[name] = true }

var parsed = sync.OnceValue(func() map[string]bool {
	on := map[string]bool{}
	for _, name := range strings.Split(os.Getenv(EnvVar), ",") {
		if name = strings.TrimSpace(name); known[name] {
			on[name] = true
		}
	}
	return on
})

// On reports whether fault name is switched on in this process.
func On(name string) bool { return parsed()[name] }
