// Package node is the tvix-node daemon: it opens the store and serves it
// on one TCP address (--api-listen) and on a unix socket in its data
// directory, gRPC (BlobService, DirectoryService, PathInfoService) and
// HTTP (the Nix binary cache) on the same port, told apart by the first
// bytes of each connection. The store it serves is the p2p store (package
// p2p) over its local shard: misses are fetched from peers, what is added
// through the API is signed with the node's key, announced and replicated.
// Peers are found by mDNS, or by --join: the node reads nodeclient.P2PInfoPath from
// another node's API and connects to the libp2p addresses it names.
//
// The build farm (node/farm) drives the node/coordinator and node/worker
// state machines: gossip (node/gossip, --gossip-listen) carries offers,
// claims, leases, heartbeats and build announcements between nodes;
// lookups go to the local shard then the DHT; builds run here in
// --max-builds OCI sandbox slots, for this node's requests and for peers'.
// NodeService (proto tvix.node.v1) takes build requests and answers tvix
// cluster status. This package only wires the farm to the store, p2p and
// the builder (farm_node.go).
package node

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/node/binarycache"
	"github.com/p2pnix/tvix/node/farm"
	"github.com/p2pnix/tvix/node/nodeclient"
	"github.com/p2pnix/tvix/node/status"
	"github.com/p2pnix/tvix/p2p"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/grpcstore"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/p2pnix/tvix/store/storeurl"
	"github.com/p2pnix/tvix/store/tieredstore"
	"github.com/p2pnix/tvix/store/upstream"
	"google.golang.org/grpc"
)

// DefaultAPIListen is the default gRPC and HTTP address.
const DefaultAPIListen = "127.0.0.1:7400"

// DefaultCachePriority is the Priority the binary cache announces (the
// same as cache.nixos.org's 40 would put it after; lower wins).
const DefaultCachePriority = 30

// shutdownGrace bounds how long Run waits for calls in flight on shutdown.
const shutdownGrace = 10 * time.Second

// Config is what a node needs to start. Zero fields get defaults.
type Config struct {
	// DataDir holds the node's state; it is created if missing.
	DataDir string
	// APIListen is the TCP address of the gRPC and HTTP API.
	APIListen string
	// StoreURL names the store to serve; empty means the local store in
	// DataDir.
	StoreURL string
	// DurableStore, when set, names a store shared by nodes (an S3
	// bucket) behind StoreURL's, which becomes its read-through cache;
	// paths reach it before the node serves them (see tieredstore).
	DurableStore string
	// StoreDir is the Nix store directory (default /nix/store).
	StoreDir string
	// SigningKeyFile is the node's Nix secret key; empty means
	// <DataDir>/secret-key, generated on first start.
	SigningKeyFile string
	// TrustedKeys are Nix public keys ("name:base64") whose signatures
	// make an uploaded path acceptable (the node's own key is trusted too).
	TrustedKeys []string
	// CachePriority is announced in /nix-cache-info.
	CachePriority int
	// CacheCompression is "none" or "zstd": which NAR URL narinfos name.
	CacheCompression string
	// P2PListen are the libp2p listen multiaddrs (--p2p-listen); empty
	// means the TCP port after the API's (a free port when that is 0).
	P2PListen []string
	// PSKFile is the private network's swarm.key (--psk-file); empty
	// means no private network.
	PSKFile string
	// NoMDNS turns LAN discovery off (--no-mdns).
	NoMDNS bool
	// Join are API addresses (host:port) of running nodes whose libp2p
	// addresses the node fetches (nodeclient.P2PInfoPath) and connects to.
	Join []string
	// Replicas is how many nodes should hold each new output (--replicas);
	// 0 means p2p.DefaultReplicas.
	Replicas int
	// StoreCapacity, when not 0, is the most bytes the local shard should
	// hold (--store-capacity); above it the p2p node evicts (p2p.Config.Capacity).
	StoreCapacity uint64
	// NoClusterTrust makes TrustedKeys (and the node's own key) the only
	// keys trusted for PathInfos from peers (--no-cluster-trust), and the
	// node signs with its own key even with a PSK. Otherwise, with a PSK,
	// the node signs with the PSK's cluster key instead of SigningKeyFile's
	// and trusts it and TrustedKeys.
	NoClusterTrust bool
	// GossipListen is the build farm's gossip address (--gossip-listen);
	// empty means the port two after the API's (a free one when that is 0).
	GossipListen string
	// Substituters are upstream binary caches (http, https, file URLs;
	// --substituters) asked, in order, for a path the cluster lacks;
	// none by default.
	Substituters []string
	// TrustedPublicKeys are the keys ("name:base64"; --trusted-public-keys)
	// whose signatures make a path from Substituters acceptable.
	TrustedPublicKeys []string
	// MaxBuilds is how many builds run here at once (--max-builds); 0
	// means one per CPU, negative none.
	MaxBuilds int
	// CheckReproducible is the share (0 to 1) of the farm builds this
	// node coordinates that a second peer builds again to compare
	// (--check-reproducible).
	CheckReproducible float64
	// Log receives the readiness line (nodeclient.ServingPrefix...); nil
	// discards.
	Log io.Writer
	// Logger receives structured events; nil discards.
	Logger *slog.Logger
}

// Node is a started node: its store is open and its listeners bound.
type Node struct {
	cfg   Config
	log   *slog.Logger
	store *store.Store // the p2p store over local
	local *store.Store // this node's shard
	// With --durable-store: the local store, a cache in front of the
	// durable tier.
	localTier, durable *store.Store
	p2p                *p2p.Node
	joined             map[peer.ID]bool // peers learned through --join
	dir                nixpath.StoreDir
	psk                *p2p.PSK // the private network's key; nil without --psk-file
	key                nixsig.SecretKey
	trusted            []nixsig.PublicKey
	server             *grpc.Server
	http               *http.Server
	tcp                *splitListener
	unix               *splitListener
	// nixDaemon is the Nix daemon protocol's socket (nix_daemon.go).
	nixDaemon net.Listener
	cache     *binarycache.Cache
	// shardIndex holds the paths the local store may hold, when this
	// process alone writes it (ownsStore); nil otherwise.
	shardIndex *binarycache.PathIndex
	status     *status.Server

	upstream *upstream.Substituter // the --substituters; never nil

	farm    *farm.Farm      // the build farm (node/farm)
	sandbox builder.Builder // the OCI builder; nil when this node does not build
}

// New opens the store, loads (or creates) the signing key and binds the
// listeners; Run serves. On error nothing is left open.
func New(ctx context.Context, cfg Config) (*Node, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("node: no data directory")
	}
	if cfg.APIListen == "" {
		cfg.APIListen = DefaultAPIListen
	}
	if cfg.StoreURL == "" {
		cfg.StoreURL = "local:" + tvixhome.Dir(cfg.DataDir).Store()
	}
	if cfg.StoreDir == "" {
		cfg.StoreDir = string(nixpath.DefaultStoreDir)
	}
	if cfg.SigningKeyFile == "" {
		cfg.SigningKeyFile = tvixhome.Dir(cfg.DataDir).SecretKey()
	}
	if cfg.CachePriority == 0 {
		cfg.CachePriority = DefaultCachePriority
	}
	switch cfg.CacheCompression {
	case "":
		cfg.CacheCompression = "none"
	case "none", "zstd":
	default:
		return nil, fmt.Errorf("node: --cache-compression %q: want none or zstd", cfg.CacheCompression)
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	n := &Node{cfg: cfg, log: cfg.Logger, dir: nixpath.StoreDir(cfg.StoreDir)}
	if err := n.dir.Validate(); err != nil {
		return nil, fmt.Errorf("node: --store-dir: %w", err)
	}
	for _, k := range cfg.TrustedKeys {
		pk, err := nixsig.ParsePublicKey(k)
		if err != nil {
			return nil, fmt.Errorf("node: --trusted-keys %q: %w", k, err)
		}
		n.trusted = append(n.trusted, pk)
	}
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return nil, fmt.Errorf("node: data directory: %w", err)
	}
	if cfg.PSKFile != "" {
		k, err := p2p.ReadPSKFile(cfg.PSKFile)
		if err != nil {
			return nil, fmt.Errorf("node: --psk-file: %w", err)
		}
		n.psk = &k
	}
	var err error
	if n.key, err = loadOrCreateKey(tvixhome.Dir(cfg.DataDir), cfg.SigningKeyFile); err != nil {
		return nil, fmt.Errorf("node: %w", err)
	}
	// In a private network every member signs with the cluster key, and
	// trusts it (see p2p.PSK.ClusterKey), not its own.
	clusterKey := n.psk != nil && !cfg.NoClusterTrust
	if clusterKey {
		n.key = n.psk.ClusterKey()
	}
	n.trusted = append(n.trusted, n.key.ToPublicKey())
	if err := n.bind(ctx); err != nil {
		n.closeAll()
		return nil, err
	}
	if clusterKey {
		// Before peers can read it: what was signed by this node's own
		// key, or by the cluster key of an earlier PSK, gets the current
		// cluster key's signature.
		done, err := resignLocal(ctx, n.store.PathInfos, n.dir, n.key)
		if done > 0 {
			n.log.Info("signed the local store with the cluster key", "paths", done, "key", n.PublicKey())
		}
		if err != nil {
			n.log.Warn("cluster key", "err", err)
			fmt.Fprintf(cfg.Log, "tvix-node: %v\n", err)
		}
	}
	if err := n.startP2P(ctx); err != nil {
		n.closeAll()
		return nil, err
	}
	// Only now, with the store's lock and the socket held, is the data
	// directory this node's alone.
	if err := n.newHTTPParts(); err != nil {
		n.closeAll()
		return nil, fmt.Errorf("node: %w", err)
	}
	if err := n.startFarm(); err != nil {
		n.closeAll()
		return nil, err
	}
	n.server = grpc.NewServer(grpcstore.ServerOptions()...)
	grpcstore.Register(n.server, n.store, n.calculateNAR)
	n.registerFarm()
	n.http = &http.Server{Handler: n.withP2PRoutes(n.httpHandler()), ReadHeaderTimeout: 30 * time.Second, ErrorLog: slog.NewLogLogger(n.log.Handler(), slog.LevelDebug)}
	n.http.RegisterOnShutdown(n.status.Shutdown)
	fp := &fastPath{narinfo: n.cache.NARInfo, observe: n.status.Observe}
	n.tcp.serveNARInfos(fp)
	n.unix.serveNARInfos(fp)
	return n, nil
}

// bind opens the store and the listeners.
func (n *Node) bind(ctx context.Context) error {
	var err error
	if n.store, err = storeurl.Open(ctx, n.cfg.StoreURL); err != nil {
		return fmt.Errorf("node: %w", err)
	}
	if ownsStore(n.cfg) {
		// Before anything can write: every put is to go through it.
		n.store.PathInfos, n.shardIndex = binarycache.NewIndexedPathInfos(n.store.PathInfos)
	}
	if n.cfg.DurableStore != "" {
		durable, err := storeurl.Open(ctx, n.cfg.DurableStore)
		if err != nil {
			return fmt.Errorf("node: --durable-store: %w", err)
		}
		n.localTier, n.durable = n.store, durable
		n.store = tieredstore.New(n.store, durable)
	}
	tcp, err := net.Listen("tcp", n.cfg.APIListen)
	if err != nil {
		return fmt.Errorf("node: --api-listen: %w", err)
	}
	n.tcp = newSplitListener(tcp)
	sock := tvixhome.Dir(n.cfg.DataDir).NodeSocket()
	removeStaleSocket(sock)
	unix, err := net.Listen("unix", sock)
	if err != nil {
		return fmt.Errorf("node: unix socket: %w", err)
	}
	n.unix = newSplitListener(unix)
	return n.listenNixDaemon()
}

// calculateNAR renders a node of this node's store as a NAR.
func (n *Node) calculateNAR(ctx context.Context, node *castorev1.Node) (uint64, [32]byte, error) {
	return nar.Calculate(ctx, n.store.Blobs, n.store.Directories, node)
}

// removeStaleSocket removes a socket file nobody listens on any more.
// ownsStore reports whether cfg's store is written by this process alone:
// an embedded store (local: holds its lock while open) with no durable
// tier that other nodes write.
func ownsStore(cfg Config) bool {
	return cfg.DurableStore == "" && (strings.HasPrefix(cfg.StoreURL, "local:") || cfg.StoreURL == "memory:")
}

func removeStaleSocket(path string) {
	if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
		c.Close() // in use: Listen reports it
		return
	}
	os.Remove(path)
}

// APIAddr is the bound TCP address (useful with port 0).
func (n *Node) APIAddr() net.Addr { return n.tcp.inner.Addr() }

// SocketPath is the unix socket the node serves on.
func (n *Node) SocketPath() string { return n.unix.inner.Addr().String() }

// PublicKey is the node's signing key's public half ("name:base64").
func (n *Node) PublicKey() string { return n.key.ToPublicKey().String() }

// Run serves until ctx is done, then stops gracefully (calls in flight get
// shutdownGrace) and closes the store.
func (n *Node) Run(ctx context.Context) error {
	errc := make(chan error, 5)
	daemonCtx, stopDaemon := context.WithCancel(ctx)
	defer stopDaemon()
	indexed := make(chan struct{})
	go func() {
		defer close(indexed)
		if n.shardIndex == nil {
			return
		}
		shard := n.local
		if shard == nil {
			shard = n.store
		}
		if err := n.shardIndex.Load(daemonCtx, shard.PathInfos); err != nil && daemonCtx.Err() == nil {
			n.log.Warn("binary cache path index", "err", err)
		}
	}()
	daemonDone := make(chan struct{})
	go func() {
		defer close(daemonDone)
		if err := n.serveNixDaemon(daemonCtx); err != nil {
			errc <- err
		}
	}()
	for _, l := range []*splitListener{n.tcp, n.unix} {
		go func(l *splitListener) { errc <- n.server.Serve(l.grpc) }(l)
		go func(l *splitListener) {
			if err := n.http.Serve(l.http); !errors.Is(err, http.ErrServerClosed) {
				errc <- err
			}
		}(l)
	}
	n.log.Info("serving", "api", n.APIAddr().String(), "socket", n.SocketPath(), "nix-daemon", n.NixDaemonSocketPath(), "store", n.cfg.StoreURL, "public-key", n.PublicKey())
	n.log.Info("p2p", "id", n.P2PID(), "addrs", n.P2PAddrs())
	fmt.Fprintf(n.cfg.Log, "%s%s and unix:%s (store %s, p2p %s)\n", nodeclient.ServingPrefix, n.APIAddr(), n.SocketPath(), n.cfg.StoreURL, n.P2PID())
	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
		err = fmt.Errorf("node: serve: %w", err)
	}
	n.log.Info("shutting down")
	n.tcp.Close()
	n.unix.Close()
	stopDaemon() // its sessions end with it; their builds use the API
	<-daemonDone
	<-indexed
	stopped := make(chan struct{})
	go func() {
		n.server.GracefulStop()
		sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		n.http.Shutdown(sctx)
		close(stopped)
	}()
	select {
	case <-stopped:
	case <-time.After(shutdownGrace):
		n.server.Stop()
		n.http.Close()
	}
	if cerr := n.closeAll(); err == nil {
		err = cerr
	}
	fmt.Fprintln(n.cfg.Log, "tvix-node: stopped")
	return err
}

func (n *Node) closeAll() error {
	var err error
	if n.server != nil {
		n.server.Stop()
	}
	if n.http != nil {
		n.http.Close()
	}
	for _, l := range []*splitListener{n.tcp, n.unix} {
		if l != nil {
			l.Close()
		}
	}
	if n.unix != nil {
		os.Remove(n.SocketPath())
	}
	if n.nixDaemon != nil {
		n.nixDaemon.Close()
		os.Remove(n.NixDaemonSocketPath())
		n.nixDaemon = nil
	}
	if n.farm != nil {
		n.farm.Close()
		n.farm = nil
	}
	if n.sandbox != nil { // after the farm, which cancels the builds using it
		closeSandbox(n.sandbox)
		n.sandbox = nil
	}
	if n.p2p != nil {
		err = n.p2p.Close()
		n.p2p = nil
	}
	if n.local != nil {
		n.store, n.local = n.local, nil
	}
	if n.store != nil {
		if cerr := n.store.Close(); err == nil {
			err = cerr
		}
		n.store = nil
	}
	return err
}
