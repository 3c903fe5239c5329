package simnet

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"time"

	"github.com/ipfs/go-cid"
	dht "github.com/libp2p/go-libp2p-kad-dht"
	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/peerstore"
	"github.com/libp2p/go-libp2p/core/protocol"
	"github.com/libp2p/go-libp2p/core/routing"
	mocknet "github.com/libp2p/go-libp2p/p2p/net/mock"
	ma "github.com/multiformats/go-multiaddr"
	mh "github.com/multiformats/go-multihash"

	"github.com/p2pnix/tvix/p2p"
)

// dhtParallel bounds concurrent measured DHT operations, so that a 2-core
// machine measures lookups rather than its own run queue; setupParallel
// bounds the bootstrap's, which wait on latency more than on the CPU.
const (
	dhtParallel   = 16
	setupParallel = 256
)

// seededReader is an io.Reader of deterministic bytes, for keys.
type seededReader struct{ r *rand.Rand }

func (s seededReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(s.r.Uint32())
	}
	return len(p), nil
}

// RunDHT starts s.DHTNodes real Kademlia DHTs (go-libp2p-kad-dht, server
// mode, the cluster's protocol prefix) on libp2p's mocknet, links every
// pair with a latency drawn from the scenario (a link is only the
// possibility of a connection), fills each routing table as a converged
// bootstrap would, and connects nothing: connections are made by the
// DHT's own dials, to the peers routing needs. Then it publishes
// s.DHTProviders provider records from random nodes and runs s.DHTLookups
// closest-peer lookups and as many provider lookups from other random
// nodes, recording hops (see lookupTrace) and wall-clock latency.
func RunDHT(ctx context.Context, s *Scenario, seed uint64) (*DHTReport, error) {
	start := time.Now()
	n := s.DHTNodes
	r := rand.New(rand.NewPCG(seed, 0xd47))
	mn := mocknet.New()
	defer mn.Close()
	rep := &DHTReport{Nodes: n, Log2N: math.Log2(float64(n))}

	hosts := make([]host.Host, n)
	for i := range hosts {
		sk, _, err := crypto.GenerateEd25519Key(seededReader{r})
		if err != nil {
			return nil, err
		}
		addr, _ := ma.NewMultiaddr(fmt.Sprintf("/ip4/10.%d.%d.%d/tcp/4001", i>>16&255, i>>8&255, i&255))
		if hosts[i], err = mn.AddPeer(sk, addr); err != nil {
			return nil, fmt.Errorf("simnet: dht: %w", err)
		}
	}
	// Links are the possibility of a connection (cheap); connections are
	// made only by the DHT.
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			l, err := mn.LinkPeers(hosts[i].ID(), hosts[j].ID())
			if err != nil {
				return nil, fmt.Errorf("simnet: dht: %w", err)
			}
			lr := rand.New(rand.NewPCG(uint64(i)<<32|uint64(j), 0x11))
			l.SetOptions(mocknet.LinkOptions{Latency: s.Latency.Duration(lr)})
			rep.Links++
		}
	}
	dhts := make([]*dht.IpfsDHT, n)
	for i, h := range hosts {
		d, err := dht.New(h,
			dht.Mode(dht.ModeServer),
			dht.ProtocolPrefix(protocol.ID(p2p.ProtocolPrefix)),
			dht.DisableValues(),
			dht.DisableAutoRefresh(),
		)
		if err != nil {
			return nil, fmt.Errorf("simnet: dht: %w", err)
		}
		dhts[i] = d
		defer d.Close()
	}
	// The converged routing tables, computed: every node offers every
	// other, in a random order, to its table, which keeps the first k per
	// bucket as a bootstrap that met them in that order would. Running
	// that bootstrap over the network connects most pairs (measured: 300
	// nodes, 73% of all pairs connected, 7.7 min); computed, a node
	// connects only to the peers its lookups and provides dial.
	for i, h := range hosts {
		tr := rand.New(rand.NewPCG(seed^uint64(i), 0x7ab))
		for _, j := range tr.Perm(n) {
			if j == i {
				continue
			}
			o := hosts[j]
			if ok, _ := dhts[i].RoutingTable().TryAddPeer(o.ID(), true, true); ok {
				h.Peerstore().AddAddrs(o.ID(), o.Addrs(), peerstore.PermanentAddrTTL)
			}
		}
		rep.TableSize += dhts[i].RoutingTable().Size()
	}
	rep.TableSize /= n
	rep.SetupWall = time.Since(start)

	// Provider records.
	keys := make([]cid.Cid, s.DHTProviders)
	for k := range keys {
		sum := sha256.Sum256(fmt.Appendf(nil, "simnet-%d-%d", seed, k))
		h, _ := mh.Encode(sum[:], mh.SHA2_256)
		keys[k] = cid.NewCidV1(cid.Raw, h)
	}
	provider := make([]int, len(keys))
	for k := range keys {
		provider[k] = r.IntN(n)
	}
	err := parallel(ctx, setupParallel, len(keys), func(k int) error {
		return dhts[provider[k]].Provide(ctx, keys[k], true)
	})
	if err != nil {
		return nil, fmt.Errorf("simnet: dht: provide: %w", err)
	}
	rep.Providers = len(keys)

	// Lookups.
	type job struct{ from, key int }
	jobs := make([]job, s.DHTLookups)
	for i := range jobs {
		jobs[i] = job{from: r.IntN(n), key: r.IntN(len(keys))}
		if jobs[i].from == provider[jobs[i].key] {
			jobs[i].from = (jobs[i].from + 1) % n
		}
	}
	var mu sync.Mutex
	var hops, phops []float64
	var lat, plat []time.Duration
	err = parallel(ctx, dhtParallel, len(jobs), func(i int) error {
		j := jobs[i]
		d := dhts[j.from]
		target := fmt.Sprintf("simnet-target-%d-%d", seed, i)
		tr := newLookupTrace(ctx, d)
		t0 := time.Now()
		closest, err := d.GetClosestPeers(tr.ctx, target)
		el := time.Since(t0)
		h := tr.finish()
		if err != nil {
			return err
		}
		var hop float64
		if len(closest) > 0 {
			hop = float64(h.depth(closest[0]))
		}

		tr = newLookupTrace(ctx, d)
		t0 = time.Now()
		pctx, cancel := context.WithTimeout(tr.ctx, 30*time.Second)
		found := false
		var pel time.Duration
		for p := range d.FindProvidersAsync(pctx, keys[j.key], 1) {
			if p.ID == hosts[provider[j.key]].ID() {
				found = true
				pel = time.Since(t0)
			}
		}
		cancel()
		ph := tr.finish()
		mu.Lock()
		defer mu.Unlock()
		hops = append(hops, hop)
		lat = append(lat, el)
		if found {
			rep.ProviderFound++
			phops = append(phops, float64(ph.maxQueried+1))
			plat = append(plat, pel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("simnet: dht: lookups: %w", err)
	}
	rep.Lookups = len(jobs)
	rep.LookupHopsP50, rep.LookupHopsP99 = percentileF(hops, 0.5), percentileF(hops, 0.99)
	rep.LookupHopsMax = percentileF(hops, 1)
	rep.LookupP50, rep.LookupP99 = percentile(lat, 0.5), percentile(lat, 0.99)
	rep.ProviderHopP50, rep.ProviderHopP99 = percentileF(phops, 0.5), percentileF(phops, 0.99)
	rep.ProviderP50, rep.ProviderP99 = percentile(plat, 0.5), percentile(plat, 0.99)
	for _, h := range hosts {
		rep.Conns += len(h.Network().Conns())
	}
	rep.Conns /= 2
	rep.Wall = time.Since(start)
	return rep, nil
}

// lookupTrace follows one query's events to find how many sequential RPCs
// led to each peer: peers from the local routing table are at depth 0, and
// a peer first named in the answer of a peer at depth d is at depth d+1.
type lookupTrace struct {
	ctx        context.Context
	cancel     context.CancelFunc
	done       chan struct{}
	depths     map[peer.ID]int
	maxQueried int
}

func newLookupTrace(parent context.Context, d *dht.IpfsDHT) *lookupTrace {
	ctx, cancel := context.WithCancel(parent)
	ctx, events := routing.RegisterForQueryEvents(ctx)
	t := &lookupTrace{ctx: ctx, cancel: cancel, done: make(chan struct{}), depths: map[peer.ID]int{}}
	go func() {
		defer close(t.done)
		for ev := range events {
			switch ev.Type {
			case routing.SendingQuery:
				t.maxQueried = max(t.maxQueried, t.depth(ev.ID))
			case routing.PeerResponse:
				dp := t.depth(ev.ID)
				for _, ai := range ev.Responses {
					if _, ok := t.depths[ai.ID]; !ok {
						t.depths[ai.ID] = dp + 1
					}
				}
			}
		}
	}()
	return t
}

// depth is p's depth; a peer not named by anyone came from the routing
// table.
func (t *lookupTrace) depth(p peer.ID) int {
	d, ok := t.depths[p]
	if !ok {
		t.depths[p] = 0
	}
	return d
}

// finish ends the trace and waits for its events.
func (t *lookupTrace) finish() *lookupTrace {
	t.cancel()
	<-t.done
	return t
}

// parallel runs fn(0..n-1) on up to workers goroutines and returns the
// first error.
func parallel(ctx context.Context, workers, n int, fn func(i int) error) error {
	workers = min(n, max(workers, runtime.GOMAXPROCS(0)))
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	next := 0
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				stop := first != nil || ctx.Err() != nil
				mu.Unlock()
				if i >= n || stop {
					return
				}
				if err := fn(i); err != nil {
					mu.Lock()
					if first == nil {
						first = fmt.Errorf("%d: %w", i, err)
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	return first
}
