package worker

import (
	"time"

	"github.com/p2pnix/tvix/node/coordinator"
)

// Offer is a job offered by a coordinator, as a worker claims it.
type Offer struct {
	Drv  string
	From PeerID
	Prio int64
}

// Board is where a worker finds offers to claim. The default is the
// worker's own book, fed by Offered and Withdrawn. simnet supplies one
// board shared by all its simulated builders: its model of gossip, which
// shows every builder the same offers. A Board is called only from the
// worker's Step and Tick, and must be as deterministic as the worker.
type Board interface {
	// Next returns the offer to claim next at now, skipping offers of
	// derivations for which skip reports true; false if there is none.
	Next(now time.Duration, skip func(drv string) bool) (Offer, bool)
	// Claimed records that the worker claimed o: Next does not return it
	// again until it is offered again.
	Claimed(o Offer)
}

// book is a worker's memory of the offers it saw: the latest offer of each
// derivation by each coordinator (so one coordinator's offer cannot hide
// another's of the same derivation), kept until Config.OfferTTL after it
// was last seen (coordinators re-send open offers every second), claimed
// once. Next returns the most urgent: highest priority, then the one seen
// first.
type book struct {
	ttl    time.Duration
	seq    uint64
	offers map[offerKey]*bookEntry
}

// offerKey names one coordinator's offer of one derivation.
type offerKey struct {
	drv  string
	from PeerID
}

type bookEntry struct {
	Offer
	seen time.Duration
	seq  uint64
}

var _ Board = (*book)(nil)

func newBook(ttl time.Duration) *book {
	return &book{ttl: ttl, offers: map[offerKey]*bookEntry{}}
}

// add remembers j offered by from at now, replacing from's earlier offer
// of it.
func (b *book) add(from PeerID, j *coordinator.Job, prio int64, now time.Duration) {
	b.seq++
	b.offers[offerKey{j.Drv, from}] = &bookEntry{Offer: Offer{Drv: j.Drv, From: from, Prio: prio}, seen: now, seq: b.seq}
}

// withdraw forgets from's offer of drv.
func (b *book) withdraw(from PeerID, drv string) {
	delete(b.offers, offerKey{drv, from})
}

// dropPeer forgets every offer of peer.
func (b *book) dropPeer(peer PeerID) {
	for k := range b.offers {
		if k.from == peer {
			delete(b.offers, k)
		}
	}
}

// Next implements Board; it forgets offers not seen for the TTL.
func (b *book) Next(now time.Duration, skip func(drv string) bool) (Offer, bool) {
	var best *bookEntry
	for k, e := range b.offers {
		if now-e.seen > b.ttl {
			delete(b.offers, k)
			continue
		}
		if skip(k.drv) {
			continue
		}
		if best == nil || e.Prio > best.Prio || e.Prio == best.Prio && e.seq < best.seq {
			best = e
		}
	}
	if best == nil {
		return Offer{}, false
	}
	return best.Offer, true
}

// Claimed implements Board: a claimed offer is forgotten.
func (b *book) Claimed(o Offer) {
	delete(b.offers, offerKey{o.Drv, o.From})
}
