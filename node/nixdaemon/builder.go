package nixdaemon

import (
	"context"
	"time"

	"github.com/p2pnix/tvix/store/derivation"
)

// Builder carries out the builds that clients ask for with BuildPaths,
// BuildPathsWithResults and BuildDerivation. The server reads and
// answers the protocol; a Builder (a build session, here or through a
// node) does the building. Implementations must be safe for concurrent
// use: every connection calls them from its own goroutine. A call blocks
// until its builds have ended or ctx is cancelled.
type Builder interface {
	// BuildPaths builds each of drvPaths, whose .drv closures are in the
	// server's store, with what they need, and returns one outcome per
	// drvPath in the same order. A build that fails is reported in its
	// outcome; the error is for a failure of the whole call (a .drv that
	// cannot be read, a lost node).
	BuildPaths(ctx context.Context, drvPaths []string, opts BuildOptions) ([]BuildOutcome, error)
	// BuildDerivation builds drv, sent inline by the client as remote
	// builders do: its inputs are all in InputSrcs (InputDrvs is empty)
	// and already in the store; drvPath names it (its .drv need not be in
	// the store). Its outputs go into the store under the paths drv gives.
	BuildDerivation(ctx context.Context, drvPath string, drv *derivation.Derivation, opts BuildOptions) (BuildOutcome, error)
}

// BuildOptions are the client's settings for one build call (from its
// last SetOptions) and where the build log goes.
type BuildOptions struct {
	// Jobs is how many builds may run at once (at least 1).
	Jobs int
	// Cores is the cores each build may use; 0 means all of them.
	Cores int
	// KeepGoing builds what can be built when another build fails.
	KeepGoing bool
	// MaxSilent and Timeout kill a build that prints nothing for, or runs
	// longer than, that long; 0 means no limit.
	MaxSilent, Timeout time.Duration
	// Log receives the session's messages, line by line without the
	// newline, and the builds' output when Builds is nil; it is safe for
	// concurrent use.
	Log func(line string)
	// Builds, when set, receives each build's start, log lines and end.
	Builds BuildLog
}

// Status is the outcome of one build as Nix's BuildResult::Status names
// it.
type Status uint64

// The statuses of Nix's BuildResult.
const (
	StatusBuilt                  Status = 0
	StatusSubstituted            Status = 1
	StatusAlreadyValid           Status = 2
	StatusPermanentFailure       Status = 3
	StatusInputRejected          Status = 4
	StatusOutputRejected         Status = 5
	StatusTransientFailure       Status = 6
	StatusCachedFailure          Status = 7
	StatusTimedOut               Status = 8
	StatusMiscFailure            Status = 9
	StatusDependencyFailed       Status = 10
	StatusLogLimitExceeded       Status = 11
	StatusNotDeterministic       Status = 12
	StatusResolvesToAlreadyValid Status = 13
	StatusNoSubstituters         Status = 14
)

// Success reports whether s is one of the statuses of a valid result.
func (s Status) Success() bool {
	return s == StatusBuilt || s == StatusSubstituted || s == StatusAlreadyValid || s == StatusResolvesToAlreadyValid
}

// BuildOutcome is what became of one derivation.
type BuildOutcome struct {
	Status Status
	// Error is Nix's message for a failure ("builder for '...' failed
	// with exit code 1", with the end of the log); empty on success.
	Error string
	// Outputs maps output names to store paths, on success.
	Outputs map[string]string
	// Start and Stop bound the build; zero when nothing was built.
	Start, Stop time.Time
}
