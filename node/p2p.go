package node

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/node/nodeclient"
	"github.com/p2pnix/tvix/p2p"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/p2pnix/tvix/store/upstream"
)

// joinTimeout bounds fetching one --join node's P2PInfo.
const joinTimeout = 10 * time.Second

// defaultP2PListen is the --p2p-listen default: with --api-listen on port
// 0 (tests), a free port on the API's host; otherwise the TCP port after
// the API's on every IPv4 interface.
func defaultP2PListen(api string) []string {
	host, port, err := net.SplitHostPort(api)
	if err != nil {
		return nil
	}
	p, err := strconv.Atoi(port)
	if err != nil {
		return nil
	}
	if p == 0 {
		if ip := net.ParseIP(host); ip != nil && ip.To4() != nil {
			return []string{"/ip4/" + host + "/tcp/0"}
		}
		return []string{"/ip4/127.0.0.1/tcp/0"}
	}
	return []string{fmt.Sprintf("/ip4/0.0.0.0/tcp/%d", p+1)}
}

// startP2P starts the libp2p node over the local store and makes n.store
// the p2p store (local shard extended by the cluster).
func (n *Node) startP2P(ctx context.Context) error {
	listen := n.cfg.P2PListen
	if len(listen) == 0 {
		listen = defaultP2PListen(n.cfg.APIListen)
	}
	n.joined = map[peer.ID]bool{}
	var bootstrap []string
	for _, j := range n.cfg.Join {
		addrs, err := n.resolveJoin(ctx, j)
		if err != nil {
			// Like an unreachable bootstrap peer: logged, not fatal.
			n.log.Warn("join", "node", j, "err", err)
			fmt.Fprintf(n.cfg.Log, "tvix-node: --join %s: %v\n", j, err)
			continue
		}
		bootstrap = append(bootstrap, addrs...)
	}
	var shard p2p.Shard
	var shardPaths, durable store.PathInfoService
	if n.durable != nil && n.localTier.Maintenance != nil {
		// The local store caches the durable tier: what it evicts stays
		// in the bucket and is read back through it.
		shard, shardPaths, durable = n.localTier.Maintenance, n.localTier.PathInfos, n.durable.PathInfos
	} else if m := n.store.Maintenance; m != nil {
		shard = m
	} else if n.cfg.StoreCapacity > 0 {
		return fmt.Errorf("node: --store-capacity: store %s cannot delete paths (only the local store can)", n.cfg.StoreURL)
	}
	pub := n.key.ToPublicKey()
	trusted := append([]nixsig.PublicKey(nil), n.trusted...)
	pn, err := p2p.New(ctx, p2p.Config{
		DataDir:        n.cfg.DataDir,
		ListenAddrs:    listen,
		PSK:            n.psk,
		NoMDNS:         n.cfg.NoMDNS,
		Bootstrap:      bootstrap,
		Replicas:       n.cfg.Replicas,
		SigningKey:     &pub,
		TrustedKeys:    trusted,
		NoClusterTrust: n.cfg.NoClusterTrust,
		StoreDir:       n.dir,
		Capacity:       n.cfg.StoreCapacity,
		Shard:          shard,
		ShardPaths:     shardPaths,
		Durable:        durable,
		Log:            n.cfg.Log,
	}, n.store)
	if err != nil {
		return fmt.Errorf("node: p2p: %w", err)
	}
	n.p2p = pn
	n.local = n.store
	st := pn.Store()
	st.PathInfos = newSigningPathInfos(st.PathInfos, n.dir, n.key)
	if n.upstream, err = n.newSubstituter(st); err != nil {
		return err
	}
	st.PathInfos = upstream.NewSubstitutingPathInfos(st.PathInfos, n.upstream)
	n.store = st
	return nil
}

// newSubstituter makes the --substituters' substituter, which puts what
// it fetches into target (the p2p store, signing): announced and signed
// as if built here.
func (n *Node) newSubstituter(target *store.Store) (*upstream.Substituter, error) {
	var keys []nixsig.PublicKey
	for _, k := range n.cfg.TrustedPublicKeys {
		pk, err := nixsig.ParsePublicKey(k)
		if err != nil {
			return nil, fmt.Errorf("node: --trusted-public-keys %q: %w", k, err)
		}
		keys = append(keys, pk)
	}
	if len(n.cfg.Substituters) > 0 && len(keys) == 0 {
		return nil, errors.New("node: --substituters needs --trusted-public-keys (a path nobody trusted signed is refused)")
	}
	s, err := upstream.New(upstream.Config{URLs: n.cfg.Substituters, TrustedKeys: keys, StoreDir: n.dir, Target: &store.Store{
		Blobs: target.Blobs, Directories: target.Directories, PathInfos: target.PathInfos,
	}, Owner: n.substitutionOwner, OwnerHeader: substituteDirectHeader, Logger: n.log})
	if err != nil {
		return nil, fmt.Errorf("node: %w", err)
	}
	return s, nil
}

// resolveJoin asks the node whose API is at addr (host:port) for its
// libp2p addresses.
func (n *Node) resolveJoin(ctx context.Context, addr string) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, joinTimeout)
	defer cancel()
	info, err := nodeclient.FetchP2PInfo(ctx, addr)
	if err != nil {
		return nil, err
	}
	id, err := peer.Decode(info.ID)
	if err != nil {
		return nil, fmt.Errorf("peer ID %q: %w", info.ID, err)
	}
	n.joined[id] = true
	return info.Addrs, nil
}

// P2PID is the node's libp2p peer ID.
func (n *Node) P2PID() string { return n.p2p.ID().String() }

// P2PAddrs are the node's libp2p addresses, each ending in /p2p/<ID>.
func (n *Node) P2PAddrs() []string { return n.p2p.Addrs() }

// peers lists the connected peers.
func (n *Node) peers() []nodeclient.PeerInfo {
	keys := n.p2p.PeerKeys()
	ps := n.p2p.Host().Peerstore()
	var out []nodeclient.PeerInfo
	now := time.Now()
	for _, id := range n.p2p.Peers() {
		pen := n.p2p.PeerPenalty(id)
		pi := nodeclient.PeerInfo{ID: id.String(), SigningKey: keys[id], Misbehaved: pen.Rejected, RejectedBytes: pen.RejectedBytes,
			FalseRecords: pen.FalseRecords, Blocked: pen.Blocked(now)}
		pi.LatencyMS = float64(ps.LatencyEWMA(id).Microseconds()) / 1000
		for _, c := range n.p2p.Host().Network().ConnsToPeer(id) {
			pi.Addrs = append(pi.Addrs, c.RemoteMultiaddr().String())
		}
		if len(pi.Addrs) == 0 {
			for _, a := range ps.Addrs(id) {
				pi.Addrs = append(pi.Addrs, a.String())
			}
		}
		if n.joined[id] {
			pi.Found = "join"
		}
		out = append(out, pi)
	}
	return out
}

func (n *Node) serveP2PInfo(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, nodeclient.P2PInfo{ID: n.P2PID(), Addrs: n.P2PAddrs()})
}

func (n *Node) servePeers(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, n.peers())
}

// withP2PRoutes serves the pin endpoints in front of h.
func (n *Node) withP2PRoutes(h http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+nodeclient.PinsPath, n.servePins)
	mux.HandleFunc("PUT "+nodeclient.PinsPath+"/{hash}", n.servePin)
	mux.HandleFunc("DELETE "+nodeclient.PinsPath+"/{hash}", n.serveUnpin)
	mux.Handle("/", h)
	return mux
}

// maintainer is the local shard's Maintenance, or an HTTP error.
func (n *Node) maintainer(w http.ResponseWriter) (store.Maintainer, bool) {
	m := n.local.Maintenance
	if m == nil {
		http.Error(w, "this node's store cannot pin (only the local store can)", http.StatusNotImplemented)
	}
	return m, m != nil
}

// pathHash reads the {hash} of a pin request, or answers 400.
func pathHash(w http.ResponseWriter, r *http.Request) ([store.StorePathHashSize]byte, bool) {
	var h [store.StorePathHashSize]byte
	s := r.PathValue("hash")
	b, err := nixbase32.DecodeString(s)
	if err != nil || len(b) != len(h) {
		http.Error(w, fmt.Sprintf("%q is not a store path hash part", s), http.StatusBadRequest)
		return h, false
	}
	copy(h[:], b)
	return h, true
}

func (n *Node) servePins(w http.ResponseWriter, r *http.Request) {
	m, ok := n.maintainer(w)
	if !ok {
		return
	}
	pins, err := m.Pins(r.Context())
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	out := []string{}
	for _, p := range pins {
		out = append(out, string(n.dir)+"/"+p.Name)
	}
	writeJSON(w, out)
}

func (n *Node) servePin(w http.ResponseWriter, r *http.Request) {
	m, ok := n.maintainer(w)
	if !ok {
		return
	}
	h, ok := pathHash(w, r)
	if !ok {
		return
	}
	// Through the p2p store: a path the shard lacks is fetched first.
	if _, err := n.store.PathInfos.Get(r.Context(), h); err != nil {
		code := http.StatusBadGateway
		if errors.Is(err, store.ErrNotFound) {
			code = http.StatusNotFound
		}
		http.Error(w, err.Error(), code)
		return
	}
	if err := m.Pin(r.Context(), h); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func (n *Node) serveUnpin(w http.ResponseWriter, r *http.Request) {
	m, ok := n.maintainer(w)
	if !ok {
		return
	}
	h, ok := pathHash(w, r)
	if !ok {
		return
	}
	if was, err := m.Unpin(r.Context(), h); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	} else if !was {
		http.Error(w, "not pinned", http.StatusNotFound)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
