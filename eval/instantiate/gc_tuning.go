package instantiate

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// EvalGCFloor is the heap a one-shot evaluation grows to before its
// first collection (see TuneGCForEval). Fresh memory is not free: every
// page of it is faulted in and zeroed, which cost a quarter of the CPU
// time of evaluations that never collected below a 128 MiB floor; 64 MiB
// reuses memory sooner and costs few more collections.
const EvalGCFloor = 64 << 20

// TuneGCForEval sets the collector up for one-shot evaluation, in which
// many short-lived thunks and environments are made while what stays
// live grows; collecting every few megabytes (the default for a small
// heap) costs more than the evaluation itself. There is no collection
// until the process holds floor bytes (a soft memory limit). While little
// stays live, collections are cheap and that limit keeps memory low. Once
// a collection finds more than 30% of floor live, the limit is
// lifted (it counts freed pages not yet returned to the OS, so a large
// live heap made collections ever more frequent) and each collection
// puts the next one where the heap reaches the larger of floor and twice
// the live heap (through GOGC). An explicit GOGC or GOMEMLIMIT in the
// environment wins. It also starts faulting the heap's pages in ahead of
// the allocator on Linux (prefaultHeap). It affects the whole process:
// call it once, from a command that evaluates.
func TuneGCForEval(floor int64) {
	prefaultHeap()
	if envSet("GOGC") || envSet("GOMEMLIMIT") {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(floor)
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/scan/stack:bytes"}, {Name: "/gc/scan/globals:bytes"}}
	paced := false
	var arm func()
	arm = func() {
		s := new([16]byte)
		runtime.SetFinalizer(s, func(*[16]byte) {
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 && sample[1].Value.Kind() == metrics.KindUint64 && sample[2].Value.Kind() == metrics.KindUint64 {
				live := sample[0].Value.Uint64()
				if !paced && live > uint64(floor*3/10) {
					debug.SetMemoryLimit(math.MaxInt64)
					paced = true
				}
				if paced {
					roots := sample[1].Value.Uint64() + sample[2].Value.Uint64()
					debug.SetGCPercent(nextGCPercent(floor, live, roots))
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
