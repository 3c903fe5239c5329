package p2p

import (
	"github.com/libp2p/go-libp2p/core/peer"
)

// Traffic is the bytes exchanged with one peer since the node started,
// on every libp2p stream (store transfers, chunks, DHT, identify), as
// libp2p's bandwidth counter saw them above the stream multiplexer.
type Traffic struct {
	Sent, Received uint64
}

// TrafficByPeer returns the traffic with every peer this node has
// exchanged stream bytes with, connected or not. Peers are kept until
// the node closes. Safe for concurrent use; it copies the counters.
func (n *Node) TrafficByPeer() map[peer.ID]Traffic {
	if n.traffic == nil {
		return nil
	}
	byPeer := n.traffic.GetBandwidthByPeer()
	out := make(map[peer.ID]Traffic, len(byPeer))
	for id, s := range byPeer {
		out[id] = Traffic{Sent: uint64(s.TotalOut), Received: uint64(s.TotalIn)}
	}
	return out
}
