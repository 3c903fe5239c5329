package coordinator

import (
	"errors"
	"fmt"
	"time"
)

// PeerID names a node of the cluster (its libp2p peer ID, or any stable
// string in tests and simnet). The empty PeerID never names a peer.
type PeerID string

// Job is one derivation of a build graph, as the coordinator needs it. It is
// deliberately smaller than a parsed .drv so that simnet can generate graphs
// without a store.
type Job struct {
	// Drv is the derivation's store path; it identifies the job.
	Drv string
	// Inputs are the store paths of the input derivations.
	Inputs []string
	// Outputs are the output store paths.
	Outputs []string
	// System is the derivation's system, e.g. "x86_64-linux".
	System string
	// Features are the requiredSystemFeatures.
	Features []string
	// OutputBytes estimates the total size of the outputs; it is what a
	// builder holding them locally saves in transfers.
	OutputBytes int64
	// Weight estimates the build duration; it weighs the critical path.
	// Zero counts as 1ms.
	Weight time.Duration
	// Limits are the requesting client's, passed to the builder as they
	// are; a job two requests share keeps the first's.
	Limits Limits `json:",omitempty"`
	// CheckOf, when set, makes this a reproducibility check: build the
	// derivation CheckOf again (Drv is CheckID(CheckOf)) and compare its
	// outputs with the copy the cluster holds.
	CheckOf string `json:",omitempty"`
}

// Limits are Nix's per-build settings a client sends with its request;
// zero fields leave the builder's defaults.
type Limits struct {
	Timeout   time.Duration `json:",omitempty"`
	MaxSilent time.Duration `json:",omitempty"`
	Cores     int           `json:",omitempty"`
}

// Config tunes a Coordinator. The zero value of every field but Self picks
// the default documented on the field.
type Config struct {
	// Self is this node's peer ID.
	Self PeerID
	// Systems are the systems this node builds (empty: none, so every job
	// goes to peers unless LocalOnly).
	Systems []string
	// Features are this node's system features.
	Features []string
	// LocalSlots is the number of builds this node runs at once.
	LocalSlots int
	// Speed is this node's relative speed, compared with claimants'.
	// Default 1.
	Speed float64
	// LocalOnly keeps every build on this node (tvix build --local).
	LocalOnly bool
	// TrustedKeys are the key names whose signatures on a remote build are
	// accepted. Empty accepts any signer (a private network with cluster
	// trust); local builds are always accepted.
	TrustedKeys []string
	// CheckShare is the share (0 to 1) of builds checked for
	// reproducibility on a second builder; which ones is decided by
	// Sampled, from the derivation's path.
	CheckShare float64

	// ClaimWindow is how long an offer collects claims before the best
	// claimant is chosen. Default 50ms.
	ClaimWindow time.Duration
	// OfferTimeout is how long an unclaimed offer waits before it is sent
	// again (gossip may drop it). Default 1s.
	OfferTimeout time.Duration
	// LeaseTimeout is how long a lease lives without a heartbeat. A builder
	// heartbeats every LeaseTimeout/3. Default 1500ms, so a silent builder's
	// job is offered again within 2s of its last heartbeat given ticks at
	// least every 100ms.
	LeaseTimeout time.Duration
	// MaxAttempts bounds how often a job is given out (transient failures,
	// lost leases and untrusted results all count). Default 4.
	MaxAttempts int
	// RetryBackoff is the wait before the first retry after a transient
	// failure; it doubles with each failure up to MaxBackoff. Default 1s.
	RetryBackoff time.Duration
	// MaxBackoff caps RetryBackoff's doubling. Default 30s.
	MaxBackoff time.Duration
	// AnnounceTTL is how long another coordinator's "building D" holds
	// without being repeated; this node repeats its own every AnnounceTTL/3.
	// Default 6s.
	AnnounceTTL time.Duration
	// MaxFetchFailures bounds fetch retries of a root's outputs. Default 3.
	MaxFetchFailures int
}

// ErrBadConfig reports an unusable Config.
var ErrBadConfig = errors.New("coordinator: bad config")

// ErrBadRequest reports a build request whose graph is malformed.
var ErrBadRequest = errors.New("coordinator: bad build request")

func (c *Config) setDefaults() error {
	if c.Self == "" {
		return fmt.Errorf("%w: Self is empty", ErrBadConfig)
	}
	if c.LocalSlots < 0 {
		return fmt.Errorf("%w: LocalSlots %d", ErrBadConfig, c.LocalSlots)
	}
	if c.LocalOnly && c.LocalSlots == 0 {
		return fmt.Errorf("%w: LocalOnly needs LocalSlots > 0", ErrBadConfig)
	}
	if !(c.CheckShare >= 0 && c.CheckShare <= 1) {
		return fmt.Errorf("%w: CheckShare %v is not between 0 and 1", ErrBadConfig, c.CheckShare)
	}
	if c.Speed == 0 {
		c.Speed = 1
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.ClaimWindow, 50*time.Millisecond)
	def(&c.OfferTimeout, time.Second)
	def(&c.LeaseTimeout, 1500*time.Millisecond)
	def(&c.RetryBackoff, time.Second)
	def(&c.MaxBackoff, 30*time.Second)
	def(&c.AnnounceTTL, 6*time.Second)
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 4
	}
	if c.MaxFetchFailures <= 0 {
		c.MaxFetchFailures = 3
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// canBuild reports whether a node with systems and features builds j.
func canBuild(systems, features []string, j *Job) bool {
	if !contains(systems, j.System) {
		return false
	}
	for _, f := range j.Features {
		if !contains(features, f) {
			return false
		}
	}
	return true
}
