package gossip

import "time"

// Clock is the time source of a MemNetwork. A simulator supplies its own;
// RealClock is wall time. Implementations must be safe for concurrent use.
type Clock interface {
	Now() time.Time
	// AfterFunc calls f in its own goroutine once d has passed.
	AfterFunc(d time.Duration, f func())
}

// RealClock is the wall clock.
type RealClock struct{}

func (RealClock) Now() time.Time                      { return time.Now() }
func (RealClock) AfterFunc(d time.Duration, f func()) { time.AfterFunc(d, f) }
