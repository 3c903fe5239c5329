//go:build !linux

package instantiate

// prefaultHeap does nothing outside Linux.
func prefaultHeap() {}
