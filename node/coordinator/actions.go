package coordinator

import (
	"fmt"
	"time"
)

// Action is an output of the coordinator, for the driver to carry out. Every
// action has a one-line String form, used by the tests.
type Action interface {
	fmt.Stringer
	isAction()
}

// Lookup asks the driver to look up the outputs of Drv, in the local store
// and then the DHT, and to answer with OutputsFound or OutputsMissing.
type Lookup struct {
	Drv     string
	Outputs []string
}

// Fetch asks the driver to copy the outputs of Drv from peer From into the
// local store and to answer with Fetched or FetchFailed.
type Fetch struct {
	Drv  string
	From PeerID
}

// Offer asks the driver to gossip the job to every peer; higher Priority is
// more urgent (the length of the longest chain it heads). A builder with
// one free slot should claim the most urgent offer it can build: claims that
// arrive within the claim window are ranked by the coordinator, later ones
// are granted as they come.
type Offer struct {
	Job      *Job
	Priority int64
}

// Withdraw tells peers that an offer is off (another coordinator builds it).
type Withdraw struct{ Drv string }

// Grant gives Peer the lease on Drv, valid until Until unless renewed.
type Grant struct {
	Drv   string
	Peer  PeerID
	Until time.Duration
}

// Reject tells Peer its claim on Drv lost.
type Reject struct {
	Drv  string
	Peer PeerID
}

// Revoke tells Peer to stop building Drv; its lease is gone. Peer may be
// Self (cancel the local build).
type Revoke struct {
	Drv    string
	Peer   PeerID
	Reason string
}

// StartBuild asks the driver to build Drv locally, answering with
// BuildFinished or BuildFailed from Self.
type StartBuild struct{ Job *Job }

// Announce tells the cluster this coordinator is building Drv.
type Announce struct{ Drv string }

// AnnounceDone tells the cluster this coordinator's build of Drv ended, with
// outputs at At, or Failed.
type AnnounceDone struct {
	Drv    string
	At     PeerID
	Failed bool
}

// Progress is the state of all requests, for a progress line.
// Reproducible and NotReproducible count the checks ended so far.
type Progress struct {
	Built, ToBuild, Peers, Substituted, Running, Failed int
	Reproducible, NotReproducible                       int
}

// CheckDone reports a reproducibility check of Drv: built on First,
// rebuilt on Second. Differs says the outputs differed (or the rebuild
// failed), with Reason; a Reason without Differs says the check could not
// be done (no second builder, or it gave up).
type CheckDone struct {
	Drv           string
	First, Second PeerID
	Differs       bool
	Reason        string
}

// RootDone reports that root Drv of request Req is in the local store.
type RootDone struct {
	Req     string
	Drv     string
	Outputs []string
}

// RootFailed reports that root Drv of request Req cannot be built.
type RootFailed struct {
	Req    string
	Drv    string
	Reason string
}

// RequestDone reports that every root of Req is done or failed.
type RequestDone struct {
	Req    string
	Failed int
}

func (a Lookup) String() string { return "lookup " + a.Drv }
func (a Fetch) String() string  { return fmt.Sprintf("fetch %s from %s", a.Drv, a.From) }
func (a Offer) String() string  { return fmt.Sprintf("offer %s prio=%d", a.Job.Drv, a.Priority) }
func (a Withdraw) String() string {
	return "withdraw " + a.Drv
}
func (a Grant) String() string {
	return fmt.Sprintf("grant %s to %s until %s", a.Drv, a.Peer, a.Until)
}
func (a Reject) String() string { return fmt.Sprintf("reject %s claim from %s", a.Drv, a.Peer) }
func (a Revoke) String() string {
	return fmt.Sprintf("revoke %s from %s: %s", a.Drv, a.Peer, a.Reason)
}
func (a StartBuild) String() string { return "build " + a.Job.Drv + " locally" }
func (a Announce) String() string   { return "announce building " + a.Drv }
func (a AnnounceDone) String() string {
	if a.Failed {
		return "announce " + a.Drv + " failed"
	}
	return fmt.Sprintf("announce %s built at %s", a.Drv, a.At)
}

// String renders the line nix-build users expect, e.g.
// "[3/40 built on 4 peers, 12 substituted, 2 running]".
func (a Progress) String() string {
	s := fmt.Sprintf("[%d/%d built on %d peers, %d substituted, %d running", a.Built, a.ToBuild, a.Peers, a.Substituted, a.Running)
	if a.Failed > 0 {
		s += fmt.Sprintf(", %d failed", a.Failed)
	}
	if a.Reproducible+a.NotReproducible > 0 {
		s += fmt.Sprintf(", %d reproducible, %d not", a.Reproducible, a.NotReproducible)
	}
	return s + "]"
}

func (a CheckDone) String() string {
	switch {
	case a.Differs:
		return fmt.Sprintf("check %s: built on %s, differs on %s: %s", a.Drv, a.First, a.Second, a.Reason)
	case a.Reason != "":
		return fmt.Sprintf("check %s not done: %s", a.Drv, a.Reason)
	}
	return fmt.Sprintf("check %s: built on %s, same on %s", a.Drv, a.First, a.Second)
}
func (a RootDone) String() string { return fmt.Sprintf("done %s %s", a.Req, a.Drv) }
func (a RootFailed) String() string {
	return fmt.Sprintf("failed %s %s: %s", a.Req, a.Drv, a.Reason)
}
func (a RequestDone) String() string {
	return fmt.Sprintf("request %s done, %d failed", a.Req, a.Failed)
}

func (Lookup) isAction()       {}
func (Fetch) isAction()        {}
func (Offer) isAction()        {}
func (Withdraw) isAction()     {}
func (Grant) isAction()        {}
func (Reject) isAction()       {}
func (Revoke) isAction()       {}
func (StartBuild) isAction()   {}
func (Announce) isAction()     {}
func (AnnounceDone) isAction() {}
func (Progress) isAction()     {}
func (RootDone) isAction()     {}
func (RootFailed) isAction()   {}
func (RequestDone) isAction()  {}
func (CheckDone) isAction()    {}
