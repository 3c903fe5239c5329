//go:build faults

package faults

import (
	"syscall"
	"testing"
	"time"
)

// TestStepWall checks that a step moves the wall reading only.
func TestStepWall(t *testing.T) {
	for _, d := range []time.Duration{time.Hour, -2 * time.Hour, 90 * time.Second} {
		now := time.Now()
		s := stepWall(now, d)
		if got := s.Sub(now); got != 0 {
			t.Errorf("step %v: a duration across it is %v, want 0 (monotonic)", d, got)
		}
		if got := s.Round(0).Sub(now.Round(0)); got != d {
			t.Errorf("step %v: the wall reading moved by %v", d, got)
		}
		if got := s.UnixMicro() - now.UnixMicro(); got != d.Microseconds() {
			t.Errorf("step %v: UnixMicro moved by %dµs", d, got)
		}
	}
}

// TestClockSteps applies steps on SIGUSR2 as tvix-node does under
// TVIX_FAULTS=clock-step.
func TestClockSteps(t *testing.T) {
	t.Setenv(ClockStepsVar, "1h,-3h")
	offset.Store(0)
	defer offset.Store(0)
	startClockSteps()
	start := Now()
	for _, want := range []time.Duration{time.Hour, -2 * time.Hour} {
		if err := syscall.Kill(syscall.Getpid(), syscall.SIGUSR2); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for time.Duration(offset.Load()) != want {
			if time.Now().After(deadline) {
				t.Fatalf("offset %v, want %v after SIGUSR2", time.Duration(offset.Load()), want)
			}
			time.Sleep(time.Millisecond)
		}
		now := Now()
		if d := now.Sub(start); d < 0 || d > time.Minute {
			t.Errorf("after a step of the wall clock, a duration measured across it is %v", d)
		}
		if off := now.Round(0).Sub(time.Now().Round(0)); off < want-time.Minute || off > want+time.Minute {
			t.Errorf("wall reading %v off, want %v", off, want)
		}
	}
}
