package store

import (
	"errors"
	"fmt"
	"testing"
)

func TestRejected(t *testing.T) {
	err := fmt.Errorf("fetch: %w", Rejected(42, fmt.Errorf("%w: chunk x", ErrCorrupt)))
	if !errors.Is(err, ErrCorrupt) {
		t.Errorf("%v does not wrap ErrCorrupt", err)
	}
	if n := RejectedBytes(err); n != 42 {
		t.Errorf("RejectedBytes = %d, want 42", n)
	}
	if n := RejectedBytes(ErrCorrupt); n != 0 {
		t.Errorf("RejectedBytes of a bare error = %d", n)
	}
}
