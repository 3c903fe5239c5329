package node

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"strconv"
	"strings"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/builder/builtin"
	"github.com/p2pnix/tvix/builder/oci"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/node/coordinator"
	"github.com/p2pnix/tvix/node/farm"
	"github.com/p2pnix/tvix/p2p"
	"github.com/p2pnix/tvix/proto/nodev1"
	"github.com/p2pnix/tvix/store"
)

// The p2p node is what the farm discovers gossip members through.
var _ farm.Network = (*p2p.Node)(nil)

// defaultGossipListen is the --gossip-listen default, given --api-listen
// and the address it bound: the API's host, on a free port when the API's
// was 0 (tests), else on the port two after the API's (the one after is
// libp2p's).
func defaultGossipListen(api string, bound net.Addr) string {
	host, port, err := net.SplitHostPort(api)
	if err != nil {
		return "127.0.0.1:0"
	}
	if host == "" {
		host = "0.0.0.0"
	}
	p, err := strconv.Atoi(port)
	if err != nil || p == 0 {
		return net.JoinHostPort(host, "0")
	}
	if ta, ok := bound.(*net.TCPAddr); ok {
		p = ta.Port
	}
	return net.JoinHostPort(host, strconv.Itoa(p+2))
}

// hostSystem is this machine's Nix system string.
func hostSystem() string {
	arch := map[string]string{"amd64": "x86_64", "arm64": "aarch64", "386": "i686", "riscv64": "riscv64"}[runtime.GOARCH]
	return arch + "-" + runtime.GOOS
}

// startFarm starts the build farm (node/farm): the OCI builder (when this
// process may run it), the gossip member and the coordinator's driver,
// gossip discovery over libp2p and the joins of --join.
func (n *Node) startFarm() error {
	slots := n.cfg.MaxBuilds
	if slots == 0 {
		slots = runtime.NumCPU()
	}
	var sandbox builder.Builder
	var builds *farm.DrvBuilds // nil: this node does not build
	if slots > 0 {
		b, err := oci.New(oci.Options{Dir: tvixhome.Dir(n.cfg.DataDir).Builder(), Blobs: n.store.Blobs, Directories: n.store.Directories})
		if err != nil {
			n.log.Warn("farm: this node will not build", "err", err)
			fmt.Fprintf(n.cfg.Log, "tvix-node: not building here: %v\n", err)
			slots = 0
		} else {
			sandbox = b
			builds, err = farm.NewDrvBuilds(builder.DrvBuilderOptions{
				Store: n.store, StoreDir: n.dir, Builder: b, SigningKey: &n.key,
				Request: builder.RequestOptions{Cores: max(runtime.NumCPU()/slots, 1)},
			})
			if err != nil {
				closeSandbox(b)
				return fmt.Errorf("node: %w", err)
			}
		}
	}
	if slots < 0 {
		slots = 0
	}
	listen := n.cfg.GossipListen
	if listen == "" {
		listen = defaultGossipListen(n.cfg.APIListen, n.APIAddr())
	}
	var psk []byte
	if n.cfg.PSKFile != "" {
		k, err := p2p.ReadPSKFile(n.cfg.PSKFile)
		if err != nil {
			closeSandbox(sandbox)
			return fmt.Errorf("node: --psk-file: %w", err)
		}
		psk = k[:]
	}
	var trusted []string
	if n.cfg.NoClusterTrust {
		for _, k := range n.trusted {
			trusted = append(trusted, keyName(k.String()))
		}
	}
	f, err := farm.New(farm.Config{
		Self: n.P2PID(), APIAddr: n.APIAddr().String(), Listen: listen, PSK: psk,
		Systems: []string{hostSystem(), builtin.System}, Slots: slots,
		SigningKey: n.PublicKey(), KeyName: keyName(n.PublicKey()), Trusted: trusted, Logger: n.log,
		CheckShare: n.cfg.CheckReproducible,
	}, farm.Deps{
		Lookup: n.farmLookup, Fetch: n.farmFetch, Build: builds.Build, Check: builds.Check, MissingInput: builds.MissingInput,
		Published: n.published, LoadJobs: n.loadJobs,
	})
	if err != nil {
		closeSandbox(sandbox)
		return err
	}
	n.farm, n.sandbox = f, sandbox
	n.SetStatusSource(f.StatusSource())
	f.Discover(n.p2p)
	if len(n.cfg.Join) > 0 {
		go f.JoinAPIs(n.cfg.Join, func(api string, err error) {
			n.log.Warn("farm: join", "node", api, "err", err)
			fmt.Fprintf(n.cfg.Log, "tvix-node: --join %s: gossip: %v\n", api, err)
		})
	}
	return nil
}

// registerFarm serves NodeService on the gRPC server.
func (n *Node) registerFarm() {
	nodev1.RegisterNodeServiceServer(n.server, farm.NewService(n.farm, func() string { return n.APIAddr().String() }))
}

// hashOf parses a store path into its hash part.
func (n *Node) hashOf(p string) ([store.StorePathHashSize]byte, error) {
	sp, err := n.dir.Parse(p)
	if err != nil {
		return [store.StorePathHashSize]byte{}, err
	}
	return sp.Hash, nil
}

// farmLookup looks outputs up in the local shard, then asks the DHT who
// provides them, and a live provider whether it holds them.
func (n *Node) farmLookup(ctx context.Context, outputs []string) (bool, string, error) {
	hs := make([][store.StorePathHashSize]byte, len(outputs))
	local := true
	for i, o := range outputs {
		h, err := n.hashOf(o)
		if err != nil {
			return false, "", err
		}
		hs[i] = h
		if local {
			_, err := n.local.PathInfos.Get(ctx, h)
			if errors.Is(err, store.ErrNotFound) {
				local = false
			} else if err != nil {
				return false, "", err
			}
		}
	}
	if local {
		return true, "", nil
	}
	at := ""
	for _, h := range hs {
		if len(n.p2p.Peers()) == 0 {
			at = ""
			break
		}
		p, err := n.liveProvider(ctx, h)
		if err != nil {
			return false, "", err
		}
		if p != "" {
			if p, err = n.holder(ctx, p, h); err != nil {
				return false, "", err
			}
		}
		if p == "" {
			at = ""
			break
		}
		if at == "" {
			at = p
		}
	}
	if at != "" {
		return false, at, nil
	}
	return n.substituteOutputs(ctx, hs)
}

// holder returns p when it answers with a trusted PathInfo of h, else
// another provider that does ("" when none does). A provider record is a
// claim: a false one (a lying member's) must not make the farm wait for a
// fetch that cannot succeed.
func (n *Node) holder(ctx context.Context, p string, h [store.StorePathHashSize]byte) (string, error) {
	id, err := peer.Decode(p)
	if err == nil && n.p2p.Holds(ctx, id, h) == nil {
		return p, nil
	}
	if id, err = n.p2p.FindHolder(ctx, h); err != nil {
		return "", ctx.Err()
	}
	return id.String(), nil
}

// liveProvider returns a provider of store path h that is up: one this
// node is connected to, else a farm member; "" when the DHT lists only
// nodes that are gone (their records outlive them).
func (n *Node) liveProvider(ctx context.Context, h [store.StorePathHashSize]byte) (string, error) {
	key := p2p.StorePathCID(h)
	connected := func(id peer.ID) bool { return n.p2p.Host().Network().Connectedness(id) == network.Connected }
	ps := n.p2p.FindProviders(ctx, key, 1)
	if len(ps) == 0 {
		return "", ctx.Err()
	}
	if connected(ps[0].ID) {
		return ps[0].ID.String(), nil
	}
	// The first may be a record of a node that is gone: weigh more.
	ps = append(ps, n.p2p.FindProviders(ctx, key, liveProviderCandidates)...)
	member := ""
	for _, p := range ps {
		if connected(p.ID) {
			return p.ID.String(), nil
		}
		if member == "" && n.farm.IsMember(p.ID.String()) {
			member = p.ID.String()
		}
	}
	return member, nil
}

// liveProviderCandidates is how many providers liveProvider weighs when
// the first one found is not connected.
const liveProviderCandidates = 8

// substituteOutputs fetches outputs nobody in the cluster has from the
// upstream substituters: true when every one was there.
func (n *Node) substituteOutputs(ctx context.Context, hs [][store.StorePathHashSize]byte) (bool, string, error) {
	if !n.upstream.Enabled() {
		return false, "", nil
	}
	for _, h := range hs {
		if _, err := n.upstream.Substitute(ctx, h); err != nil {
			if !errors.Is(err, store.ErrNotFound) {
				n.log.Warn("farm: substituting", "err", err)
			}
			return false, "", nil
		}
	}
	// The closure too, so that builders elsewhere find every input in
	// the cluster.
	seen := map[[store.StorePathHashSize]byte]bool{}
	todo := append([][store.StorePathHashSize]byte(nil), hs...)
	for len(todo) > 0 {
		h := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if seen[h] {
			continue
		}
		seen[h] = true
		info, err := n.store.PathInfos.Get(ctx, h)
		if err != nil {
			n.log.Warn("farm: substituting the closure", "err", err)
			return false, "", nil
		}
		for _, r := range info.GetReferences() {
			var rh [store.StorePathHashSize]byte
			copy(rh[:], r)
			todo = append(todo, rh)
		}
	}
	return true, "", nil
}

// farmFetch copies outputs and their closure from peers.
func (n *Node) farmFetch(ctx context.Context, outputs []string) error {
	var hs [][store.StorePathHashSize]byte
	for _, o := range outputs {
		h, err := n.hashOf(o)
		if err != nil {
			return err
		}
		hs = append(hs, h)
	}
	_, err := n.p2p.FetchClosure(ctx, hs...)
	return err
}

// loadJobs is farm.Deps.LoadJobs: the closure of roots in the node's store.
func (n *Node) loadJobs(ctx context.Context, roots []string) ([]coordinator.Job, map[string]string, error) {
	return farm.LoadJobs(ctx, n.store, n.dir, roots)
}

// keyName is the name part of a Nix key "name:base64".
func keyName(k string) string {
	name, _, _ := strings.Cut(k, ":")
	return name
}

// closeSandbox closes the OCI builder when it holds a helper process.
func closeSandbox(b builder.Builder) {
	if c, ok := b.(io.Closer); ok {
		c.Close()
	}
}

// published waits until this node's announcements are made, so that
// peers find the outputs it built. A node connected to no peer has
// nobody to tell, and the announcements wait for the routing table to
// fill: it does not wait (they go out once a peer connects).
func (n *Node) published(ctx context.Context) error {
	if len(n.p2p.Peers()) == 0 {
		return nil
	}
	return n.p2p.WaitAnnounced(ctx)
}
