package status

import (
	"log/slog"
	"net/http"
	"sync"

	"github.com/p2pnix/tvix/p2p"
	"github.com/p2pnix/tvix/store"
	"github.com/prometheus/client_golang/prometheus"
)

// Config is what a Server shows and where it reads it. Every field may
// be zero: what it would show is then empty.
type Config struct {
	// API is the node's API address, shown on the page.
	API string
	// PublicKey is the node's signing key ("name:base64"), shown on the
	// page.
	PublicKey string
	// Replicas is how many nodes should hold each new output; 0 means
	// p2p.DefaultReplicas.
	Replicas int
	// Network is the p2p layer; nil means no peers are shown and no p2p
	// metrics exported.
	Network Network
	// Shard is the local shard whose paths are counted; nil means none.
	Shard *store.Store
	// LocalStoreDir is where the local store keeps its files, whose sizes
	// are summed; empty when the shard is another kind of store.
	LocalStoreDir string
	// Hits returns the binary cache's narinfo requests by result; nil
	// means none are shown.
	Hits func() HitCounts
	// Logger receives structured events; nil discards.
	Logger *slog.Logger
}

// Network is the p2p layer as the page and /metrics read it.
// Implementations must be safe for concurrent use and must not block:
// the methods run on every page render, live update and scrape.
type Network interface {
	// ID is this node's libp2p peer ID.
	ID() string
	// Peers are the connected peers.
	Peers() []ConnectedPeer
	// Received is how many bytes the store streams this node opened to
	// peers have received (p2p.Node.Received).
	Received() uint64
	// TrafficByPeer is the libp2p stream bytes exchanged with each peer,
	// by peer ID.
	TrafficByPeer() map[string]p2p.Traffic
	// LookupStats counts the p2p layer's DHT provider lookups.
	LookupStats() p2p.LookupStats
}

// ConnectedPeer is a peer as the p2p layer sees it.
type ConnectedPeer struct {
	// ID is the peer's libp2p peer ID.
	ID string
	// Found is how the node learned of the peer ("join"), empty when
	// not known.
	Found string
	// Addrs are the peer's addresses.
	Addrs []string
	// LatencyMS is the moving average of the round trip in milliseconds,
	// 0 when not measured yet.
	LatencyMS float64
	// Rejected counts the peer's replies refused for failing
	// verification, RejectedBytes their bytes; FalseRecords the paths it
	// was listed as providing and lacked; Blocked tells whether fetches
	// ask it last for that.
	Rejected      int
	RejectedBytes int64
	FalseRecords  int
	Blocked       bool
}

// Server serves the status page (GET /), its event stream (EventsPath),
// its static files and the Prometheus metrics (GET /metrics). Safe for
// concurrent use.
type Server struct {
	cfg     Config
	log     *slog.Logger
	metrics *metrics

	mu  sync.Mutex
	src Source

	statsMu sync.Mutex // held while computing stats
	stats   StoreStats

	stopOnce sync.Once
	stop     chan struct{} // closed by Shutdown
}

// New returns a Server showing what cfg names, with a metrics registry of
// its own (so several nodes can live in one process).
func New(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Replicas == 0 {
		cfg.Replicas = p2p.DefaultReplicas
	}
	s := &Server{cfg: cfg, log: cfg.Logger, metrics: newMetrics(), stop: make(chan struct{})}
	s.metrics.reg.MustRegister(collector{s})
	return s
}

// Register adds the status routes to mux.
func (s *Server) Register(mux *http.ServeMux) {
	mux.Handle("GET /metrics", s.metrics.handler())
	mux.HandleFunc("GET /{$}", s.servePage)
	mux.HandleFunc("GET "+EventsPath, s.serveEvents)
	mux.Handle("GET "+staticPrefix, staticHandler())
}

// Registerer is the registry /metrics exports, for the metrics of other
// parts of the node.
func (s *Server) Registerer() prometheus.Registerer { return s.metrics.reg }

// Instrument counts the requests h serves by route (the pattern of the
// http.ServeMux h routes them with) and status code, and logs them at
// debug level.
func (s *Server) Instrument(h http.Handler) http.Handler { return s.metrics.instrument(h, s.log) }

// Observe counts a request answered outside an instrumented handler as
// Instrument counts one: its route (mux pattern), status code and body
// bytes. Safe for concurrent use.
func (s *Server) Observe(route string, code int, bytes int64) { s.metrics.observe(route, code, bytes) }

// SetSource makes src the farm the status page and /metrics show.
// Safe to call at any time, also while serving.
func (s *Server) SetSource(src Source) {
	s.mu.Lock()
	s.src = src
	s.mu.Unlock()
}

// source is the current source, or nil.
func (s *Server) source() Source {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.src
}

// farmSnapshot returns the source's snapshot, empty without one.
func (s *Server) farmSnapshot() Snapshot {
	if src := s.source(); src != nil {
		return src.Snapshot()
	}
	return Snapshot{}
}

// Shutdown ends the event streams, so that they do not hold the HTTP
// server's Shutdown up (register it with http.Server.RegisterOnShutdown).
// Safe to call more than once.
func (s *Server) Shutdown() {
	s.stopOnce.Do(func() { close(s.stop) })
}
