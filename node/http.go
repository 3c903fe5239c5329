package node

import (
	"context"
	"io"
	"net/http"
	"strings"

	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/node/binarycache"
	"github.com/p2pnix/tvix/node/nodeclient"
	"github.com/p2pnix/tvix/node/status"
	"github.com/p2pnix/tvix/p2p"
	"github.com/p2pnix/tvix/store"
)

// httpHandler serves the node's HTTP API: the binary cache
// (node/binarycache), the node's public key, nodeclient.P2PInfoPath and
// nodeclient.PeersPath, and, for people and monitoring, / (the status
// page) and /metrics (node/status).
func (n *Node) httpHandler() http.Handler {
	mux := http.NewServeMux()
	n.cache.Register(mux)
	mux.HandleFunc("GET "+nodeclient.PublicKeyPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, n.PublicKey()+"\n")
	})
	mux.HandleFunc("GET "+nodeclient.P2PInfoPath, n.serveP2PInfo)
	mux.HandleFunc("GET "+nodeclient.PeersPath, n.servePeers)
	n.status.Register(mux)
	return n.status.Instrument(directSubstitutions(mux))
}

// newHTTPParts makes the status page and metrics, then the binary cache
// over the node's store. The cache empties the upload directory, so this
// runs once the data directory is the node's alone.
func (n *Node) newHTTPParts() error {
	shard := n.local
	if shard == nil {
		shard = n.store
	}
	scfg := status.Config{
		API: n.APIAddr().String(), PublicKey: n.PublicKey(), Replicas: n.cfg.Replicas,
		Shard: shard, Hits: n.cacheHits, Logger: n.log,
	}
	if dir, ok := strings.CutPrefix(n.cfg.StoreURL, "local:"); ok {
		scfg.LocalStoreDir = strings.TrimPrefix(dir, "//")
	}
	if n.p2p != nil {
		scfg.Network = statusNetwork{n}
	}
	n.status = status.New(scfg)
	cfg := binarycache.Config{
		Store: n.store, Shard: n.local, ShardIndex: n.shardIndex, StoreDir: n.dir, SigningKey: n.key, TrustedKeys: n.trusted,
		Priority: n.cfg.CachePriority, Compression: n.cfg.CacheCompression,
		UploadDir: tvixhome.Dir(n.cfg.DataDir).Uploads(), LogDir: tvixhome.Dir(n.cfg.DataDir).Logs(),
		Logger: n.log, Metrics: n.status.Registerer(),
	}
	if n.p2p != nil {
		cfg.Peers = dhtLookup{n.p2p}
	}
	if n.upstream.Enabled() {
		cfg.Upstream = n.upstream
	}
	var err error
	n.cache, err = binarycache.New(cfg)
	return err
}

// SetStatusSource makes src the farm the status page and /metrics show.
// Safe to call at any time, also while serving.
func (n *Node) SetStatusSource(src status.Source) { n.status.SetSource(src) }

// cacheHits are the binary cache's narinfo counts for the status page.
func (n *Node) cacheHits() status.HitCounts {
	var h status.HitCounts
	h.Local, h.Peer, h.Miss = n.cache.Hits()
	return h
}

// statusNetwork is the p2p layer as the status page and /metrics see it.
type statusNetwork struct{ n *Node }

var _ status.Network = statusNetwork{}

// ID implements status.Network.
func (s statusNetwork) ID() string { return s.n.P2PID() }

// Peers implements status.Network.
func (s statusNetwork) Peers() []status.ConnectedPeer {
	var out []status.ConnectedPeer
	for _, p := range s.n.peers() {
		out = append(out, status.ConnectedPeer{ID: p.ID, Found: p.Found, Addrs: p.Addrs, LatencyMS: p.LatencyMS,
			Rejected: p.Misbehaved, RejectedBytes: p.RejectedBytes, FalseRecords: p.FalseRecords, Blocked: p.Blocked})
	}
	return out
}

// Received implements status.Network.
func (s statusNetwork) Received() uint64 { return s.n.p2p.Received() }

// TrafficByPeer implements status.Network.
func (s statusNetwork) TrafficByPeer() map[string]p2p.Traffic {
	out := map[string]p2p.Traffic{}
	for id, t := range s.n.p2p.TrafficByPeer() {
		out[id.String()] = t
	}
	return out
}

// LookupStats implements status.Network.
func (s statusNetwork) LookupStats() p2p.LookupStats { return s.n.p2p.LookupStats() }

// dhtLookup finds store paths for the binary cache in the DHT.
type dhtLookup struct{ p *p2p.Node }

var _ binarycache.PeerLookup = dhtLookup{}

// Connected implements binarycache.PeerLookup.
func (d dhtLookup) Connected() bool { return len(d.p.Peers()) > 0 }

// Provided implements binarycache.PeerLookup: one provider is enough.
func (d dhtLookup) Provided(ctx context.Context, h [store.StorePathHashSize]byte) bool {
	return len(d.p.FindProviders(ctx, p2p.StorePathCID(h), 1)) > 0
}
