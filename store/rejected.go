package store

import "errors"

// RejectedError is received data that failed verification and was
// refused, with the size of what was refused. It wraps the verification
// error (usually ErrCorrupt).
type RejectedError struct {
	Bytes int64
	Err   error
}

func (e *RejectedError) Error() string { return e.Err.Error() }
func (e *RejectedError) Unwrap() error { return e.Err }

// Rejected wraps err, the verification failure of n bytes received, as a
// RejectedError.
func Rejected(n int64, err error) error { return &RejectedError{Bytes: n, Err: err} }

// RejectedBytes returns the bytes err says were refused, 0 when it is no
// RejectedError.
func RejectedBytes(err error) int64 {
	var r *RejectedError
	if errors.As(err, &r) {
		return r.Bytes
	}
	return 0
}
