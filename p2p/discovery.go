package p2p

import (
	"context"
	"fmt"
	"time"

	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
)

// connectTimeout bounds one attempt to connect to a discovered or
// bootstrap peer.
const connectTimeout = 10 * time.Second

// mdnsAttempts is how many times a peer mDNS found is dialled before the
// node gives up on it until it is found again.
const mdnsAttempts = 4

// mdnsNotifee connects to every peer mDNS finds on the LAN. Connection
// attempts run in their own goroutines, each bounded by connectTimeout and
// all by ctx (the node's lifetime); a failed attempt is retried after a
// doubling pause, since both peers often dial each other at the same moment.
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
		pause := 250 * time.Millisecond
		for attempt := 1; ; attempt++ {
			ctx, cancel := context.WithTimeout(m.ctx, connectTimeout)
			if attempt > 1 {
				// Past the swarm's dial backoff, which would refuse the retry.
				ctx = network.WithForceDirectDial(ctx, "mdns retry")
			}
			err := m.h.Connect(ctx, ai)
			cancel()
			if err == nil || m.ctx.Err() != nil {
				return
			}
			if attempt == mdnsAttempts {
				fmt.Fprintf(m.cfg.Log, "p2p: mdns: peer %s: %v\n", ai.ID, err)
				return
			}
			select {
			case <-m.ctx.Done():
				return
			case <-time.After(pause):
			}
			pause *= 2
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
