// Package worker is the builder side of a tvix-node's build farm as a pure,
// deterministic state machine: events in, actions out. It does no I/O,
// starts no goroutines, reads no clock and draws no random numbers, so the
// daemon, the script tests in testdata/ and simnet run the same code. It
// is the counterpart of package coordinator: a coordinator offers jobs and
// grants leases, a worker claims offers and builds what it is granted.
//
// # Driving it
//
// A driver owns one Worker and serialises three calls:
//
//   - Step(ev) feeds an event: an offer seen or withdrawn, a coordinator's
//     grant, reject or revoke, this node's own coordinator starting or
//     cancelling a local build, a build that ended, outputs published, a
//     coordinator that died.
//   - Tick(now) advances time; now is a time.Duration from any origin the
//     driver picks, the same origin for every call. Claims time out,
//     heartbeats fall due and offers expire only in Tick (and in Step, at
//     the last time Tick was given).
//   - Ready() returns the actions produced since the last call: Claim,
//     Heartbeat, StartBuild, CancelBuild, Publish, Report and Busy. The
//     driver carries them out and reports outcomes as later events.
//
// Free, Load and Builds read the machine for gossip metadata and status
// pages; they change nothing.
//
// # Slots, claims and builds
//
// A worker has Config.Slots build slots. A slot is free unless a build
// holds it (running, or granted and waiting for a slot) or a claim
// reserves it. While a slot is free the worker claims the most urgent
// offer it may claim (see Board): it sends Claim with its free slots and
// load, and reserves the slot until the coordinator answers with a grant
// or a reject, or for Config.ClaimTimeout. An offer is claimed at most once
// each time it is sent. A coordinator that lets a claim time out is
// silenced: its offers are dropped unclaimed for Config.Silence, doubled
// for each further claim in a row it leaves unanswered, until any grant
// or reject from it; so a member flooding offers it never grants holds
// no slot for long. The offers of one derivation by two coordinators are
// kept apart.
//
// A grant starts a build (StartBuild) when a slot is free, else it waits
// for one; a grant arriving after its claim timed out is honoured all the
// same. One build of a derivation serves every coordinator granted it and
// this node's own coordinator (LocalBuild): each gets the result. A
// remote lease is heartbeated at once and every Config.Heartbeat until its
// result is reported. Revoked, or the coordinator's death, stops
// heartbeats and drops that coordinator from the build; a build nobody
// waits for any more is cancelled (CancelBuild), and keeps its slot until
// the driver reports it ended.
//
// When a build ends its slot is free at once, so the worker claims again
// while the driver publishes the outputs (Publish, answered by Published;
// a failed build skips it). Then each waiting coordinator gets a Report,
// and its lease ends. Busy tells this node's coordinator how many slots
// builds for other coordinators hold, whenever that changes.
//
// Everything is deterministic: maps are iterated in sorted order and
// deadlines fire in (time, derivation, coordinator) order.
package worker
