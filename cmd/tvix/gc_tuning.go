package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// tuneGCForEval sets the collector up for one-shot evaluation: no
// collection at all until the heap reaches floor bytes (a soft memory
// limit), and after that each collection schedules the next one when the
// heap reaches the larger of floor and twice the live heap (GOGC set
// after every cycle; the memory limit is lifted after the first, since it
// counts freed pages not yet returned to the OS and so made collections
// run ever more often). Evaluation allocates a lot of short-lived thunks
// and environments while what stays live grows; collecting every few
// megabytes (the default for a small heap) costs more than the
// evaluation itself. An explicit GOGC or GOMEMLIMIT in the environment
// wins.
func tuneGCForEval(floor int64) {
	if envSet("GOGC") || envSet("GOMEMLIMIT") {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(floor)
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/scan/stack:bytes"}, {Name: "/gc/scan/globals:bytes"}}
	first := true
	var arm func()
	arm = func() {
		s := new([16]byte)
		runtime.SetFinalizer(s, func(*[16]byte) {
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 && sample[1].Value.Kind() == metrics.KindUint64 && sample[2].Value.Kind() == metrics.KindUint64 {
				roots := sample[1].Value.Uint64() + sample[2].Value.Uint64()
				debug.SetGCPercent(nextGCPercent(floor, sample[0].Value.Uint64(), roots))
				if first {
					debug.SetMemoryLimit(math.MaxInt64)
					first = false
				}
			}
			arm()
		})
	}
	arm()
}

// nextGCPercent is the GOGC that puts the next collection at
// max(floor, 2 × live) bytes of heap: the runtime's goal is
// live + (live + roots) × GOGC/100, roots being stacks and globals.
func nextGCPercent(floor int64, live, roots uint64) int {
	l := float64(live)
	target := max(float64(floor), 2*l)
	return max(int(100*(target-l)/max(l+float64(roots), 1<<20)), 100)
}

func envSet(name string) bool {
	_, ok := os.LookupEnv(name)
	return ok
}
