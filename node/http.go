package node

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/node/binarycache"
	"github.com/p2pnix/tvix/node/nodeclient"
	"github.com/p2pnix/tvix/p2p"
	"github.com/p2pnix/tvix/store"
)

// httpHandler serves the node's HTTP API: the binary cache
// (node/binarycache), the node's public key, nodeclient.P2PInfoPath and
// nodeclient.PeersPath, and, for people and monitoring, / (the status
// page, status_page.go) and /metrics (Prometheus, metrics.go).
func (n *Node) httpHandler() http.Handler {
	n.metrics.reg.MustRegister(nodeCollector{n})
	mux := http.NewServeMux()
	n.cache.Register(mux)
	mux.HandleFunc("GET "+nodeclient.PublicKeyPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, n.PublicKey()+"\n")
	})
	mux.HandleFunc("GET "+nodeclient.P2PInfoPath, n.serveP2PInfo)
	mux.HandleFunc("GET "+nodeclient.PeersPath, n.servePeers)
	mux.Handle("GET /metrics", n.metrics.handler())
	mux.HandleFunc("GET /{$}", n.serveStatus)
	mux.HandleFunc("GET "+StatusEventsPath, n.serveStatusEvents)
	mux.Handle("GET /tvix/static/", staticHandler())
	return n.logRequests(mux)
}

// newCache makes the node's binary cache over its store. It empties the
// upload directory, so it runs once the data directory is the node's
// alone.
func (n *Node) newCache() (*binarycache.Cache, error) {
	cfg := binarycache.Config{
		Store: n.store, Shard: n.local, StoreDir: n.dir, SigningKey: n.key, TrustedKeys: n.trusted,
		Priority: n.cfg.CachePriority, Compression: n.cfg.CacheCompression,
		UploadDir: tvixhome.Dir(n.cfg.DataDir).Uploads(), LogDir: tvixhome.Dir(n.cfg.DataDir).Logs(),
		Logger: n.log, Metrics: n.metrics.reg,
	}
	if n.p2p != nil {
		cfg.Peers = dhtLookup{n.p2p}
	}
	return binarycache.New(cfg)
}

// dhtLookup finds store paths for the binary cache in the DHT.
type dhtLookup struct{ p *p2p.Node }

var _ binarycache.PeerLookup = dhtLookup{}

// Connected implements binarycache.PeerLookup.
func (d dhtLookup) Connected() bool { return len(d.p.Peers()) > 0 }

// Provided implements binarycache.PeerLookup: one provider is enough.
func (d dhtLookup) Provided(ctx context.Context, h [store.StorePathHashSize]byte) bool {
	return len(d.p.FindProviders(ctx, p2p.StorePathCID(h), 1)) > 0
}

// statusWriter remembers the status code and body size for the request
// log and the metrics.
type statusWriter struct {
	http.ResponseWriter
	code  int
	bytes int64
}

func (s *statusWriter) Write(b []byte) (int, error) {
	k, err := s.ResponseWriter.Write(b)
	s.bytes += int64(k)
	return k, err
}

// Unwrap lets http.ResponseController reach the connection.
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func (s *statusWriter) WriteHeader(code int) {
	s.code = code
	s.ResponseWriter.WriteHeader(code)
}

func (n *Node) logRequests(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		h.ServeHTTP(sw, r)
		n.metrics.observe(r.Pattern, sw.code, sw.bytes)
		if n.log.Enabled(r.Context(), slog.LevelDebug) {
			n.log.Debug("http", "method", r.Method, "path", r.URL.Path, "status", sw.code, "duration", time.Since(start))
		}
	})
}
