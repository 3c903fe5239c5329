package p2p

import (
	"context"
	"fmt"
	"time"

	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"
)

// connectTimeout bounds one attempt to connect to a discovered or
// bootstrap peer.
const connectTimeout = 10 * time.Second

// mdnsNotifee connects to every peer mDNS finds on the LAN. Connection
// attempts run in their own goroutines, bounded by connectTimeout and by
// ctx (the node's lifetime).
type mdnsNotifee struct {
	ctx context.Context
	h   host.Host
	cfg *config
}

// HandlePeerFound implements mdns.Notifee.
func (m *mdnsNotifee) HandlePeerFound(ai peer.AddrInfo) {
	if ai.ID == m.h.ID() {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(m.ctx, connectTimeout)
		defer cancel()
		if err := m.h.Connect(ctx, ai); err != nil {
			fmt.Fprintf(m.cfg.Log, "p2p: mdns: peer %s: %v\n", ai.ID, err)
		}
	}()
}

// connectAll connects to every peer in peers concurrently and returns how
// many connections succeeded.
func connectAll(ctx context.Context, h host.Host, cfg *config, peers []peer.AddrInfo) int {
	done := make(chan bool, len(peers))
	for _, ai := range peers {
		go func() {
			ctx, cancel := context.WithTimeout(ctx, connectTimeout)
			defer cancel()
			err := h.Connect(ctx, ai)
			if err != nil {
				fmt.Fprintf(cfg.Log, "p2p: bootstrap peer %s: %v\n", ai.ID, err)
			}
			done <- err == nil
		}()
	}
	n := 0
	for range peers {
		if <-done {
			n++
		}
	}
	return n
}
