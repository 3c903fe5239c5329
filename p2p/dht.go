package p2p

import (
	"fmt"

	"github.com/libp2p/go-libp2p-kad-dht"
	"github.com/libp2p/go-libp2p-kad-dht/records"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/protocol"
)

// newDHT starts the cluster's Kademlia DHT on h: server mode (every node
// stores and answers records, as LAN peers are all reachable), the
// private protocol prefix, provider records only (no values), records
// that expire recordValidityFactor reprovide intervals after their last
// announcement, and the bootstrap peers to fall back on when the routing
// table runs low.
func newDHT(h host.Host, cfg *config) (*dht.IpfsDHT, error) {
	opts := []dht.Option{
		dht.Mode(dht.ModeServer),
		dht.ProtocolPrefix(protocol.ID(ProtocolPrefix)),
		dht.DisableValues(),
		dht.ProviderManagerOpts(records.ProvideValidity(recordValidityFactor * cfg.ReprovideInterval)),
	}
	if len(cfg.bootstrap) > 0 {
		opts = append(opts, dht.BootstrapPeers(cfg.bootstrap...))
	}
	d, err := dht.New(h, opts...)
	if err != nil {
		return nil, fmt.Errorf("p2p: dht: %w", err)
	}
	return d, nil
}
