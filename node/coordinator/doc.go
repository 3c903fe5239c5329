// Package coordinator is the build coordinator of a tvix-node as a pure,
// deterministic state machine: events in, actions out. It does no I/O, starts
// no goroutines, reads no clock and draws no random numbers, so the daemon,
// the script tests in testdata/ and simnet all run the same code and replay
// it exactly.
//
// # Driving it
//
// A driver owns one Coordinator and serialises three calls:
//
//   - Step(ev) feeds an event: a build request, the answer to a lookup or a
//     fetch, a peer's claim or heartbeat, a build's result, a membership
//     change, another coordinator's announcement, how many local slots
//     builds granted to this node by other coordinators hold (LocalBusy).
//   - Tick(now) advances time; now is a time.Duration from any origin the
//     driver picks. Deadlines (claim windows, leases, backoffs, lapsed
//     announcements) fire only in Tick, so the coordinator's resolution is
//     the tick interval; a daemon ticks every 100ms or so, simnet at its
//     simulated event times.
//   - Ready() returns the actions produced since the last call: Lookup,
//     Fetch, Offer, Withdraw, Grant, Reject, Revoke, StartBuild, Announce,
//     AnnounceDone, Progress, RootDone, RootFailed, RequestDone, CheckDone.
//     The driver performs them and reports outcomes as later events.
//
// Progress, Leases and State read the machine for status pages (tvix
// cluster status); they change nothing.
//
// Events about unknown derivations or states already left (a late claim, a
// heartbeat from a builder whose lease was revoked) are stale and ignored,
// or answered with Reject or Revoke so the sender stops.
//
// # A derivation's life
//
//	looking-up ──found──────────────────────────────────────────► available
//	    │                                                             ▲
//	 missing ─(nothing needs it)─► missing                            │
//	    │ needed                                                      │
//	    ▼                                                             │
//	waiting-inputs ─inputs available─► offered ─best claim─► leased ──┘ finished
//	                                     ▲   ╲                 │
//	                                     │    ╲─window over,   │ lease expired,
//	                                     │      local slot     │ peer died,
//	                                     └──────────────────── ┘ (re-offer)
//	                          transient failure ─► backoff ─► offered
//	                          deterministic failure, or too many ─► failed
//	             another coordinator announced it ─► waiting-remote ─► available
//
// Every derivation of a request's closure is looked up at once (local store,
// then DHT, by the driver). A derivation is needed when it is a root or an
// input of a needed derivation nobody has; only needed derivations whose
// outputs were not found are built, so nothing is built whose outputs were
// found, and the inputs of a substituted root are never built. A needed
// derivation becomes a job when every input is available (found anywhere,
// or built). In LocalOnly mode jobs queue for local slots ("queued") and are
// never offered.
//
// An offered job collects claims for Config.ClaimWindow; then the best
// candidate wins: peers the job has not failed on first, then most input
// bytes already local, least loaded, fastest, this node (which competes
// whenever it has a free slot), lowest peer ID. Offers that closed with no
// candidate are re-sent every OfferTimeout and taken by the first claim or
// free local slot. Jobs with equal deadlines are decided in critical-path
// order: a job's priority is its weight plus the largest priority among its
// users, the length of the longest chain from it to a root.
//
// A remote lease lasts Config.LeaseTimeout and is renewed by heartbeats.
// When it lapses, or membership reports the holder dead, the job is revoked
// and offered again at once; with the default 1.5s lease and 100ms ticks a
// silent builder's job is re-offered within 2s of its last heartbeat, and a
// dead one's within a tick of the death being reported. A transient failure
// retries after an exponential backoff, preferring another peer; every
// grant counts against Config.MaxAttempts. A deterministic failure fails at
// once, and so does everything that needs it; each affected root is reported
// with the original reason. A later request gets a deterministic failure at
// once, but retries a derivation that was given up after MaxAttempts.
//
// One build per derivation cluster-wide: when a job is granted the
// coordinator emits Announce (repeated every AnnounceTTL/3) and, when the
// build ends, AnnounceDone. A coordinator that hears RemoteBuilding for a job
// it has not started (or whose lookup answered OutputsMissing with
// BuildingBy set, from the DHT record) waits (waiting-remote) and on RemoteBuildDone takes the
// outputs as found; if the announcement lapses, the announcer dies or its
// build fails, it builds the job itself. If both started, the coordinator
// with the smaller peer ID keeps its build and the other revokes its own.
//
// Outputs found or built elsewhere may become unreachable: the peer holding
// the only copy died or is cut off. The coordinator looks them up again
// ("relookup") when a root's Fetch fails, when a builder's BuildFailed names
// them as MissingInput, or when membership reports their holder dead while
// jobs not yet leased wait for them. Users wait for the input again (an
// offer is withdrawn) and are offered once it is found elsewhere; if nobody
// has it, it is built again, once however many users reported it. Neither
// costs the users an attempt; a derivation's lookups again are bounded by
// Config.MaxFetchFailures, after which a missing input counts as an
// ordinary transient failure. A lookup that names a peer membership
// reported dead (and that has not joined again) as the holder found a
// record that outlived it: the outputs count as missing.
//
// Roots whose outputs are elsewhere are fetched, then reported RootDone;
// RequestDone follows when every root of a request is done or failed.
// Progress counts derivations built here out of those to build, the peers
// they were built on, substituted derivations, running builds and failures;
// Tick emits it when the counts changed, so a nix-build style line
// "[3/40 built on 4 peers, 12 substituted, 2 running]" is redrawn at most
// once per tick.
//
// # Reproducibility checks
//
// A request with Check, and the builds Sampled picks for
// Config.CheckShare, are built a second time on another peer: when a
// derivation is built (or a checked request's root is found), a check job
// CheckID(drv) is added with the derivation as its only input and
// Job.CheckOf set. It is offered, claimed and leased like any job, except
// that the first builder (or the peer the outputs were found at) may not
// take it. Its builder rebuilds the derivation and compares the outputs
// with the cluster's copy: BuildFinished counts it reproducible, a
// deterministic BuildFailed not reproducible; CheckDone reports either,
// and a checked request waits for the check as for a root and fails if it
// does. With no second builder the check fails at once, saying so. A
// derivation is checked once; a later request gets the same verdict.
//
// Everything is deterministic: no map is iterated, and deadlines fire in
// (time, priority, derivation) order. The cost per event is a few map
// lookups and O(log n) heap operations, besides the actions it produces.
package coordinator
