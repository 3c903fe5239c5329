//go:build !faults

package farm

import "github.com/p2pnix/tvix/node/coordinator"

// Without the build tag faults the farm's hooks of flood_on.go do nothing.

type floodState struct{}

func (f *Farm) startFaults() {}

func (f *Farm) faultyOffer(string, *coordinator.Job) bool { return false }

func ignoresGrants() bool { return false }
