package worker

import (
	"fmt"

	"github.com/p2pnix/tvix/node/coordinator"
)

// Action is an output of the worker, for the driver to carry out. Every
// action has a one-line String form, used by the tests.
type Action interface {
	fmt.Stringer
	isAction()
}

// Claim bids for To's offer of Drv. FreeSlots counts the slots free before
// this claim reserved one; Load is the share of slots holding builds.
type Claim struct {
	Drv       string
	To        PeerID
	FreeSlots int
	Load      float64
}

// Heartbeat renews To's lease on Drv; it may be sent unreliably.
type Heartbeat struct {
	Drv string
	To  PeerID
}

// StartBuild asks the driver to build Job here (fetching missing inputs)
// and to answer with BuildEnded. For is the coordinator it is built for
// first (for logs and status); others may join it.
type StartBuild struct {
	Job *coordinator.Job
	For PeerID
}

// CancelBuild asks the driver to stop the build of Drv; nobody waits for
// it. BuildEnded still follows.
type CancelBuild struct{ Drv string }

// Publish asks the driver to make the outputs of Drv findable by peers and
// to answer with Published.
type Publish struct{ Drv string }

// Report tells coordinator To how its build of Drv ended. To may be Self.
type Report struct {
	Drv    string
	To     PeerID
	Result Result
}

// Busy is how many slots builds for other coordinators hold, for this
// node's coordinator (coordinator.LocalBusy).
type Busy struct{ Slots int }

func (a Claim) String() string {
	return fmt.Sprintf("claim %s from %s free=%d load=%.2f", a.Drv, a.To, a.FreeSlots, a.Load)
}
func (a Heartbeat) String() string   { return fmt.Sprintf("heartbeat %s to %s", a.Drv, a.To) }
func (a StartBuild) String() string  { return fmt.Sprintf("build %s for %s", a.Job.Drv, a.For) }
func (a CancelBuild) String() string { return "cancel " + a.Drv }
func (a Publish) String() string     { return "publish " + a.Drv }
func (a Report) String() string {
	if a.Result.Err == "" {
		return fmt.Sprintf("report %s to %s: built", a.Drv, a.To)
	}
	s := fmt.Sprintf("report %s to %s: failed: %s", a.Drv, a.To, a.Result.Err)
	if a.Result.Deterministic {
		s += " (deterministic)"
	}
	return s
}
func (a Busy) String() string { return fmt.Sprintf("busy %d", a.Slots) }

func (Claim) isAction()       {}
func (Heartbeat) isAction()   {}
func (StartBuild) isAction()  {}
func (CancelBuild) isAction() {}
func (Publish) isAction()     {}
func (Report) isAction()      {}
func (Busy) isAction()        {}
