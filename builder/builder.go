package builder

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/p2pnix/tvix/proto/buildv1"
	"github.com/p2pnix/tvix/proto/castorev1"
)

// Builder runs BuildRequests in some sandbox. The OCI sandbox (package
// builder/oci) is the local implementation; a remote builder speaking
// tvix.build.v1 over gRPC implements the same interface.
//
// Build blocks until the command has ended and its outputs are ingested
// into the builder's castore (blobs and directories), then returns one
// output node per BuildRequest.outputs entry. The command's combined
// stdout and stderr are copied to log as they arrive; log may be nil.
// When ctx is cancelled, the build is killed (every process in it) and
// Build returns ctx's error. A build whose command fails or breaks a
// limit returns a *Error. Implementations are safe for concurrent use;
// each call is one independent build.
type Builder interface {
	Build(ctx context.Context, req *buildv1.BuildRequest, log io.Writer) (*buildv1.Build, error)
}

// ErrBuildFailed is wrapped by every *Error: the build ran but did not
// produce a valid result.
var ErrBuildFailed = errors.New("build failed")

// Reason says why a build failed.
type Reason int

const (
	// ExitStatus: the command exited with a non-zero status or a signal.
	ExitStatus Reason = iota
	// Timeout: the build ran longer than Limits.timeout_seconds.
	Timeout
	// Silent: the build printed nothing for Limits.max_silent_seconds.
	Silent
	// MissingOutput: the command did not create a required output.
	MissingOutput
	// OutputRejected: an output failed a check after the build (fixed
	// output hash, allowedReferences, disallowedReferences).
	OutputRejected
)

// Error is a failed build. A Builder's Message completes "builder ..."
// or "building ..." ("failed with exit code 1", "timed out after 10
// seconds"); DrvBuilder rewrites it into Nix's full wording ("builder for
// '/nix/store/...drv' failed with exit code 1").
type Error struct {
	Reason   Reason
	ExitCode int // with ExitStatus: the exit code, or -1 after a signal
	Message  string
}

func (e *Error) Error() string { return e.Message }

// Unwrap makes errors.Is(err, ErrBuildFailed) true.
func (e *Error) Unwrap() error { return ErrBuildFailed }

// OutputDiffers is the failure of a check (Nix's --check): the rebuilt
// output's NAR hash is not the stored one's. Its message is Nix's; Stored
// and Rebuilt are the two trees, whose directories and blobs are in the
// store, to compare (store.DiffTrees).
type OutputDiffers struct {
	Err             *Error
	Output          string
	Stored, Rebuilt *castorev1.Node
}

func (e *OutputDiffers) Error() string { return e.Err.Message }

// Unwrap returns the *Error, so errors.Is(err, ErrBuildFailed) holds.
func (e *OutputDiffers) Unwrap() error { return e.Err }

// Failed returns an *Error with the given reason and message.
func Failed(reason Reason, format string, args ...any) *Error {
	return &Error{Reason: reason, ExitCode: -1, Message: fmt.Sprintf(format, args...)}
}
