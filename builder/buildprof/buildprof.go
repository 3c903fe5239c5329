// Package buildprof accounts where the CPU and wall time of a build
// session go, phase by phase (evaluation, sandbox preparation, container
// start, output ingest, registration...), when TVIX_BUILD_PROFILE is set;
// otherwise every call returns at once.
//
// A phase that runs while other goroutines work (one build among
// several) is measured on its own OS thread: Begin locks the calling
// goroutine to its thread until End and counts that thread's CPU time.
// Work the phase hands to other goroutines, and the runtime's own (GC,
// scheduler), is not in it: Report shows it as the process's
// unattributed rest. Phases of other processes (the sandbox helper, the
// containers) are added with their figures by the code that learns them.
package buildprof

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// Env names the environment variable that turns profiling on.
const Env = "TVIX_BUILD_PROFILE"

// On reports whether profiling is on ($TVIX_BUILD_PROFILE set and not
// empty).
var On = os.Getenv(Env) != ""

// The processes a phase can belong to.
const (
	Tvix       = "tvix"
	Helper     = "sandbox helper"
	Containers = "containers"
)

type phase struct {
	group, name string
	calls       int
	wall, cpu   time.Duration
}

var (
	mu     sync.Mutex
	phases []*phase
	totals = map[string]time.Duration{}
)

// Add counts one call of phase name of group's process taking wall and
// cpu.
func Add(group, name string, wall, cpu time.Duration) {
	if !On {
		return
	}
	mu.Lock()
	defer mu.Unlock()
	i := slices.IndexFunc(phases, func(p *phase) bool { return p.group == group && p.name == name })
	if i < 0 {
		phases = append(phases, &phase{group: group, name: name})
		i = len(phases) - 1
	}
	p := phases[i]
	p.calls++
	p.wall += wall
	p.cpu += cpu
}

// Phase is one phase's figures, as Phases exports them.
type Phase struct {
	Group string        `json:"group"`
	Name  string        `json:"name"`
	Calls int           `json:"calls"`
	Wall  time.Duration `json:"wall"`
	CPU   time.Duration `json:"cpu"`
}

// Phases returns the phases counted in this process, for a process that
// reports them to another (which passes each to AddPhase).
func Phases() []Phase {
	mu.Lock()
	defer mu.Unlock()
	out := make([]Phase, len(phases))
	for i, p := range phases {
		out[i] = Phase{p.group, p.name, p.calls, p.wall, p.cpu}
	}
	return out
}

// AddPhase counts the calls of a phase another process measured.
func AddPhase(p Phase) {
	if !On || p.Calls <= 0 {
		return
	}
	Add(p.Group, p.Name, p.Wall, p.CPU)
	mu.Lock()
	defer mu.Unlock()
	for _, q := range phases {
		if q.group == p.Group && q.name == p.Name {
			q.calls += p.Calls - 1
		}
	}
}

// SetTotal records the CPU time the processes of group used in all, of
// which Report shows what no phase accounts for.
func SetTotal(group string, cpu time.Duration) {
	if !On {
		return
	}
	mu.Lock()
	totals[group] = cpu
	mu.Unlock()
}

// A Span measures one phase of this process on the calling goroutine;
// the zero Span measures nothing.
type Span struct {
	name  string
	start time.Time
	cpu   time.Duration
	// proc: the whole process's CPU time, for a phase nothing else runs
	// beside.
	proc bool
}

// Begin starts phase name on the calling goroutine, which stays on its
// OS thread until End; the phase counts that thread's CPU time.
func Begin(name string) Span {
	if !On {
		return Span{}
	}
	runtime.LockOSThread()
	return Span{name: name, start: time.Now(), cpu: ThreadCPU()}
}

// BeginAlone starts phase name, which runs while the process does
// nothing else: it counts the CPU time of the whole process (every
// thread, the garbage collector's too).
func BeginAlone(name string) Span {
	if !On {
		return Span{}
	}
	return Span{name: name, start: time.Now(), cpu: ProcessCPU(), proc: true}
}

// End ends the span and counts it as a phase of this process.
func (s Span) End() {
	if s.name != "" {
		wall, cpu := s.Stop()
		Add(Tvix, s.name, wall, cpu)
	}
}

// Stop ends the span and returns its figures without counting them, for
// a process that reports its phases to another.
func (s Span) Stop() (wall, cpu time.Duration) {
	if s.name == "" {
		return 0, 0
	}
	if s.proc {
		cpu = ProcessCPU() - s.cpu
	} else {
		cpu = ThreadCPU() - s.cpu
		runtime.UnlockOSThread()
	}
	return time.Since(s.start), cpu
}

// Next ends s and starts phase name in its place, of the same kind.
func (s *Span) Next(name string) {
	if s.name == "" {
		return
	}
	s.End()
	if s.proc {
		*s = BeginAlone(name)
	} else {
		*s = Begin(name)
	}
}

// ThreadCPU is the CPU time the calling OS thread has used.
func ThreadCPU() time.Duration {
	var ts unix.Timespec
	if unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts) != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}

// ProcessCPU is the CPU time (user and system) this process has used.
func ProcessCPU() time.Duration { return rusage(unix.RUSAGE_SELF) }

// ChildrenCPU is the CPU time of this process's children that it has
// waited for, and of theirs.
func ChildrenCPU() time.Duration { return rusage(unix.RUSAGE_CHILDREN) }

func rusage(who int) time.Duration {
	var ru unix.Rusage
	if unix.Getrusage(who, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Report writes the phases counted so far, process by process, with the
// CPU time per build for builds builds, and each process's unattributed
// rest. The tvix process's total is its CPU time now.
func Report(w io.Writer, builds int) {
	if !On {
		return
	}
	mu.Lock()
	defer mu.Unlock()
	totals[Tvix] = ProcessCPU()
	per := func(d time.Duration) float64 {
		if builds == 0 {
			return 0
		}
		return ms(d) / float64(builds)
	}
	fmt.Fprintf(w, "build profile: %d builds\n", builds)
	fmt.Fprintf(w, "build profile: %-16s %-40s %6s %10s %10s %12s\n", "process", "phase", "calls", "wall ms", "cpu ms", "cpu ms/build")
	var all time.Duration
	for _, g := range []string{Tvix, Helper, Containers} {
		var sum time.Duration
		for _, p := range phases {
			if p.group == g {
				sum += p.cpu
				fmt.Fprintf(w, "build profile: %-16s %-40s %6d %10.1f %10.1f %12.2f\n", g, p.name, p.calls, ms(p.wall), ms(p.cpu), per(p.cpu))
			}
		}
		total, ok := totals[g]
		if !ok {
			continue
		}
		all += total
		fmt.Fprintf(w, "build profile: %-16s %-40s %6s %10s %10.1f %12.2f\n", g, "unattributed", "", "", ms(total-sum), per(total-sum))
		fmt.Fprintf(w, "build profile: %-16s %-40s %6s %10s %10.1f %12.2f\n", g, "total", "", "", ms(total), per(total))
	}
	fmt.Fprintf(w, "build profile: %-16s %-40s %6s %10s %10.1f %12.2f\n", "all", "total", "", "", ms(all), per(all))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
