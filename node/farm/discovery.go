package farm

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

// Network is the libp2p side of gossip discovery; p2p.Node is one. Its
// methods are called from the discovery goroutine and must be safe for
// concurrent use.
type Network interface {
	// Host is the libp2p host: Discover serves GossipAddrProtocol on it
	// and asks peers through it.
	Host() host.Host
	// Peers lists the connected peers.
	Peers() []peer.ID
}

// Discover answers GossipAddrProtocol on nw's host with f's gossip
// address, and starts a goroutine that, until f closes, joins the gossip
// member behind every peer of nw that is not a member yet, asking each at
// most once every gossipRetryAfter. Call it once.
func (f *Farm) Discover(nw Network) {
	nw.Host().SetStreamHandler(GossipAddrProtocol, serveGossipAddr(f))
	go f.discoverGossip(nw)
}

// serveGossipAddr answers GossipAddrProtocol with f's address.
func serveGossipAddr(f *Farm) network.StreamHandler {
	return func(s network.Stream) {
		defer s.Close()
		s.SetDeadline(time.Now().Add(gossipAskTimeout))
		s.Write([]byte(f.GossipAddr() + "\n"))
	}
}

// discoverGossip is Discover's loop.
func (f *Farm) discoverGossip(nw Network) {
	ctx := f.ctx
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
		for _, id := range nw.Peers() {
			if members[id.String()] || time.Since(tried[id]) < gossipRetryAfter {
				continue
			}
			tried[id] = time.Now()
			addr, err := askGossipAddr(ctx, nw.Host(), id)
			if err != nil {
				f.log.Debug("farm: gossip address", "peer", id, "err", err)
				continue
			}
			if err := f.Join([]string{addr}); err != nil {
				f.log.Debug("farm: join", "peer", id, "gossip", addr, "err", err)
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
