package node

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/klauspost/compress/zstd"
	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/node/nodeclient"
	"github.com/p2pnix/tvix/p2p"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/narinfo"
	"github.com/p2pnix/tvix/store/nixpath"
)

// The binary cache serves, as Nix's HTTP binary cache protocol expects:
//
//	GET /nix-cache-info                  StoreDir, WantMassQuery, Priority
//	GET /<hash>.narinfo                  the path's narinfo, signed by the node
//	GET /nar/<hash>-<narhash>.nar[.zst]  its NAR rendered from the store (Range on .nar)
//	GET /log/<drv>                       a build log from <data-dir>/log
//	PUT /nar/<file>, /<hash>.narinfo     uploads by `nix copy --to http://...`
//
// and, for people and monitoring: / (the status page, status_page.go)
// and /metrics (Prometheus, metrics.go).
//
// NAR URLs name the store path's hash so that no NAR-hash index is needed;
// the NAR hash in them makes a URL stale when the path's content changes.

func (n *Node) httpHandler() http.Handler {
	n.metrics.reg.MustRegister(nodeCollector{n})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /nix-cache-info", n.serveCacheInfo)
	mux.HandleFunc("PUT /nix-cache-info", n.putCacheInfo)
	mux.HandleFunc("GET /{file}", n.serveNARInfo)
	mux.HandleFunc("PUT /{file}", n.putNARInfo)
	mux.HandleFunc("GET /nar/{file}", n.serveNAR)
	mux.HandleFunc("PUT /nar/{file}", n.putNAR)
	mux.HandleFunc("GET /log/{drv}", n.serveLog)
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

func (n *Node) cacheInfo() string {
	return fmt.Sprintf("StoreDir: %s\nWantMassQuery: 1\nPriority: %d\n", n.dir, n.cfg.CachePriority)
}

func (n *Node) serveCacheInfo(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/x-nix-cache-info")
	io.WriteString(w, n.cacheInfo())
}

// putCacheInfo accepts what Nix writes to a new cache if it names our
// store directory.
func (n *Node) putCacheInfo(w http.ResponseWriter, r *http.Request) {
	b, err := io.ReadAll(io.LimitReader(r.Body, 4096))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "StoreDir: "); ok && v != string(n.dir) {
			http.Error(w, fmt.Sprintf("this cache serves %s, not %s", n.dir, v), http.StatusBadRequest)
			return
		}
	}
}

// missLookupTimeout bounds the DHT lookup for a path the local shard
// lacks: a path nobody provides is a 404 after at most this long (in a
// small cluster the lookup ends much sooner), not after the p2p layer's
// longer per-provider timeout.
const missLookupTimeout = 3 * time.Second

// Where lookup found a path, as counted by the narinfo metric.
const (
	foundLocal = "hit"  // in this node's shard
	foundPeer  = "peer" // fetched from a peer through the DHT
	foundNone  = "miss"
)

// lookup returns the PathInfo whose hash part is hashPart and where it
// was found, or nil when the path is unknown (after writing the reply).
// A path only peers have is looked up in the DHT (bounded by
// missLookupTimeout) and, when someone provides it, fetched through the
// p2p store into the local shard, verified, before it is served.
func (n *Node) lookup(w http.ResponseWriter, r *http.Request, hashPart string) (*storev1.PathInfo, string) {
	h, err := nixpath.ParseHashPart(hashPart)
	if err != nil {
		http.NotFound(w, r)
		return nil, foundNone
	}
	found, shard := foundLocal, n.local
	if shard == nil {
		shard = n.store
	}
	info, err := shard.PathInfos.Get(r.Context(), h)
	if errors.Is(err, store.ErrNotFound) && n.p2p != nil {
		found = foundPeer
		if !n.providedByPeer(r.Context(), h) {
			http.NotFound(w, r)
			return nil, foundNone
		}
		info, err = n.store.PathInfos.Get(r.Context(), h)
	}
	if errors.Is(err, store.ErrNotFound) {
		http.NotFound(w, r)
		return nil, foundNone
	}
	if err != nil {
		n.log.Warn("path info lookup", "hash", hashPart, "err", err)
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return nil, foundNone
	}
	if found == foundPeer {
		n.log.Info("fetched from a peer for the binary cache", "path", string(store.NodeName(info.GetNode())))
	}
	return info, found
}

// providedByPeer asks the DHT, for at most missLookupTimeout, whether a
// peer provides store path h. Without connected peers nobody does.
func (n *Node) providedByPeer(ctx context.Context, h [store.StorePathHashSize]byte) bool {
	if len(n.p2p.Peers()) == 0 {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, missLookupTimeout)
	defer cancel()
	start := time.Now()
	found := len(n.p2p.FindProviders(ctx, p2p.StorePathCID(h), 1)) > 0
	n.metrics.dhtLookup(found, time.Since(start))
	return found
}

// narURL is where the node serves info's NAR.
func narURL(info *storev1.PathInfo, hashPart, ext string) string {
	return "nar/" + hashPart + "-" + nixbase32.EncodeToString(info.GetNarinfo().GetNarSha256()) + ".nar" + ext
}

func (n *Node) serveNARInfo(w http.ResponseWriter, r *http.Request) {
	hashPart, ok := strings.CutSuffix(r.PathValue("file"), ".narinfo")
	if !ok {
		http.NotFound(w, r)
		return
	}
	now := time.Now()
	text, ok := n.sigs.recentText(hashPart, now)
	if ok {
		n.metrics.narinfo(foundLocal)
	} else {
		info, found := n.lookup(w, r, hashPart)
		n.metrics.narinfo(found)
		if info == nil {
			return
		}
		var err error
		if text, err = n.narinfoText(hashPart, info); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		n.sigs.putRecent(hashPart, text, now)
	}
	w.Header()["Content-Type"] = narinfoContentType
	io.WriteString(w, text)
}

var narinfoContentType = []string{"text/x-nix-narinfo"}

// narinfoText renders info's narinfo, signed by the node, or returns the
// text rendered for the same path, NAR and signatures before.
func (n *Node) narinfoText(hashPart string, info *storev1.PathInfo) (string, error) {
	key := narinfoTextKey(hashPart, info)
	if text, ok := n.sigs.text(key); ok {
		return text, nil
	}
	if !n.signedByNode(info) {
		var err error
		if info, err = n.sigs.withNodeSignature(n.dir, n.key, info); err != nil {
			return "", err
		}
	}
	f := narinfo.Uncompressed(info)
	f.URL = narURL(info, hashPart, "")
	if n.cfg.CacheCompression == "zstd" {
		f = narinfo.NARFile{URL: narURL(info, hashPart, ".zst"), Compression: "zstd"}
	}
	text, err := narinfo.Render(n.dir, info, f)
	if err == nil {
		n.sigs.putText(key, text)
	}
	return text, err
}

// narinfoTextKey identifies what a narinfo is rendered from: the store
// path, its NAR hash (a path's references, deriver and CA come with its
// content) and the signatures it carries.
func narinfoTextKey(hashPart string, info *storev1.PathInfo) string {
	var b strings.Builder
	b.WriteString(hashPart)
	b.Write(info.GetNarinfo().GetNarSha256())
	for _, s := range info.GetNarinfo().GetSignatures() {
		b.WriteString(s.GetName())
		b.Write(s.GetData())
	}
	return b.String()
}

// signedByNode reports whether info carries a signature by a key of the
// node's key's name (the node put it there).
func (n *Node) signedByNode(info *storev1.PathInfo) bool {
	for _, s := range info.GetNarinfo().GetSignatures() {
		if s.GetName() == n.key.ToPublicKey().Name {
			return true
		}
	}
	return false
}

func (n *Node) serveNAR(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	base, zst := strings.CutSuffix(file, ".nar.zst")
	if !zst {
		var ok bool
		if base, ok = strings.CutSuffix(file, ".nar"); !ok {
			http.NotFound(w, r)
			return
		}
	}
	hashPart, narHash, ok := strings.Cut(base, "-")
	if !ok {
		http.NotFound(w, r)
		return
	}
	info, _ := n.lookup(w, r, hashPart)
	if info == nil {
		return
	}
	if nixbase32.EncodeToString(info.GetNarinfo().GetNarSha256()) != narHash {
		http.NotFound(w, r)
		return
	}
	if !zst && r.Header.Get("Range") == "" {
		// The whole NAR: rendered straight into the response.
		w.Header().Set("Content-Type", "application/x-nix-nar")
		w.Header().Set("Accept-Ranges", "bytes")
		w.Header().Set("Content-Length", strconv.FormatUint(info.GetNarinfo().GetNarSize(), 10))
		if r.Method == http.MethodHead {
			return
		}
		n.writeNAR(w, r, hashPart, info, w)
		return
	}
	if !zst {
		w.Header().Set("Content-Type", "application/x-nix-nar")
		rs := &narReadSeeker{ctx: r.Context(), st: n.store, node: info.GetNode(), size: int64(info.GetNarinfo().GetNarSize())}
		defer rs.Close()
		http.ServeContent(w, r, "", time.Time{}, rs)
		return
	}
	w.Header().Set("Content-Type", "application/zstd")
	if r.Method == http.MethodHead {
		return
	}
	zw, err := zstd.NewWriter(w, zstd.WithEncoderLevel(zstd.SpeedFastest))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	n.writeNAR(w, r, hashPart, info, zw)
	if err := zw.Close(); err != nil {
		panic(http.ErrAbortHandler)
	}
}

// writeNAR renders info's NAR into dst, part of w's response. Once the
// status is sent, breaking the connection is the only way left to report
// an error.
func (n *Node) writeNAR(w http.ResponseWriter, r *http.Request, hashPart string, info *storev1.PathInfo, dst io.Writer) {
	if _, err := nar.Write(r.Context(), dst, n.store.Blobs, n.store.Directories, info.GetNode()); err != nil {
		n.log.Warn("rendering NAR", "path", hashPart, "err", err)
		panic(http.ErrAbortHandler)
	}
}

func (n *Node) serveLog(w http.ResponseWriter, r *http.Request) {
	drv := r.PathValue("drv")
	name, ok := strings.CutSuffix(drv, ".drv")
	if _, err := nixpath.ParseBase(name); !ok || err != nil {
		http.NotFound(w, r)
		return
	}
	f, err := os.Open(tvixhome.Dir(n.cfg.DataDir).BuildLog(drv))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	http.ServeContent(w, r, "", time.Time{}, f)
}
