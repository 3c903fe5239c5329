//go:build !faults

package faults

import "time"

// Now is time.Now: the wall clock is stepped only in builds with faults.
func Now() time.Time { return time.Now() }
