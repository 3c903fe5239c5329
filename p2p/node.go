package p2p

import (
	"context"
	"errors"
	"fmt"
	"golang.org/x/sync/singleflight"
	"sync"
	"sync/atomic"

	"github.com/libp2p/go-libp2p-kad-dht"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/metrics"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/p2p/discovery/mdns"
	ma "github.com/multiformats/go-multiaddr"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixsig"
)

// Node is a started peer: a libp2p host with discovery, the DHT, the store
// services served to peers, and the p2p store backend. Its methods are
// safe for concurrent use.
type Node struct {
	cfg   *config
	local *store.Store
	host  host.Host
	mdns  mdns.Service
	dht   *dht.IpfsDHT
	prov  *provider
	tr    *transport
	// chunkPool keeps idle ChunkProtocol streams for the next batch.
	chunkPool chunkStreams
	// fetches shares one fetch of a path among those who want it.
	fetches singleflight.Group
	wg      sync.WaitGroup // background goroutines
	bgMu    sync.Mutex     // orders goBackground against Close
	closed  bool

	scoreMu   sync.Mutex
	penalties map[peer.ID]*Penalty // peers caught misbehaving (penalty.go)
	peerKeys  map[peer.ID]nixsig.PublicKey
	trusted   []nixsig.PublicKey // what PathInfos from peers must be signed by
	use       *usage             // last use of paths, for eviction
	fetched   atomic.Uint64      // chunk bytes fetched from peers
	received  atomic.Uint64      // bytes received on store streams this node opened
	ctx       context.Context    // cancelled by Close
	cancel    context.CancelFunc

	// traffic counts stream bytes by peer (TrafficByPeer).
	traffic *metrics.BandwidthCounter
	// lookups counts DHT provider lookups (LookupStats).
	lookups lookupStats

	closeOnce sync.Once
	closeErr  error
}

// New starts a node serving and extending local, the node's own store
// shard (the caller keeps ownership: Close does not close it). It
// listens, starts mDNS unless disabled and connects to the bootstrap
// peers; a bootstrap peer that cannot be reached is logged, not fatal.
// ctx bounds only the start. On error nothing is left running.
func New(ctx context.Context, c Config, local *store.Store) (n *Node, err error) {
	cfg, err := c.validate()
	if err != nil {
		return nil, err
	}
	if local == nil {
		return nil, errors.New("p2p: no local store")
	}
	key := cfg.Identity
	if key == nil {
		if key, err = LoadOrCreateIdentity(cfg.DataDir); err != nil {
			return nil, fmt.Errorf("p2p: %w", err)
		}
	}
	n = &Node{cfg: cfg, local: local, use: newUsage(), penalties: make(map[peer.ID]*Penalty), peerKeys: make(map[peer.ID]nixsig.PublicKey)}
	n.trusted = n.trustedKeys()
	n.ctx, n.cancel = context.WithCancel(context.Background())
	// The node is passed in: "return nil, err" clears n before this runs.
	defer func(started *Node) {
		if err != nil {
			started.Close()
		}
	}(n)
	if n.host, n.traffic, err = newHost(cfg, key); err != nil {
		return nil, err
	}
	if n.clusterTrust() {
		n.host.SetStreamHandler(KeyProtocol, n.serveKey)
		n.host.Network().Notify(keyNotifee{n})
	}
	if n.dht, err = newDHT(n.host, cfg); err != nil {
		return nil, err
	}
	n.prov = newProvider(n.dht, cfg)
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		n.prov.run(n.ctx)
	}()
	served := n.faultyServed(&store.Store{Blobs: local.Blobs, Directories: local.Directories, PathInfos: &servedPathInfos{local.PathInfos, n}})
	if n.tr, err = startTransport(n, served); err != nil {
		return nil, err
	}
	n.host.SetStreamHandler(ChunkProtocol, n.serveChunks)
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		if err := n.AnnounceAll(n.ctx); err != nil && n.ctx.Err() == nil {
			fmt.Fprintf(cfg.Log, "p2p: announcing the local store: %v\n", err)
		}
	}()
	if cfg.Shard != nil {
		if err := n.loadUsage(ctx); err != nil {
			return nil, fmt.Errorf("p2p: %w", err)
		}
		if cfg.Capacity > 0 {
			n.wg.Add(1)
			go func() {
				defer n.wg.Done()
				n.runEviction()
			}()
		}
	}
	// Discovery last: every peer found meets a running DHT and store.
	if !cfg.NoMDNS {
		n.mdns = mdns.NewMdnsService(n.host, cfg.MDNSService, &mdnsNotifee{ctx: n.ctx, h: n.host, cfg: cfg})
		if err := n.mdns.Start(); err != nil {
			return nil, fmt.Errorf("p2p: mdns: %w", err)
		}
	}
	connectAll(ctx, n.host, cfg, cfg.bootstrap)
	return n, nil
}

// ID is the node's peer ID.
func (n *Node) ID() peer.ID { return n.host.ID() }

// Host is the node's libp2p host.
func (n *Node) Host() host.Host { return n.host }

// Addrs returns the node's listen addresses, each ending in /p2p/<ID>, in
// the form Config.Bootstrap and Connect accept.
func (n *Node) Addrs() []string {
	addrs, err := peer.AddrInfoToP2pAddrs(&peer.AddrInfo{ID: n.host.ID(), Addrs: n.host.Addrs()})
	if err != nil {
		return nil
	}
	out := make([]string, len(addrs))
	for i, a := range addrs {
		out[i] = a.String()
	}
	return out
}

// Connect connects to the peer at addr (a multiaddr ending in
// /p2p/<peer ID>).
func (n *Node) Connect(ctx context.Context, addr string) error {
	a, err := ma.NewMultiaddr(addr)
	if err != nil {
		return fmt.Errorf("p2p: connect %q: %w", addr, err)
	}
	ai, err := peer.AddrInfoFromP2pAddr(a)
	if err != nil {
		return fmt.Errorf("p2p: connect %q: want a multiaddr ending in /p2p/<peer ID>: %w", addr, err)
	}
	if err := n.host.Connect(ctx, *ai); err != nil {
		return fmt.Errorf("p2p: connect %s: %w", ai.ID, err)
	}
	return nil
}

// Peers returns the peers the node is connected to.
func (n *Node) Peers() []peer.ID { return n.host.Network().Peers() }

// Received returns the bytes received so far on the store streams this
// node opened to peers: everything its fetches and pushes read, gRPC
// framing included.
func (n *Node) Received() uint64 { return n.received.Load() }

// goBackground runs fn in a goroutine that Close waits for, unless the
// node is closing; it reports whether fn was started.
func (n *Node) goBackground(fn func()) bool {
	n.bgMu.Lock()
	defer n.bgMu.Unlock()
	if n.closed {
		return false
	}
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		fn()
	}()
	return true
}

// Close stops everything the node started, in reverse order, and closes
// the host. The local store stays open. Close is idempotent.
func (n *Node) Close() error {
	n.closeOnce.Do(func() {
		n.cancel()
		n.bgMu.Lock()
		n.closed = true
		n.bgMu.Unlock()
		if n.tr != nil {
			n.tr.close()
		}
		n.chunkPool.closeAll()
		n.wg.Wait()
		var errs []error
		if n.dht != nil {
			errs = append(errs, n.dht.Close())
		}
		if n.mdns != nil {
			errs = append(errs, n.mdns.Close())
		}
		if n.host != nil {
			errs = append(errs, n.host.Close())
		}
		n.closeErr = errors.Join(errs...)
	})
	return n.closeErr
}
