package p2p

import (
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
)

// Penalties for peers caught misbehaving: a peer that sends data failing
// verification (or an untrusted PathInfo) is asked last by every fetch
// for penaltyBase, doubled for each offence after the first up to
// penaltyMax; a peer listed in the DHT as provider of a path it then
// says it lacks (a false provider record) is, at every
// falseRecordsPerBlock-th such record (an honest holder may have evicted
// the path before its record expired).
const (
	penaltyBase          = 30 * time.Second
	penaltyMax           = 16 * time.Minute
	falseRecordsPerBlock = 3
)

// Penalty is what one peer was caught doing, as PeerPenalty reports it.
type Penalty struct {
	// Rejected counts the replies of the peer refused for failing
	// verification (a corrupt chunk, blob or directory, a PathInfo not
	// signed by a trusted key); RejectedBytes sums their sizes.
	Rejected      int
	RejectedBytes int64
	// FalseRecords counts paths the peer was listed as providing and then
	// did not have.
	FalseRecords int
	// BlockedUntil is when the peer stops being asked last (zero: never
	// was).
	BlockedUntil time.Time
	// offences counts the blocks, for their doubling.
	offences int
}

// Blocked tells whether the peer is asked last at now.
func (p Penalty) Blocked(now time.Time) bool { return now.Before(p.BlockedUntil) }

// block asks the peer last from now on for a while, longer each time.
func (p *Penalty) block(now time.Time) {
	d := penaltyBase
	for k := 0; k < p.offences && d < penaltyMax; k++ {
		d *= 2
	}
	p.offences++
	p.BlockedUntil = now.Add(min(d, penaltyMax))
}

// rejected records a reply of id refused for failing verification, of n
// bytes, and blocks the peer.
func (n *Node) rejected(id peer.ID, bytes int64) {
	n.scoreMu.Lock()
	defer n.scoreMu.Unlock()
	p := n.penalty(id)
	p.Rejected++
	p.RejectedBytes += bytes
	p.block(time.Now())
}

// falseRecord records that id, listed as a provider, lacked what it was
// asked for.
func (n *Node) falseRecord(id peer.ID) {
	n.scoreMu.Lock()
	defer n.scoreMu.Unlock()
	p := n.penalty(id)
	p.FalseRecords++
	if p.FalseRecords%falseRecordsPerBlock == 0 {
		p.block(time.Now())
	}
}

// penalty returns id's record, created when missing; scoreMu held.
func (n *Node) penalty(id peer.ID) *Penalty {
	p := n.penalties[id]
	if p == nil {
		p = &Penalty{}
		n.penalties[id] = p
	}
	return p
}

// PeerPenalty returns what peer id was caught doing.
func (n *Node) PeerPenalty(id peer.ID) Penalty {
	n.scoreMu.Lock()
	defer n.scoreMu.Unlock()
	if p := n.penalties[id]; p != nil {
		return *p
	}
	return Penalty{}
}

// Penalties returns the record of every peer ever caught, by peer.
func (n *Node) Penalties() map[peer.ID]Penalty {
	n.scoreMu.Lock()
	defer n.scoreMu.Unlock()
	out := make(map[peer.ID]Penalty, len(n.penalties))
	for id, p := range n.penalties {
		out[id] = *p
	}
	return out
}

// Misbehaved returns how many replies of peer id were refused for failing
// verification.
func (n *Node) Misbehaved(id peer.ID) int { return n.PeerPenalty(id).Rejected }
