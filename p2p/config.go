package p2p

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
)

// Defaults used for zero Config fields.
const (
	// DefaultPort is the TCP and UDP (QUIC) port of the default listen
	// addresses.
	DefaultPort = 7401
	// DefaultReplicas is how many nodes should hold each new output.
	DefaultReplicas = 2
	// DefaultReprovideInterval is how often every provider record is
	// announced again. Records expire after recordValidityFactor times it.
	DefaultReprovideInterval = time.Hour
	// DefaultProviderTimeout bounds one request to one provider before the
	// fetch moves to the next.
	DefaultProviderTimeout = 15 * time.Second
	// DefaultFetchParallel is how many batches of chunks a blob's fetch
	// has in flight.
	DefaultFetchParallel = 8
	// DefaultFetchBatchBytes is about how many chunk bytes one request
	// (a ChunkProtocol stream) asks for.
	DefaultFetchBatchBytes = 4 << 20
	// DefaultMDNSService is the DNS-SD service name nodes announce.
	DefaultMDNSService = "_tvix-p2p._udp"
	// ProtocolPrefix prefixes the DHT's protocol IDs, keeping the cluster's
	// DHT apart from the public IPFS one.
	ProtocolPrefix = "/tvix"
	// StoreProtocol is the libp2p protocol carrying the store's gRPC
	// services between peers.
	StoreProtocol = "/tvix/store-grpc/1.0.0"
	// KeyProtocol is the libp2p protocol on which a node tells its Nix
	// signing public key ("name:base64", one line).
	KeyProtocol = "/tvix/signing-key/1.0.0"
)

// recordValidityFactor: provider records live this many reprovide
// intervals, so a thing no longer provided disappears from the DHT after
// at most that long, while one missed announcement loses nothing.
const recordValidityFactor = 3

// DefaultListenAddrs are the listen addresses used when Config.ListenAddrs
// is empty: TCP and QUIC on DefaultPort on every IPv4 interface (QUIC is
// dropped under a PSK).
var DefaultListenAddrs = []string{
	fmt.Sprintf("/ip4/0.0.0.0/tcp/%d", DefaultPort),
	fmt.Sprintf("/ip4/0.0.0.0/udp/%d/quic-v1", DefaultPort),
}

// Config is everything a Node needs. The zero value of every field but
// DataDir (or Identity) has a documented default; New validates it.
type Config struct {
	// DataDir holds the host key (IdentityFileName), created on first use.
	DataDir string
	// Identity, when set, is used instead of the key in DataDir.
	Identity crypto.PrivKey
	// ListenAddrs are libp2p multiaddrs (--p2p-listen); default
	// DefaultListenAddrs.
	ListenAddrs []string
	// PSK, when set, makes the node part of a private network: only peers
	// with the same key can connect. QUIC addresses are dropped (libp2p's
	// pnet covers TCP only).
	PSK *PSK
	// NoMDNS turns LAN discovery off (--no-mdns).
	NoMDNS bool
	// MDNSService is the DNS-SD service name; default DefaultMDNSService.
	MDNSService string
	// Bootstrap are multiaddrs of peers to connect to at start, each
	// ending in /p2p/<peer ID> (--join, once resolved to libp2p addresses).
	Bootstrap []string
	// Replicas is how many nodes should hold each new output, this one
	// included (--replicas); default DefaultReplicas. 1 disables pushing.
	Replicas int
	// ReprovideInterval is how often provider records are announced again;
	// default DefaultReprovideInterval.
	ReprovideInterval time.Duration
	// ProviderTimeout bounds one request to one provider; a slower
	// provider is abandoned for the next. Default DefaultProviderTimeout.
	ProviderTimeout time.Duration
	// FetchParallel is how many batches of chunks a blob's fetch has in
	// flight; default DefaultFetchParallel.
	FetchParallel int
	// FetchBatchBytes is about how many chunk bytes one request asks for
	// (whole chunks, at least one); default DefaultFetchBatchBytes.
	FetchBatchBytes int
	// TrustedKeys sign the PathInfos accepted from peers. A PathInfo from a
	// peer that no trusted key signed is rejected; with no keys, every
	// PathInfo from a peer is rejected.
	TrustedKeys []nixsig.PublicKey
	// SigningKey is the public half of the key this node signs its
	// outputs with; peers in the same private network ask for it (shown
	// in tvix cluster peers).
	SigningKey *nixsig.PublicKey
	// NoClusterTrust makes TrustedKeys the only trusted keys
	// (--no-cluster-trust). Otherwise, in a private network (PSK set), the
	// PSK's cluster key (PSK.ClusterKey) is trusted as well: every holder
	// of the PSK may sign for the cluster, as it may join it. Without a
	// PSK only TrustedKeys count.
	NoClusterTrust bool
	// StoreDir is the store directory signatures refer to; default
	// nixpath.DefaultStoreDir.
	StoreDir nixpath.StoreDir
	// ConnLow and ConnHigh are the connection manager's watermarks;
	// defaults 100 and 400.
	ConnLow, ConnHigh int
	// AllowPeer, when set, must return true for a peer to use this node's
	// store services. PSK membership is checked before this by libp2p.
	AllowPeer func(peer.ID) bool
	// Capacity, when not 0, is the most bytes the local shard should hold
	// (--store-capacity); above it, least recently used paths that enough
	// other peers hold are evicted (see Node.Evict). Needs Shard.
	Capacity uint64
	// Shard gives eviction access to the local store (for the embedded
	// local store, its Store.Maintenance); nil disables eviction.
	Shard Shard
	// ShardPaths lists the shard's paths, when the store given to New is
	// more than the shard (a cache in front of Durable); default that
	// store's PathInfos.
	ShardPaths store.PathInfoService
	// Durable, when set, is the durable tier behind the shard: a path it
	// holds is evicted without replicas on other peers.
	Durable store.PathInfoService
	// EvictInterval is how often the shard's size is checked; default
	// DefaultEvictInterval.
	EvictInterval time.Duration
	// EvictMinAge: paths used more recently are never evicted; default
	// DefaultEvictMinAge.
	EvictMinAge time.Duration
	// Log receives one line per notable event (rejected data, failed
	// providers); nil discards.
	Log io.Writer
}

// config is a validated Config with parsed addresses.
type config struct {
	Config
	listen    []ma.Multiaddr
	bootstrap []peer.AddrInfo
}

// validate fills defaults and parses addresses.
func (c Config) validate() (*config, error) {
	if c.Identity == nil && c.DataDir == "" {
		return nil, errors.New("p2p: config: no DataDir and no Identity")
	}
	if c.Replicas == 0 {
		c.Replicas = DefaultReplicas
	}
	if c.Replicas < 1 {
		return nil, fmt.Errorf("p2p: config: replicas %d: want at least 1", c.Replicas)
	}
	if c.ReprovideInterval == 0 {
		c.ReprovideInterval = DefaultReprovideInterval
	}
	if c.ProviderTimeout == 0 {
		c.ProviderTimeout = DefaultProviderTimeout
	}
	if c.FetchParallel == 0 {
		c.FetchParallel = DefaultFetchParallel
	}
	if c.Capacity > 0 && c.Shard == nil {
		return nil, errors.New("p2p: config: a store capacity needs a store that can delete paths (the local store)")
	}
	if c.EvictInterval == 0 {
		c.EvictInterval = DefaultEvictInterval
	}
	if c.EvictMinAge == 0 {
		c.EvictMinAge = DefaultEvictMinAge
	}
	if c.FetchBatchBytes == 0 {
		c.FetchBatchBytes = DefaultFetchBatchBytes
	}
	if c.ReprovideInterval < 0 || c.ProviderTimeout < 0 || c.FetchParallel < 0 || c.FetchBatchBytes < 0 || c.EvictInterval < 0 || c.EvictMinAge < 0 {
		return nil, errors.New("p2p: config: negative interval, timeout or parallelism")
	}
	if c.MDNSService == "" {
		c.MDNSService = DefaultMDNSService
	}
	if c.StoreDir == "" {
		c.StoreDir = nixpath.DefaultStoreDir
	}
	if c.ConnLow == 0 {
		c.ConnLow = 100
	}
	if c.ConnHigh == 0 {
		c.ConnHigh = 400
	}
	if c.ConnLow > c.ConnHigh {
		return nil, fmt.Errorf("p2p: config: connection low watermark %d above high %d", c.ConnLow, c.ConnHigh)
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
	if len(c.ListenAddrs) == 0 {
		c.ListenAddrs = DefaultListenAddrs
	}
	out := &config{Config: c}
	for _, s := range c.ListenAddrs {
		a, err := ma.NewMultiaddr(s)
		if err != nil {
			return nil, fmt.Errorf("p2p: listen address %q: %w", s, err)
		}
		if c.PSK != nil && isQUIC(a) {
			fmt.Fprintf(c.Log, "p2p: private network: not listening on %s (QUIC cannot use a PSK)\n", a)
			continue
		}
		out.listen = append(out.listen, a)
	}
	if len(out.listen) == 0 {
		return nil, errors.New("p2p: config: no usable listen address (under a PSK only TCP works)")
	}
	for _, s := range c.Bootstrap {
		ai, err := peer.AddrInfoFromString(s)
		if err != nil {
			return nil, fmt.Errorf("p2p: bootstrap address %q: want a multiaddr ending in /p2p/<peer ID>: %w", s, err)
		}
		out.bootstrap = append(out.bootstrap, *ai)
	}
	return out, nil
}

// isQUIC reports whether a uses QUIC (or anything over UDP).
func isQUIC(a ma.Multiaddr) bool {
	for _, p := range a.Protocols() {
		if p.Code == ma.P_UDP || p.Code == ma.P_QUIC || p.Code == ma.P_QUIC_V1 {
			return true
		}
	}
	return false
}
