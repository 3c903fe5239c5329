package coordinator

// Event is an input to Coordinator.Step. The events are the types of this
// file; events naming a derivation the coordinator does not know, or a
// state it has left, are stale messages and are ignored.
type Event interface{ isEvent() }

// BuildRequested asks for the Roots of a graph. Jobs must hold every
// derivation of the closure not already known from an earlier request, each
// input before or after its users in any order.
type BuildRequested struct {
	ID    string
	Jobs  []Job
	Roots []string
	// Check asks for every derivation the request builds, and every root,
	// to be built on a second peer and compared (see CheckDone); a
	// difference fails the request.
	Check bool
}

// OutputsFound answers Lookup: the outputs of Drv exist at peer At (At empty
// or Self: in the local store).
type OutputsFound struct {
	Drv string
	At  PeerID
}

// OutputsMissing answers Lookup: nobody has the outputs of Drv. If the
// lookup also found that coordinator BuildingBy announced building it (a DHT
// record), that counts as a RemoteBuilding from it.
type OutputsMissing struct {
	Drv        string
	BuildingBy PeerID
}

// Fetched reports that a Fetch completed: the outputs of Drv are local.
type Fetched struct{ Drv string }

// FetchFailed reports that a Fetch did not complete.
type FetchFailed struct {
	Drv    string
	Reason string
}

// Claim is a peer's bid for an offered job.
type Claim struct {
	Drv  string
	Peer PeerID
	// FreeSlots is the number of builds the peer can still start.
	FreeSlots int
	// Load is the peer's load (running / total slots, or a load average).
	Load float64
	// LocalBytes is how many bytes of the job's inputs the peer holds.
	LocalBytes int64
	// Speed is the peer's relative speed (1 is typical).
	Speed float64
}

// Heartbeat renews Peer's lease on Drv.
type Heartbeat struct {
	Drv  string
	Peer PeerID
}

// BuildFinished reports that Peer built Drv and signed the outputs' PathInfo
// with the key named SignedBy. Peer is Self for a local build.
type BuildFinished struct {
	Drv      string
	Peer     PeerID
	SignedBy string
}

// BuildFailed reports that Peer failed to build Drv. A Deterministic failure
// (the builder exited non-zero, an output hash mismatched) is not retried; a
// transient one (out of disk, killed, a fetch failed) is.
//
// MissingInput, when set, names the input derivation whose outputs the
// builder could not fetch from anyone. The coordinator then looks that
// input up again (rebuilding it if nobody has it) and offers Drv once it is
// available, without counting the failure against Drv's MaxAttempts.
type BuildFailed struct {
	Drv           string
	Peer          PeerID
	Deterministic bool
	Reason        string
	MissingInput  string
}

// PeerInfo is a peer's gossiped metadata.
type PeerInfo struct {
	Systems  []string
	Features []string
	Slots    int
	Load     float64
	Speed    float64
}

// PeerJoined reports a new peer, or new metadata for a known one.
type PeerJoined struct {
	Peer PeerID
	Info PeerInfo
}

// PeerDied reports that membership declared Peer dead (or it left).
type PeerDied struct{ Peer PeerID }

// RemoteBuilding reports that coordinator By announced it is building Drv.
// Announcements are repeated; one not repeated within Config.AnnounceTTL
// lapses.
type RemoteBuilding struct {
	Drv string
	By  PeerID
}

// RemoteBuildDone reports that another coordinator's build of Drv ended:
// the outputs are at peer At, or the build Failed.
type RemoteBuildDone struct {
	Drv    string
	At     PeerID
	Failed bool
}

// LocalBusy reports how many of this node's LocalSlots are taken by
// builds outside this coordinator (leases other coordinators granted to
// this node). The coordinator starts local builds only in the slots left;
// when the count drops, waiting jobs start in the freed slots.
type LocalBusy struct{ Slots int }

func (BuildRequested) isEvent()  {}
func (OutputsFound) isEvent()    {}
func (OutputsMissing) isEvent()  {}
func (Fetched) isEvent()         {}
func (FetchFailed) isEvent()     {}
func (Claim) isEvent()           {}
func (Heartbeat) isEvent()       {}
func (BuildFinished) isEvent()   {}
func (BuildFailed) isEvent()     {}
func (PeerJoined) isEvent()      {}
func (PeerDied) isEvent()        {}
func (RemoteBuilding) isEvent()  {}
func (RemoteBuildDone) isEvent() {}
func (LocalBusy) isEvent()       {}
