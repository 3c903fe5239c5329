// Package faults switches on misbehaviour in a test build of tvix-node,
// for the chaos campaign's malicious member (simnet/chaos). Faults exist
// only in binaries built with the build tag faults; without it On is a
// constant false and every hook compiles away, so production binaries
// are unchanged.
//
// A process turns faults on with the environment variable TVIX_FAULTS,
// a comma-separated list of names, e.g.
//
//	TVIX_FAULTS=corrupt-chunks,wrong-dirs,unknown-key
//
// Hooks sit where a node serves data to peers and where it gossips farm
// messages; each asks On(name) and misbehaves when it is true:
//
//   - corrupt-chunks: chunks and blobs served to peers have a byte flipped;
//   - wrong-dirs: directories served to peers are altered;
//   - unknown-key: PathInfos served to peers are signed by a key nobody
//     trusts, instead of their own signatures;
//   - false-providers: the node announces itself as provider of every
//     path it looks up or is asked for, whether it holds it or not;
//   - flood-offers: the farm offers, many times a second, jobs that do
//     not exist and the jobs other coordinators offer, at top priority,
//     and never grants a claim of them;
//   - flood-claims: the farm claims every job offered, and jobs never
//     offered, with every slot free, and ignores the grants;
//   - clock-step (clock*.go): Now's wall clock is stepped at each SIGUSR2.
//
// Check reports a TVIX_FAULTS the binary cannot honour.
package faults

// The names of the faults of this file's list.
const (
	CorruptChunks  = "corrupt-chunks"
	WrongDirs      = "wrong-dirs"
	UnknownKey     = "unknown-key"
	FalseProviders = "false-providers"
	FloodOffers    = "flood-offers"
	FloodClaims    = "flood-claims"
)

// EnvVar is the environment variable listing the faults switched on.
const EnvVar = "TVIX_FAULTS"

// known are the fault names TVIX_FAULTS may list; files of other faults
// add theirs with register in an init function.
var known = map[string]bool{
	CorruptChunks: true, WrongDirs: true, UnknownKey: true,
	FalseProviders: true, FloodOffers: true, FloodClaims: true,
}

// register adds a fault name TVIX_FAULTS may list.
func register(name string) { known[name] = true }
