// Package simnet runs the build farm at internet scale on one machine: a
// scenario file in, a report out (tvix simnet run SCENARIO). It has three
// parts, each selected by the scenario's "measure" line.
//
// # farm: scheduling in simulated time
//
// Requesting nodes each run the real coordinator state machine
// (node/coordinator), driven by a simulated clock and event queue: every
// event (a message arriving, a build ending, a tick every 100ms) runs at
// its simulated time, in (time, scheduling order) order, and all
// randomness comes from one seeded generator, so a run is a function of
// the scenario and the seed. Nodes that request nothing would run idle
// coordinators, so only requesters get one. Every node runs the real
// builder state machine (node/worker), as tvix-node does; simnet carries
// out its actions (claims, heartbeats, builds, reports). The simulated
// network gives each pair of nodes a latency and a bandwidth drawn from
// the scenario's distributions. Direct
// messages (claims, heartbeats) are lost with the scenario's loss; grants,
// rejects, revokes and build results travel reliably (memberlist's TCP
// stream); broadcasts (offers, announcements) are delayed by the
// epidemic's extra delay but not lost, as memberlist retransmits them.
// Partitions and dead nodes drop everything across them.
//
// This gossip layer is simulated, not memberlist itself, because
// memberlist's probe and gossip timers read the wall clock: a simulated
// hour of building would take an hour. It keeps memberlist's semantics
// as node/gossip uses them: offers are seen by every builder a broadcast
// reaches (one shared board stands for their copies, each offer visible
// after its broadcast delay); an offer not re-sent for 3s is dropped (the
// coordinator re-sends unclaimed offers every second); membership reports
// a crashed or partitioned peer dead after the scenario's "detect" delay
// and a returning one alive after a gossip round. The "gossip" part
// measures the real delays that "detect" and "broadcast" stand for.
//
// Builders claim offers for their free slots; the worker asks the board
// for the next offer (worker.Board), and the board picks at random among
// the K most urgent offers it can see, K being the number of idle slots in
// the cluster (which gossip metadata advertises), so that idle builders
// spread over the urgent jobs instead of all claiming the same one; a
// builder claims an offer once each time it is sent. A granted builder fetches missing inputs from the nearest
// reachable holder (if none is reachable it fails at once, naming the
// input, and the coordinator looks the input up again or rebuilds it),
// builds for Weight/speed, heartbeats its lease every LeaseTimeout/3,
// keeps the output, copies it to Replicas-1 random peers, and reports.
// A build's output hash is a function of the derivation and of the hashes
// of the inputs the builder actually holds, so the roots' hashes at their
// requesters are compared with the serial answer (DAG.SerialResults).
//
// Churn takes builders down (their running builds are lost, their store
// survives) and brings them back; requesters never churn. A partition
// splits the nodes in two (requesters alternate sides) until it heals.
// The report counts derivations built more than once and classifies each
// repeat: across a partition (both builds overlapped it or its settling
// time), after churn (an earlier build's result never reached its
// coordinator, or no copy of it was reachable when a lookup needed it
// again), or other, which is a bug. It also reports the makespan
// against max(critical path at the fastest speed, total work / total
// capacity), which ignores transfers, churn and partitions; bytes moved
// (inputs to builders, roots to requesters, replicas) against the least
// the chosen placement needs (each output once to each other node that
// used it, and a built one to at least Replicas-1 other nodes); and build
// time lost to builds cut short.
//
// # dht: the real Kademlia DHT over mocknet, in real time
//
// RunDHT starts go-libp2p-kad-dht nodes (server mode, the cluster's /tvix
// protocol prefix) on libp2p's mocknet. Every pair is linked with a
// latency from the scenario, a link being only the possibility of a
// connection; each routing table is filled as a converged bootstrap would
// fill it, computed rather than run (running it connects most pairs and
// took 7.7 minutes for 300 nodes); connections are then made only by the
// DHT's own dials. It publishes provider records and runs closest-peer and
// provider lookups, counting hops from the query events.
//
// # gossip: real memberlist, in real time
//
// RunGossip starts node/gossip members (memberlist, LAN profile) over
// node/gossip's in-memory transport (buffered, never blocking, per-link
// latency and loss, dead receivers dropped), and times joining, broadcast
// convergence and failure detection after crashes.
//
// # Scenario files
//
// One directive per line, '#' starts a comment. Distributions are a value
// ("20ms", "5MB", "2"), "uniform LO HI", "exp MEAN" or
// "lognormal MEDIAN SIGMA"; byte sizes take KB/MB/GB (powers of 1000) or
// KiB/MiB/GiB.
//
//	name NAME
//	nodes N                      farm and default DHT size
//	slots DIST                   build slots per node
//	speed DIST                   relative build speed per node
//	latency DIST                 one-way latency per link
//	bandwidth DIST               bytes per second per link
//	loss P                       loss of best-effort messages (0.01 or 1%)
//	detect DIST                  failure detection delay (farm)
//	broadcast DIST               a broadcast's extra delay (farm)
//	dag wide|deep|nixpkgs N      the derivation graph
//	build-time DIST              build duration at speed 1
//	output-size DIST             bytes of each derivation's outputs
//	requesters N                 nodes that request builds
//	replicas N                   copies of each output
//	check-share P                share of builds checked for reproducibility
//	                             on a second builder (coordinator.Sampled)
//	churn FRACTION FROM TO DOWN  FRACTION of the builders go down between FROM
//	                             and TO for DOWN (a DIST; 0: for good)
//	partition AT HEAL FRACTION   cut FRACTION of the nodes off from AT to HEAL
//	measure farm|dht|gossip ...  what to run (default farm)
//	dht-nodes N, dht-lookups N, dht-providers N
//	gossip-nodes N, gossip-kills N
//	grow N...                    rerun the measured parts at these sizes
package simnet
