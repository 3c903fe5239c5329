// Package chaos is the fault-injection campaign (`make chaos`): real
// tvix-node processes on a LAN of network namespaces (nodetest.LAN),
// with faults injected while they build, transfer and ingest:
//
//   - partition: part of the LAN is cut off during a farm build of a
//     tree of busybox derivations and plugged back in; every build
//     completes, the root's output is what the tree must produce, and
//     the derivations built more than once are counted;
//   - kill: random nodes are killed with SIGKILL while builds,
//     transfers and ingests run, among them builders of the round's
//     inputs, so that every copy of an input may die and it must be
//     built again; each victim's store must verify clean
//     (checked offline, before it restarts), every build completes on
//     the survivors, and every path whose ingest succeeded is still
//     found in the cluster;
//   - full disk: a node whose data directory is a small tmpfs is asked
//     to ingest, fetch and take a replica of trees larger than its disk;
//     each fails with a clear one-line error, the node keeps serving
//     what it has, its store verifies clean, and after a restart it
//     stores again (before one it does not: a failed pack write stops
//     store/localstore taking anything);
//   - clock jump: one node, running tvix-node built with faults, has its
//     wall clock stepped forward and back (internal/faults) while it
//     has a tree of builds run across the LAN; every build completes,
//     derivations built twice are counted (no more than leases expired),
//     no node leaves another's membership, and the node still fetches
//     and serves;
//   - malicious: the last node is a faults build of tvix-node
//     (faultsNode, internal/faults) with every fault on: it serves
//     corrupted chunks, altered directories and PathInfos signed by an
//     unknown key, announces paths it lacks, floods offers and claims and
//     drops its grants. Paths stored by honest nodes are fetched by it and
//     then by every other honest node, and a tree of builds is requested:
//     every fetch and build completes with a clean run's bytes, honest
//     stores verify clean, the honest nodes refused its bytes (counted
//     per peer on /tvix/peers) and blamed no honest peer, and no job it
//     made up was built.
//
// The campaign's tests carry the build tag chaos; a short smoke run of
// the same harness is in the ordinary suite. Results are rows of a
// Table, printed as the campaign's report.
package chaos
