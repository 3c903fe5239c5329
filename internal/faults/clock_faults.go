//go:build faults

package faults

import (
	"fmt"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

// offset is the sum of the steps applied so far, in nanoseconds.
var offset atomic.Int64

func init() {
	register(ClockStep)
	for _, name := range strings.Split(os.Getenv(EnvVar), ",") {
		if strings.TrimSpace(name) == ClockStep {
			startClockSteps()
		}
	}
}

// startClockSteps parses ClockStepsVar and applies a step on each
// SIGUSR2, logging it to stderr.
func startClockSteps() {
	var steps []time.Duration
	for i, s := range strings.Split(os.Getenv(ClockStepsVar), ",") {
		d, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: item %d: %v\n", ClockStepsVar, i+1, err)
			os.Exit(2)
		}
		steps = append(steps, d)
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGUSR2)
	go func() {
		for range sig {
			if len(steps) == 0 {
				fmt.Fprintf(os.Stderr, "faults: SIGUSR2: no clock step left\n")
				continue
			}
			total := time.Duration(offset.Add(int64(steps[0])))
			fmt.Fprintf(os.Stderr, "faults: wall clock stepped by %v (now %v off)\n", steps[0], total)
			steps = steps[1:]
		}
	}()
}

// Now is time.Now after the clock steps so far: the wall reading moves
// by the steps, the monotonic reading does not, as with a real step of
// the host's clock (durations measured in this process are unaffected;
// wall times sent, stored or shown are off).
func Now() time.Time {
	t := time.Now()
	if off := offset.Load(); off != 0 {
		return stepWall(t, time.Duration(off))
	}
	return t
}

// timeLayout mirrors time.Time's fields: wall holds the wall seconds and
// nanoseconds (with the monotonic flag), ext the monotonic reading.
type timeLayout struct {
	wall uint64
	ext  int64
	loc  *time.Location
}

const hasMonotonic = 1 << 63

// stepWall returns t with its wall reading moved by d and its monotonic
// reading kept. time.Time has no API for that: Add moves both readings,
// Round(0) drops the monotonic one, so the monotonic reading is put back
// into the fields Add wrote (checked by init below).
func stepWall(t time.Time, d time.Duration) time.Time {
	s := t.Add(d)
	sp, tp := (*timeLayout)(unsafe.Pointer(&s)), (*timeLayout)(unsafe.Pointer(&t))
	if sp.wall&hasMonotonic != 0 && tp.wall&hasMonotonic != 0 {
		sp.ext = tp.ext
	}
	return s
}

func init() {
	t := time.Now()
	s := stepWall(t, time.Hour)
	if s.Sub(t) != 0 || s.Round(0).Sub(t.Round(0)) != time.Hour || unsafe.Sizeof(t) != unsafe.Sizeof(timeLayout{}) {
		panic("faults: time.Time's layout is not the one stepWall expects")
	}
}
