package p2p

import (
	"testing"
	"time"
)

// TestLookupStatsBuckets: latencies land in the first bucket whose bound
// holds them, buckets are cumulative, and a latency above every bound
// counts only in the totals.
func TestLookupStatsBuckets(t *testing.T) {
	var l lookupStats
	l.record(true, 500*time.Microsecond) // <= 0.001
	l.record(true, time.Millisecond)     // <= 0.001 (bounds are inclusive)
	l.record(false, 50*time.Millisecond) // <= 0.064
	l.record(false, time.Minute)         // above every bound
	s := l.snapshot()
	if s.Found != 2 || s.None != 2 {
		t.Errorf("found %d, none %d; want 2, 2", s.Found, s.None)
	}
	want := [len(LookupBounds)]uint64{2, 2, 2, 3, 3, 3, 3, 3}
	if s.Buckets != want {
		t.Errorf("buckets %v, want %v", s.Buckets, want)
	}
	if wantSecs := 0.0005 + 0.001 + 0.05 + 60; s.Seconds < wantSecs-1e-9 || s.Seconds > wantSecs+1e-9 {
		t.Errorf("seconds %v, want %v", s.Seconds, wantSecs)
	}
}
