package binarycache

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/klauspost/compress/zstd"
	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/narinfo"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/p2pnix/tvix/store/upstream"
	"github.com/prometheus/client_golang/prometheus"
)

// Config is what a Cache needs. Store, StoreDir, SigningKey and UploadDir
// are required; other zero fields get defaults.
type Config struct {
	// Store is the store served: narinfos and NARs are read from it, and
	// uploads are written to it. In the node it is the p2p store, which
	// fetches what the local shard lacks from peers.
	Store *store.Store
	// Shard is the local shard, looked in first; nil means Store.
	Shard *store.Store
	// ShardIndex, when not nil, holds the paths Shard may hold
	// (NewIndexedPathInfos): a path it lacks is not looked up in Shard.
	ShardIndex *PathIndex
	// StoreDir is the Nix store directory of the paths served.
	StoreDir nixpath.StoreDir
	// SigningKey signs the narinfos served (a path signed by a key of the
	// same name already is served as it is).
	SigningKey nixsig.SecretKey
	// TrustedKeys are the keys whose signature makes an upload acceptable.
	TrustedKeys []nixsig.PublicKey
	// Priority is announced in /nix-cache-info.
	Priority int
	// Compression is "none" (the default) or "zstd": which NAR URL
	// narinfos name.
	Compression string
	// UploadDir stages uploaded NARs until their narinfo comes; New
	// empties it.
	UploadDir string
	// LogDir holds build logs, served at /log/<drv> by file name.
	LogDir string
	// Peers finds paths the shard lacks on other nodes; nil means none
	// are looked for.
	Peers PeerLookup
	// Upstream substitutes a path neither the shard nor a peer has from
	// upstream caches into Store; nil means none are asked.
	Upstream Upstream
	// Logger receives structured events; nil discards.
	Logger *slog.Logger
	// Metrics registers the cache's Prometheus metrics; nil means they
	// are counted but not exported.
	Metrics prometheus.Registerer
}

// PeerLookup finds store paths on other nodes. Implementations must be
// safe for concurrent use.
type PeerLookup interface {
	// Connected reports whether any peer is connected; without one no
	// path is looked up.
	Connected() bool
	// Provided reports whether a peer provides the store path whose hash
	// is h. It returns by the time ctx ends.
	Provided(ctx context.Context, h [store.StorePathHashSize]byte) bool
}

// Upstream substitutes store paths from upstream binary caches (the
// node's *upstream.Substituter). Implementations must be safe for
// concurrent use.
type Upstream interface {
	// Stream substitutes the path h: its registered PathInfo, or, as
	// soon as its narinfo is checked and while its NAR downloads, a
	// stream of that NAR; store.ErrNotFound when no cache has it.
	Stream(ctx context.Context, h [store.StorePathHashSize]byte) (*storev1.PathInfo, *upstream.Stream, error)
	// InFlight returns the stream of h's download in progress, or nil.
	InFlight(h [store.StorePathHashSize]byte) *upstream.Stream
}

// Cache is the node's Nix binary cache. Safe for concurrent use.
type Cache struct {
	store   *store.Store
	shard   *store.Store
	dir     nixpath.StoreDir
	key     nixsig.SecretKey
	keyName string
	trusted []nixsig.PublicKey
	cfg     Config
	log     *slog.Logger
	metrics *metrics
	sigs    sigCache
	staged  stagedNARs
}

// New returns the cache described by cfg. It drops the NARs an earlier
// run left in cfg.UploadDir, so the caller must own that directory.
func New(cfg Config) (*Cache, error) {
	if cfg.Store == nil || cfg.StoreDir == "" || cfg.UploadDir == "" {
		return nil, errors.New("binarycache: no store, store directory or upload directory")
	}
	if cfg.Shard == nil {
		cfg.Shard = cfg.Store
	}
	switch cfg.Compression {
	case "":
		cfg.Compression = "none"
	case "none", "zstd":
	default:
		return nil, fmt.Errorf("binarycache: compression %q: want none or zstd", cfg.Compression)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	c := &Cache{
		store: cfg.Store, shard: cfg.Shard, dir: cfg.StoreDir, key: cfg.SigningKey,
		keyName: cfg.SigningKey.ToPublicKey().Name, trusted: cfg.TrustedKeys,
		cfg: cfg, log: cfg.Logger, metrics: newMetrics(),
	}
	if cfg.Metrics != nil {
		if err := c.metrics.register(cfg.Metrics); err != nil {
			return nil, fmt.Errorf("binarycache: metrics: %w", err)
		}
	}
	if err := c.resetUploads(); err != nil {
		return nil, err // it names the step ("uploads: ..."); the node adds "node: "
	}
	return c, nil
}

// Register adds the binary cache's routes to mux, as Nix's HTTP binary
// cache protocol expects:
//
//	GET /nix-cache-info                  StoreDir, WantMassQuery, Priority
//	GET /<hash>.narinfo                  the path's narinfo, signed by the node
//	GET /nar/<hash>-<narhash>.nar[.zst]  its NAR rendered from the store (Range on .nar)
//	GET /log/<drv>                       a build log from Config.LogDir
//	PUT /nar/<file>, /<hash>.narinfo     uploads by `nix copy --to http://...`
//
// NAR URLs name the store path's hash so that no NAR-hash index is needed;
// the NAR hash in them makes a URL stale when the path's content changes.
func (c *Cache) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /nix-cache-info", c.serveCacheInfo)
	mux.HandleFunc("PUT /nix-cache-info", c.putCacheInfo)
	mux.HandleFunc("GET /{file}", c.serveNARInfo)
	mux.HandleFunc("PUT /{file}", c.putNARInfo)
	mux.HandleFunc("GET /nar/{file}", c.serveNAR)
	mux.HandleFunc("PUT /nar/{file}", c.putNAR)
	mux.HandleFunc("GET /log/{drv}", c.serveLog)
}

// Hits counts the narinfo requests answered from the local shard, those
// answered from a peer, and the misses, since New.
func (c *Cache) Hits() (local, peer, miss uint64) {
	return c.metrics.narinfoCount(foundLocal), c.metrics.narinfoCount(foundPeer), c.metrics.narinfoCount(foundNone)
}

func (c *Cache) cacheInfo() string {
	return fmt.Sprintf("StoreDir: %s\nWantMassQuery: 1\nPriority: %d\n", c.dir, c.cfg.Priority)
}

func (c *Cache) serveCacheInfo(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/x-nix-cache-info")
	io.WriteString(w, c.cacheInfo())
}

// putCacheInfo accepts what Nix writes to a new cache if it names our
// store directory.
func (c *Cache) putCacheInfo(w http.ResponseWriter, r *http.Request) {
	b, err := io.ReadAll(io.LimitReader(r.Body, 4096))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "StoreDir: "); ok && v != string(c.dir) {
			http.Error(w, fmt.Sprintf("this cache serves %s, not %s", c.dir, v), http.StatusBadRequest)
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
	// fetched from an upstream cache
	foundUpstream = "upstream"
	foundNone     = "miss"
)

// lookup returns the PathInfo whose hash part is hashPart, and the
// stream of its NAR while it is still being substituted, or nil when the
// path is unknown (after writing the reply).
func (c *Cache) lookup(w http.ResponseWriter, r *http.Request, hashPart string) (*storev1.PathInfo, *upstream.Stream) {
	info, st, _, err := c.find(r.Context(), hashPart)
	switch {
	case err != nil:
		http.Error(w, err.Error(), http.StatusInternalServerError)
	case info == nil:
		http.NotFound(w, r)
	}
	return info, st
}

// find returns the PathInfo whose hash part is hashPart and where it was
// found, or nil when the path is unknown. A path only peers have is
// looked up in the DHT (bounded by missLookupTimeout) and, when someone
// provides it, fetched through the p2p store into the local shard,
// verified, before it is served; one nobody provides is substituted from
// upstream (Config.Upstream): then, while its NAR downloads, the info is
// the upstream narinfo's and st streams the NAR.
func (c *Cache) find(ctx context.Context, hashPart string) (info *storev1.PathInfo, st *upstream.Stream, found string, err error) {
	h, err := nixpath.ParseHashPart(hashPart)
	if err != nil {
		return nil, nil, foundNone, nil
	}
	found = foundLocal
	if x := c.cfg.ShardIndex; x != nil && !x.MayHold(h) {
		err = store.ErrNotFound
	} else {
		info, err = c.shard.PathInfos.Get(ctx, h)
	}
	if errors.Is(err, store.ErrNotFound) && c.cfg.Upstream != nil {
		if st = c.cfg.Upstream.InFlight(h); st != nil {
			return st.Info(), st, foundUpstream, nil
		}
	}
	if errors.Is(err, store.ErrNotFound) && c.cfg.Peers != nil && c.providedByPeer(ctx, h) {
		found = foundPeer
		info, err = c.store.PathInfos.Get(ctx, h)
	} else if errors.Is(err, store.ErrNotFound) && c.cfg.Upstream != nil {
		found = foundUpstream
		if info, st, err = c.cfg.Upstream.Stream(ctx, h); st != nil {
			info = st.Info()
		}
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, foundNone, nil
	}
	if err != nil {
		c.log.Warn("path info lookup", "hash", hashPart, "err", err)
		return nil, nil, foundNone, err
	}
	if found == foundPeer {
		c.log.Info("fetched from a peer for the binary cache", "path", string(store.NodeName(info.GetNode())))
	}
	return info, st, found, nil
}

// providedByPeer asks Config.Peers (the DHT, in the node), for at most
// missLookupTimeout, whether a peer provides store path h. Without connected peers nobody does.
func (c *Cache) providedByPeer(ctx context.Context, h [store.StorePathHashSize]byte) bool {
	if !c.cfg.Peers.Connected() {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, missLookupTimeout)
	defer cancel()
	start := time.Now()
	found := c.cfg.Peers.Provided(ctx, h)
	c.metrics.dhtLookup(found, time.Since(start))
	return found
}

// narURL is where the node serves info's NAR.
func narURL(info *storev1.PathInfo, hashPart, ext string) string {
	return "nar/" + hashPart + "-" + nixbase32.EncodeToString(info.GetNarinfo().GetNarSha256()) + ".nar" + ext
}

func (c *Cache) serveNARInfo(w http.ResponseWriter, r *http.Request) {
	hashPart, ok := strings.CutSuffix(r.PathValue("file"), ".narinfo")
	if !ok {
		http.NotFound(w, r)
		return
	}
	text, code := c.NARInfo(r.Context(), hashPart)
	switch code {
	case http.StatusOK:
		w.Header()["Content-Type"] = narinfoContentType
		io.WriteString(w, text)
	case http.StatusNotFound:
		http.NotFound(w, r)
	default:
		http.Error(w, text, code)
	}
}

// NARInfo answers GET /<hashPart>.narinfo: the narinfo text and 200, or
// 404, or an error message and 500. It counts the request in the cache's
// metrics. Safe for concurrent use.
func (c *Cache) NARInfo(ctx context.Context, hashPart string) (string, int) {
	now := time.Now()
	if text, ok := c.sigs.recentText(hashPart, now); ok {
		c.metrics.narinfo(foundLocal)
		return text, http.StatusOK
	}
	info, _, found, err := c.find(ctx, hashPart)
	c.metrics.narinfo(found)
	switch {
	case err != nil:
		return err.Error(), http.StatusInternalServerError
	case info == nil:
		return "", http.StatusNotFound
	}
	text, err := c.narinfoText(hashPart, info)
	if err != nil {
		return err.Error(), http.StatusInternalServerError
	}
	c.sigs.putRecent(hashPart, text, now)
	return text, http.StatusOK
}

var narinfoContentType = []string{"text/x-nix-narinfo"}

// narinfoText renders info's narinfo, signed by the node, or returns the
// text rendered for the same path, NAR and signatures before.
func (c *Cache) narinfoText(hashPart string, info *storev1.PathInfo) (string, error) {
	key := narinfoTextKey(hashPart, info)
	if text, ok := c.sigs.text(key); ok {
		return text, nil
	}
	if !c.signedByNode(info) {
		var err error
		if info, err = c.sigs.withNodeSignature(c.dir, c.key, info); err != nil {
			return "", err
		}
	}
	f := narinfo.Uncompressed(info)
	f.URL = narURL(info, hashPart, "")
	if c.cfg.Compression == "zstd" {
		f = narinfo.NARFile{URL: narURL(info, hashPart, ".zst"), Compression: "zstd"}
	}
	text, err := narinfo.Render(c.dir, info, f)
	if err == nil {
		c.sigs.putText(key, text)
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
func (c *Cache) signedByNode(info *storev1.PathInfo) bool {
	for _, s := range info.GetNarinfo().GetSignatures() {
		if s.GetName() == c.keyName {
			return true
		}
	}
	return false
}

func (c *Cache) serveNAR(w http.ResponseWriter, r *http.Request) {
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
	info, st := c.lookup(w, r, hashPart)
	if info == nil {
		return
	}
	if nixbase32.EncodeToString(info.GetNarinfo().GetNarSha256()) != narHash {
		http.NotFound(w, r)
		return
	}
	whole := r.Header.Get("Range") == ""
	if st != nil {
		if rc := st.NewReader(r.Context()); rc != nil && (zst || whole) {
			src := &streamedNAR{ctx: r.Context(), c: c, st: st, r: rc}
			defer src.Close()
			c.serveNARFrom(w, r, hashPart, info, zst, func(dst io.Writer) error {
				_, err := io.CopyBuffer(writerOnly{dst}, src, make([]byte, streamBufSize))
				return err
			})
			return
		} else if rc != nil {
			rc.Close()
		}
		// A Range of a NAR still downloading, or a download just over:
		// served from the store once there.
		var err error
		if info, err = st.Wait(r.Context()); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
	}
	if !zst && !whole {
		w.Header().Set("Content-Type", "application/x-nix-nar")
		rs := &narReadSeeker{ctx: r.Context(), st: c.store, node: info.GetNode(), size: int64(info.GetNarinfo().GetNarSize())}
		defer rs.Close()
		http.ServeContent(w, r, "", time.Time{}, rs)
		return
	}
	c.serveNARFrom(w, r, hashPart, info, zst, func(dst io.Writer) error {
		_, err := nar.Write(r.Context(), dst, c.store.Blobs, c.store.Directories, info.GetNode())
		return err
	})
}

// streamBufSize is the buffer a NAR still downloading is copied with.
const streamBufSize = 1 << 20

// writerOnly hides ReaderFrom so io.CopyBuffer uses its buffer.
type writerOnly struct{ io.Writer }

// serveNARFrom answers a request for info's whole NAR (zstd-compressed if
// zst), written by write. Once the status is sent, breaking the
// connection is the only way left to report an error.
func (c *Cache) serveNARFrom(w http.ResponseWriter, r *http.Request, hashPart string, info *storev1.PathInfo, zst bool, write func(io.Writer) error) {
	if !zst {
		w.Header().Set("Content-Type", "application/x-nix-nar")
		w.Header().Set("Accept-Ranges", "bytes")
		w.Header().Set("Content-Length", strconv.FormatUint(info.GetNarinfo().GetNarSize(), 10))
		if r.Method == http.MethodHead {
			return
		}
		if err := write(w); err != nil {
			c.log.Warn("serving NAR", "path", hashPart, "err", err)
			panic(http.ErrAbortHandler)
		}
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
	if err := write(zw); err != nil {
		c.log.Warn("serving NAR", "path", hashPart, "err", err)
		panic(http.ErrAbortHandler)
	}
	if err := zw.Close(); err != nil {
		panic(http.ErrAbortHandler)
	}
}

func (c *Cache) serveLog(w http.ResponseWriter, r *http.Request) {
	drv := r.PathValue("drv")
	name, ok := strings.CutSuffix(drv, ".drv")
	if _, err := nixpath.ParseBase(name); !ok || err != nil {
		http.NotFound(w, r)
		return
	}
	f, err := os.Open(filepath.Join(c.cfg.LogDir, drv))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	http.ServeContent(w, r, "", time.Time{}, f)
}
