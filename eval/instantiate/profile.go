package instantiate

import (
	"os"
	"runtime/pprof"
)

// StartProfile writes a CPU profile to $TVIX_CPUPROFILE and a heap
// profile to $TVIX_MEMPROFILE when they are set (for benchmarking the
// evaluator). Call the function it returns when the work is done: it
// stops the CPU profile and writes the heap profile. Files that cannot
// be created are skipped.
func StartProfile() func() {
	cpu, mem := os.Getenv("TVIX_CPUPROFILE"), os.Getenv("TVIX_MEMPROFILE")
	var f *os.File
	if cpu != "" {
		var err error
		if f, err = os.Create(cpu); err == nil {
			pprof.StartCPUProfile(f)
		}
	}
	return func() {
		if f != nil {
			pprof.StopCPUProfile()
			f.Close()
		}
		if mem != "" {
			if m, err := os.Create(mem); err == nil {
				pprof.WriteHeapProfile(m)
				m.Close()
			}
		}
	}
}
