package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"syscall"
)

// tuneGCForEval sets the collector up for one-shot evaluation: no
// collection at all until the heap reaches floor bytes or evalHeap(),
// whichever is larger (a soft memory limit), and after that each collection schedules the next one when the
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
	floor = max(floor, evalHeap())
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

// evalHeap is the heap evaluation may fill before its first collection:
// a quarter of physical memory, at most 192 MiB. Nix 2.8 does the same
// with at most 384 MiB "so that in most cases we don't need to garbage
// collect at all"; here 384 MiB cut the derivations workload's time but
// cost more than it saved on workloads that make mostly garbage (fresh
// pages fault in, collected ones are reused), while 192 MiB helped the
// one and did not hurt the others.
func evalHeap() int64 {
	var si syscall.Sysinfo_t
	if syscall.Sysinfo(&si) != nil {
		return 0
	}
	return min(int64(si.Totalram)*int64(si.Unit)/4, 192<<20)
}

func envSet(name string) bool {
	_, ok := os.LookupEnv(name)
	return ok
}
