package node

import (
	"bufio"
	"context"
	"strings"
	"time"

	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
)

// GossipAddrProtocol is the libp2p protocol on which a node answers its
// gossip address (one line), so that peers found by mDNS, the DHT or
// --join also join its gossip cluster.
const GossipAddrProtocol = protocol.ID("/tvix/farm/gossip-addr/1.0.0")

// Discovery tuning.
const (
	gossipDiscoverEvery = 2 * time.Second
	gossipRetryAfter    = 10 * time.Second
	gossipAskTimeout    = 3 * time.Second
)

// serveGossipAddr answers GossipAddrProtocol with f's address.
func serveGossipAddr(f *Farm) network.StreamHandler {
	return func(s network.Stream) {
		defer s.Close()
		s.SetDeadline(time.Now().Add(gossipAskTimeout))
		s.Write([]byte(f.GossipAddr() + "\n"))
	}
}

// discoverGossip joins the gossip member behind every libp2p peer that is
// not a member yet, until f closes.
func (n *Node) discoverGossip(f *Farm) {
	ctx, pn := f.ctx, n.p2p // n.p2p is cleared on close
	tried := map[peer.ID]time.Time{}
	t := time.NewTicker(gossipDiscoverEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		members := map[string]bool{}
		for _, m := range f.g.Members() {
			members[m.Name] = true
		}
		for _, id := range pn.Peers() {
			if members[id.String()] || time.Since(tried[id]) < gossipRetryAfter {
				continue
			}
			tried[id] = time.Now()
			addr, err := askGossipAddr(ctx, pn.Host(), id)
			if err != nil {
				n.log.Debug("farm: gossip address", "peer", id, "err", err)
				continue
			}
			if err := f.Join([]string{addr}); err != nil {
				n.log.Debug("farm: join", "peer", id, "gossip", addr, "err", err)
			}
		}
	}
}

// askGossipAddr asks peer id for its gossip address.
func askGossipAddr(ctx context.Context, h host.Host, id peer.ID) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, gossipAskTimeout)
	defer cancel()
	s, err := h.NewStream(ctx, id, GossipAddrProtocol)
	if err != nil {
		return "", err
	}
	defer s.Close()
	s.SetDeadline(time.Now().Add(gossipAskTimeout))
	line, err := bufio.NewReader(s).ReadString('\n')
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(line), nil
}
