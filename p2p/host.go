package p2p

import (
	"fmt"

	"github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/metrics"
	"github.com/libp2p/go-libp2p/core/pnet"
	"github.com/libp2p/go-libp2p/p2p/net/connmgr"
	quic "github.com/libp2p/go-libp2p/p2p/transport/quic"
	"github.com/libp2p/go-libp2p/p2p/transport/tcp"
)

// newHost builds the libp2p host: TCP (and QUIC unless a PSK is set),
// libp2p's default security (TLS 1.3 and Noise) and yamux, a connection
// manager, and nothing that reaches beyond the configured addresses: no
// relay, no UPnP/NAT-PMP port mapping, no Prometheus registry. Stream
// bytes are counted per peer by the returned bandwidth counter (read by
// TrafficByPeer).
func newHost(cfg *config, key crypto.PrivKey) (host.Host, *metrics.BandwidthCounter, error) {
	cm, err := connmgr.NewConnManager(cfg.ConnLow, cfg.ConnHigh)
	if err != nil {
		return nil, nil, fmt.Errorf("p2p: connection manager: %w", err)
	}
	bw := metrics.NewBandwidthCounter()
	opts := []libp2p.Option{
		libp2p.Identity(key),
		libp2p.ListenAddrs(cfg.listen...),
		libp2p.ConnectionManager(cm),
		// Without port reuse, outgoing TCP connections come from ephemeral
		// ports: two nodes listening on the same port that find each other
		// at once (mDNS) cannot meet in a TCP simultaneous open, where both
		// ends act as the TLS client and the handshake fails.
		libp2p.Transport(tcp.NewTCPTransport, tcp.DisableReuseport()),
		libp2p.DisableRelay(),
		libp2p.DisableMetrics(),
		libp2p.BandwidthReporter(bw),
	}
	if cfg.PSK != nil {
		opts = append(opts, libp2p.PrivateNetwork(pnet.PSK(cfg.PSK[:])))
	} else {
		opts = append(opts, libp2p.Transport(quic.NewTransport))
	}
	h, err := libp2p.New(opts...)
	if err != nil {
		cm.Close()
		return nil, nil, fmt.Errorf("p2p: host: %w", err)
	}
	return h, bw, nil
}
