package grpcstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/p2pnix/tvix/store"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// toStatus turns a store error into a gRPC status error for the wire.
func toStatus(err error) error {
	if err == nil {
		return nil
	}
	var code codes.Code
	// ErrInvalid first: a PathInfo naming a missing root wraps both.
	switch {
	case errors.Is(err, store.ErrInvalid):
		code = codes.InvalidArgument
	case errors.Is(err, store.ErrNotFound):
		code = codes.NotFound
	case errors.Is(err, store.ErrCorrupt):
		code = codes.DataLoss
	case errors.Is(err, context.Canceled):
		code = codes.Canceled
	case errors.Is(err, context.DeadlineExceeded):
		code = codes.DeadlineExceeded
	default:
		if s, ok := status.FromError(err); ok {
			return s.Err()
		}
		code = codes.Internal
	}
	return status.Error(code, err.Error())
}

// remoteError is a gRPC error received by a client. It unwraps to the
// store sentinel matching its code and still carries the status, so both
// errors.Is(err, store.ErrNotFound) and status.Code(err) work.
type remoteError struct {
	st       *status.Status
	sentinel error
}

func (e *remoteError) Error() string {
	if e.st.Code() == codes.ResourceExhausted {
		return fmt.Sprintf("remote store: message too large (limit %d bytes): %s", MaxMessageSize, e.st.Message())
	}
	return "remote store: " + e.st.Message()
}

func (e *remoteError) Unwrap() error              { return e.sentinel }
func (e *remoteError) GRPCStatus() *status.Status { return e.st }

// fromStatus turns an error returned by a gRPC call into a store error.
func fromStatus(err error) error {
	if err == nil {
		return nil
	}
	st, ok := status.FromError(err)
	if !ok {
		return err
	}
	var sentinel error
	switch st.Code() {
	case codes.NotFound:
		sentinel = store.ErrNotFound
	case codes.InvalidArgument:
		sentinel = store.ErrInvalid
	case codes.DataLoss:
		sentinel = store.ErrCorrupt
	case codes.Canceled:
		sentinel = context.Canceled
	case codes.DeadlineExceeded:
		sentinel = context.DeadlineExceeded
	}
	return &remoteError{st: st, sentinel: sentinel}
}

// invalidArg is the status for a malformed request field.
func invalidArg(format string, args ...any) error {
	return status.Errorf(codes.InvalidArgument, format, args...)
}

// digestArg parses a digest field of a request.
func digestArg(what string, b []byte) (store.Digest, error) {
	d, err := store.DigestFromBytes(b)
	if err != nil {
		return d, invalidArg("%s: %v", what, err)
	}
	return d, nil
}
