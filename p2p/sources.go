package p2p

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ipfs/go-cid"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/p2pnix/tvix/store"
)

// errNoProvider: the DHT knows no other peer providing a key.
var errNoProvider = fmt.Errorf("no provider in the cluster: %w", store.ErrNotFound)

// maxProviders is how many providers a fetch looks up and may use.
const maxProviders = 8

// sources are the providers one fetch may use, arriving from a DHT
// lookup that goes on in the background while the fetch starts with the
// first. Requests rotate over them and fall back to the next on failure;
// a provider caught sending data that does not match its digest, or an
// untrusted PathInfo, is dropped for the rest of the fetch and its score
// drops. Safe for concurrent use.
type sources struct {
	n     *Node
	what  string
	stop  context.CancelFunc // ends the lookup
	rr    atomic.Uint32      // rotation for callers without an index
	mu    sync.Mutex
	peers []peer.AddrInfo
	bad   map[peer.ID]bool // caught lying: not asked again
	fails map[peer.ID]int  // failed or timed out: asked last
	// fromDHT are the providers the lookup found.
	fromDHT map[peer.ID]bool
	grew    chan struct{} // closed and replaced when a provider arrives
	ended   chan struct{} // closed when the lookup ends
}

// findSources starts looking up the providers of key and returns as soon
// as one is known, or fails with errNoProvider when the lookup ends
// without any. The caller must call stop when done with the sources.
func (n *Node) findSources(ctx context.Context, what string, key cid.Cid) (*sources, error) {
	lctx, cancel := context.WithTimeout(ctx, n.cfg.ProviderTimeout)
	src := &sources{n: n, what: what, stop: cancel, bad: make(map[peer.ID]bool), fails: make(map[peer.ID]int),
		fromDHT: make(map[peer.ID]bool), grew: make(chan struct{}), ended: make(chan struct{})}
	first := make(chan struct{}, 1)
	done := src.ended
	go func() {
		defer close(done)
		for ai := range n.findProvidersAsync(lctx, key, maxProviders) {
			if ai.ID == n.host.ID() {
				continue
			}
			src.mu.Lock()
			src.peers = append(src.peers, ai)
			src.fromDHT[ai.ID] = true
			close(src.grew)
			src.grew = make(chan struct{})
			src.mu.Unlock()
			select {
			case first <- struct{}{}:
			default:
			}
		}
	}()
	select {
	case <-first:
		return src, nil
	case <-done:
		select {
		case <-first:
			return src, nil
		default:
		}
		cancel()
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("p2p: %s: %w", what, errNoProvider)
	}
}

// peerSources are sources of one peer known to provide what is fetched.
func (n *Node) peerSources(what string, ai peer.AddrInfo) *sources {
	ended := make(chan struct{})
	close(ended)
	return &sources{n: n, what: what, stop: func() {}, peers: []peer.AddrInfo{ai}, bad: make(map[peer.ID]bool),
		fails: make(map[peer.ID]int), grew: make(chan struct{}), ended: ended}
}

// order returns the providers to ask, start-th first among the best
// (spreading parallel requests over them): those not blocked for
// misbehaving (penalty.go) before those blocked, then those that failed
// least in this fetch, then those caught least; liars of this fetch are
// left out.
func (s *sources) order(start int) []peer.AddrInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	var peers []peer.AddrInfo
	for _, ai := range s.peers {
		if !s.bad[ai.ID] {
			peers = append(peers, ai)
		}
	}
	now := time.Now()
	type rank struct{ blocked, fails, rejected int }
	ranks := make(map[peer.ID]rank, len(peers))
	s.n.scoreMu.Lock()
	for _, ai := range peers {
		r := rank{fails: s.fails[ai.ID]}
		if p := s.n.penalties[ai.ID]; p != nil {
			r.rejected = p.Rejected
			if p.Blocked(now) {
				r.blocked = 1
			}
		}
		ranks[ai.ID] = r
	}
	s.n.scoreMu.Unlock()
	less := func(a, b rank) bool {
		return a.blocked < b.blocked || a.blocked == b.blocked && (a.fails < b.fails || a.fails == b.fails && a.rejected < b.rejected)
	}
	sort.SliceStable(peers, func(i, j int) bool { return less(ranks[peers[i].ID], ranks[peers[j].ID]) })
	best := 0
	for best < len(peers) && ranks[peers[best].ID] == ranks[peers[0].ID] {
		best++
	}
	if best > 0 {
		k := start % best
		rotated := append(append([]peer.AddrInfo(nil), peers[k:best]...), peers[:k]...)
		copy(peers, rotated)
	}
	return peers
}

// try calls fn with the store of one provider after another (see order)
// until one succeeds. Each call is bounded by Config.ProviderTimeout, so a
// slow provider is abandoned, and asked last from then on. When every
// provider fails, the error wraps the last failure (NotFound when all
// lacked the item).
func (s *sources) try(ctx context.Context, what string, start int, fn func(ctx context.Context, id peer.ID, pc *peerClient) error) error {
	var last error
	tried := 0
	asked := make(map[peer.ID]bool)
	fellBack := false
	for {
		ai, ok := s.next(ctx, start, asked)
		if !ok && last != nil && !fellBack {
			// Every provider listed failed (a node gone before its records
			// expired, a holder not yet announced): ask the peers this
			// node is connected to before giving up.
			fellBack = true
			ok = s.addConnected(asked) > 0 && ctx.Err() == nil
			if ok {
				continue
			}
		}
		if !ok {
			break
		}
		asked[ai.ID] = true
		tried++
		pc, err := s.n.tr.peer(ai)
		if err == nil {
			actx, cancel := context.WithTimeout(ctx, s.n.cfg.ProviderTimeout)
			err = fn(actx, ai.ID, pc)
			cancel()
		}
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		s.fail(ai.ID, what, err)
		last = err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if last == nil {
		return fmt.Errorf("p2p: %s: %s: every provider was dropped for sending bad data: %w", s.what, what, store.ErrNotFound)
	}
	return fmt.Errorf("p2p: %s: %s: %d providers failed, last: %w", s.what, what, tried, last)
}

// maxFallback bounds the connected peers a fetch asks when every listed
// provider failed.
const maxFallback = 2 * maxProviders

// addConnected adds to the sources up to maxFallback peers this node is
// connected to that were not asked and are not known liars, and returns
// how many.
func (s *sources) addConnected(asked map[peer.ID]bool) int {
	h := s.n.host
	s.mu.Lock()
	defer s.mu.Unlock()
	added := 0
	for _, id := range h.Network().Peers() {
		if added == maxFallback {
			break
		}
		if id == h.ID() || asked[id] || s.bad[id] {
			continue
		}
		s.peers = append(s.peers, peer.AddrInfo{ID: id, Addrs: h.Peerstore().Addrs(id)})
		added++
	}
	return added
}

// next returns the first provider in order(start) not yet asked; when all
// were asked and the lookup is still going, it waits for another.
func (s *sources) next(ctx context.Context, start int, asked map[peer.ID]bool) (peer.AddrInfo, bool) {
	for {
		s.mu.Lock()
		grew := s.grew
		s.mu.Unlock()
		for _, ai := range s.order(start) {
			if !asked[ai.ID] {
				return ai, true
			}
		}
		select {
		case <-grew:
		case <-s.ended:
			s.mu.Lock()
			more := s.grew != grew
			s.mu.Unlock()
			if !more {
				return peer.AddrInfo{}, false
			}
		case <-ctx.Done():
			return peer.AddrInfo{}, false
		}
	}
}

// fail records a failed request; lies drop the provider for the fetch
// and penalise it (penalty.go).
func (s *sources) fail(id peer.ID, what string, err error) {
	lied := errors.Is(err, store.ErrCorrupt) || errors.Is(err, ErrUntrusted)
	if lied {
		s.mu.Lock()
		s.bad[id] = true
		s.mu.Unlock()
		s.n.rejected(id, store.RejectedBytes(err))
		fmt.Fprintf(s.n.cfg.Log, "p2p: rejected %s of %s from %s (%d bytes): %v\n", what, s.what, id, store.RejectedBytes(err), err)
		return
	}
	s.mu.Lock()
	s.fails[id]++
	s.mu.Unlock()
	if !errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(s.n.cfg.Log, "p2p: provider %s failed %s of %s: %v\n", id, what, s.what, err)
	}
}

// listed tells whether id came from the DHT's provider records (not from
// the fallback to connected peers, nor named by the caller).
func (s *sources) listed(id peer.ID) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fromDHT[id]
}
