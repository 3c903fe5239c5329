package worker

import (
	"time"

	"github.com/p2pnix/tvix/node/coordinator"
)

// Event is an input to Worker.Step. Events about claims, leases or builds
// the worker does not hold are stale and ignored.
type Event interface{ isEvent() }

// Offered reports an offer seen from coordinator From. An offer seen again
// may be claimed again. Only the worker's own memory of offers uses it; a
// worker with Config.Board set learns offers from the board.
type Offered struct {
	From PeerID
	Job  *coordinator.Job
	Prio int64
}

// Withdrawn reports that From withdrew its offer of Drv.
type Withdrawn struct {
	From PeerID
	Drv  string
}

// Look tells the worker that its Board may hold new offers.
type Look struct{}

// Granted gives this node the lease on Job from coordinator From. A Job
// that is nil or names another derivation than Drv cannot be built.
type Granted struct {
	From PeerID
	Drv  string
	Job  *coordinator.Job
}

// Rejected reports that From chose another builder for Drv.
type Rejected struct {
	From PeerID
	Drv  string
}

// Revoked reports that From no longer wants Drv built here. From may be
// Self: this node's coordinator cancels its local build.
type Revoked struct {
	From PeerID
	Drv  string
}

// LocalBuild asks for Job to be built here for this node's own coordinator.
type LocalBuild struct{ Job *coordinator.Job }

// BuildEnded reports that the build of Drv started by StartBuild ended,
// with Result (also after CancelBuild).
type BuildEnded struct {
	Drv    string
	Result Result
}

// Published reports that the outputs of Drv, asked for by Publish, are
// findable by peers (or that the driver gave up waiting).
type Published struct{ Drv string }

// PeerDied reports that membership declared coordinator Peer dead: its
// offers, claims and leases are dropped.
type PeerDied struct{ Peer PeerID }

// Result is how a build ended. Err is empty when it succeeded.
type Result struct {
	Err string
	// Deterministic failures (the builder exited non-zero) are not retried.
	Deterministic bool
	// MissingInput names an input derivation nobody could provide.
	MissingInput string
	// SignedBy names the key that signed the outputs' PathInfo.
	SignedBy string
	// Built is false when the outputs existed already and nothing ran.
	Built    bool
	Duration time.Duration
}

func (Offered) isEvent()    {}
func (Withdrawn) isEvent()  {}
func (Look) isEvent()       {}
func (Granted) isEvent()    {}
func (Rejected) isEvent()   {}
func (Revoked) isEvent()    {}
func (LocalBuild) isEvent() {}
func (BuildEnded) isEvent() {}
func (Published) isEvent()  {}
func (PeerDied) isEvent()   {}
