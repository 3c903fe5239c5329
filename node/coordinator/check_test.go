package coordinator

import (
	"fmt"
	"testing"
)

// TestSampled: sampling depends only on the path and the share, takes
// every build at 1 and none at 0, and about the share in between.
func TestSampled(t *testing.T) {
	const n = 10000
	for _, share := range []float64{0, 0.05, 0.5, 1} {
		hits := 0
		for k := 0; k < n; k++ {
			p := fmt.Sprintf("/nix/store/%032d-x.drv", k)
			if Sampled(p, share) != Sampled(p, share) {
				t.Fatalf("Sampled(%s, %v) changes", p, share)
			}
			if Sampled(p, share) {
				hits++
			}
		}
		got := float64(hits) / n
		if got < share-0.02 || got > share+0.02 {
			t.Errorf("share %v: sampled %v of %d paths", share, got, n)
		}
	}
}

// TestCheckShareValidated: a share outside [0, 1] is a bad config.
func TestCheckShareValidated(t *testing.T) {
	for _, s := range []float64{-0.1, 1.5} {
		if _, err := New(Config{Self: "me", CheckShare: s}); err == nil {
			t.Errorf("CheckShare %v accepted", s)
		}
	}
}
