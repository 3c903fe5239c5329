package farm

import "time"

// leaseExpired is the reason of the coordinator's Revoke when a builder
// let its lease expire (coordinator.lostLease); TestLeaseExpiredReason
// keeps the two in step.
const leaseExpired = "lease expired"

// How long a peer that let a lease expire may not claim: guardBase, doubled
// for each further lease it lets expire, up to guardMax.
const (
	guardBase = 10 * time.Second
	guardMax  = 5 * time.Minute
)

// claimGuard keeps a peer that let a lease of this coordinator expire
// (claimed, was granted, then never heartbeated: a flood of claims, or a
// builder gone silent) from claiming for a while; its claims are
// rejected at once. The coordinator already gives the derivation to
// another peer; the guard keeps the peer from winning the next ones
// meanwhile. A build the peer finishes ends its record. Driver loop only.
type claimGuard struct {
	peers map[string]guarded
}

type guarded struct {
	strikes int
	until   time.Time
}

// expired records that peer let a lease expire at now.
func (g *claimGuard) expired(peer string, now time.Time) {
	if g.peers == nil {
		g.peers = map[string]guarded{}
	}
	p := g.peers[peer]
	d := guardBase
	for k := 0; k < p.strikes && d < guardMax; k++ {
		d *= 2
	}
	p.strikes++
	p.until = now.Add(min(d, guardMax))
	g.peers[peer] = p
}

// refuses tells whether peer's claims are rejected at now.
func (g *claimGuard) refuses(peer string, now time.Time) bool {
	p, ok := g.peers[peer]
	return ok && now.Before(p.until)
}

// built records that peer finished a build for this coordinator.
func (g *claimGuard) built(peer string) { delete(g.peers, peer) }
