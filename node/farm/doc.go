// Package farm is the driver of a tvix-node's build farm: it runs the two
// pure state machines, node/coordinator (this node's requests) and
// node/worker (builds for any coordinator), and does their I/O. Gossip
// (node/gossip) carries their messages between nodes; everything else the
// farm needs from the daemon (store lookups, fetches from peers, builds,
// publication of outputs, reading .drv closures) comes in through Deps,
// so the package never imports the daemon's root package and its tests run
// whole farms in-process over gossip's in-memory network with fake stores
// and builds.
//
// # The driver loop
//
// One goroutine, the driver loop, owns the coordinator, the worker and the
// farm's bookkeeping (requests, jobs, leases, where outputs came from).
// Everything else reaches them by handing the loop a function (Farm.do):
// gossip callbacks, the goroutines that carry out blocking actions, and
// the exported methods, which are safe for concurrent use. The loop ticks
// both machines every farmTick with the time since New, and refreshes the
// snapshot for status pages and the gossip metadata (free slots, load)
// every ten ticks.
//
// After every event the loop carries out the machines' actions:
//
//   - the coordinator's Lookup and Fetch run Deps.Lookup and Deps.Fetch in
//     goroutines (at most farmIOWorkers at once) whose outcomes come back
//     as OutputsFound/OutputsMissing and Fetched/FetchFailed;
//   - Offer, Withdraw, Announce and AnnounceDone go to every other gossip
//     member (directly, not by broadcast, so a LAN cluster hears them at
//     once), Grant, Reject and Revoke to one peer; StartBuild (a build
//     this coordinator keeps) and the revoke of one go straight to this
//     node's worker;
//   - the worker's Claim, Heartbeat and Report go to the coordinator that
//     offered the job (a Report for this node's own coordinator is fed to
//     it directly), Busy becomes LocalBusy, StartBuild runs Deps.Build in
//     a goroutine whose end comes back as BuildEnded (a failure that is
//     not the build's own names, through Deps.MissingInput, the input
//     nobody could provide, which the coordinator then rebuilds), and
//     Publish waits for Deps.Published before the result is reported, so
//     peers can fetch the outputs;
//   - Progress, RootDone, RootFailed and RequestDone become the Events of
//     the streams Farm.Build returned.
//
// Gossip messages are a gossip.Kind and a derivation with a JSON body
// (farmMsg); build log lines of builds run for a peer's coordinator go to
// it as kindLog messages.
//
// # Around the loop
//
// NewService serves NodeService (proto tvix.node.v1, what tvix build
// --node and tvix cluster status call) from a Farm; StatusSource feeds the
// status page (node/status). Discover joins the gossip member behind every
// libp2p peer (GossipAddrProtocol), JoinAPIs the members behind --join's
// API addresses. DrvBuilds and LoadJobs are the Deps tvix-node gives the
// farm over a builder.DrvBuilder and a store.
//
// Errors keep the "node: " prefix they had when the farm lived in the
// daemon's root package.
package farm
