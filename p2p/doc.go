// Package p2p joins tvix-nodes into one distributed content-addressed
// store: a libp2p host per node, discovery, a Kademlia DHT of provider
// records, the store's gRPC services between peers, and a store backend
// that fetches from peers what the local shard lacks.
//
// # Wiring
//
// A daemon opens its local store and calls
//
//	n, err := p2p.New(ctx, p2p.Config{DataDir: dir, ListenAddrs: ..., PSK: psk,
//		NoMDNS: noMDNS, Bootstrap: addrs, Replicas: r, TrustedKeys: keys, Log: os.Stderr}, local)
//	defer n.Close()
//	st := n.Store() // serve and use this instead of local
//
// New validates the config (zero fields get the defaults in config.go),
// loads or creates the host key in DataDir, listens, starts mDNS unless
// NoMDNS, the DHT, the store service for peers, the announcer, and
// announces everything already in the local store. n.Addrs() are the
// node's multiaddrs for --join; n.Connect adds a peer later.
//
// # Host and network
//
// TCP and QUIC (QUIC addresses are dropped under a PSK: libp2p's private
// networks cover TCP only), libp2p's default security (TLS 1.3 and Noise)
// and yamux, a connection manager, no relay or port mapping. With a PSK
// (the IPFS swarm.key format; NewPSK and PSK.Format write one) a peer
// without the key cannot complete a connection. Peers are found by mDNS
// on the LAN and by static bootstrap addresses.
//
// # DHT and keys
//
// Kademlia in server mode under the "/tvix" protocol prefix holds
// provider records only. Keys are CIDv1: blobs (codec raw) and root
// directories (a private-use codec) carry a blake3 multihash (0x1e) of
// their digest; a store path carries its 20-byte hash part as an
// identity multihash (0x00) with another private-use codec (see keys.go
// for why). A node announces a path, its root directory and every blob
// below it when it ingests the path (Store().PathInfos.Put, a fetch, a
// replica pushed to it) and at start. Announcements wait until the
// routing table has a peer, are repeated every ReprovideInterval, and
// records expire after three intervals, so Withdraw (for content deleted
// locally) takes effect in the DHT within that time.
//
// # Fetching
//
// A read of Store() that misses locally looks up providers (fetching
// starts with the first one found while the lookup goes on). For a path:
// its PathInfo from a provider, accepted only when a TrustedKeys key, or
// in a private network the PSK's cluster key (PSK.ClusterKey, which every
// holder of the PSK signs with), signed it; then the directory closure (verified digests, validity and
// completeness) and every blob the local shard lacks. A blob's chunk list
// comes from one provider; only chunks the local shard lacks are read,
// in batches of about FetchBatchBytes over ChunkProtocol (one libp2p
// stream per batch, the chunks back to back: no per-chunk call), up to
// FetchParallel batches at once, rotating over the providers; files small
// enough to be one chunk go in batches of many files. Each chunk is
// checked against its digest and listed size; the blob is assembled in
// order into the local store, which must arrive at the blob's digest
// (else the list was a lie and the next provider's is used). A request
// that fails or exceeds ProviderTimeout moves to the next provider, and a
// failed provider is asked last from then on; a provider caught sending
// data that fails verification (or an untrusted PathInfo) is dropped for
// the fetch, counted with the bytes refused (PeerPenalty) and asked last
// by every fetch for a while (30s, doubling with each offence up to
// 16m); so is, at every third, a provider the DHT listed for a path it
// then lacks (a false provider record). FindHolder finds a provider that
// really holds a path, for the farm's lookups. What was fetched is stored
// in the local shard and announced.
//
// A test build with the build tag faults misbehaves where it serves
// peers, as package internal/faults describes (faults.go).
//
// # Serving and replication
//
// Each node serves its local shard over libp2p streams of StoreProtocol
// (gRPC on go-libp2p's gostream) and its chunks over ChunkProtocol; the
// caller's peer ID is authenticated by libp2p and checked against
// Config.AllowPeer on both. A PathInfo pushed by a
// peer is stored only when signed by a trusted key, and then announced.
// A new PathInfo put through Store() is replicated in the background to
// the Replicas-1 peers closest to its key (Replicate): each is asked to
// pull the path from this node (sharing one fetch with its own of the
// path), or else is sent directories, blobs it lacks, then the PathInfo.
// Concurrent fetches of one path on a node share one.
//
// # Capacity and eviction
//
// With a Capacity and a Shard (the local store's Maintenance), the node
// checks its shard's size every EvictInterval. Above the capacity it
// evicts, least recently used first (uses through Store() and by peers
// are tracked in memory and saved with each check), the paths that are
// not pinned, not being fetched or pushed, not used within EvictMinAge,
// and that at least Replicas other peers both list in the DHT and answer
// for; then it collects the content no remaining path needs and
// withdraws what it no longer holds, until the shard is at 90% of the
// capacity or nothing more may go.
package p2p
