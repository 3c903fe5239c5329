package p2p

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/ipfs/go-cid"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/p2pnix/tvix/store"
)

// errNoProvider: the DHT knows no other peer providing a key.
var errNoProvider = fmt.Errorf("no provider in the cluster: %w", store.ErrNotFound)

// maxProviders is how many providers a fetch looks up and may use.
const maxProviders = 8

// sources are the providers one fetch may use. Requests rotate over them
// and fall back to the next on failure; a provider caught sending data
// that does not match its digest, or an untrusted PathInfo, is dropped for
// the rest of the fetch and its score drops. Safe for concurrent use.
type sources struct {
	n     *Node
	what  string
	mu    sync.Mutex
	peers []peer.AddrInfo
	bad   map[peer.ID]bool // caught lying: not asked again
	fails map[peer.ID]int  // failed or timed out: asked last
}

// newSources orders peers best first: fewest recorded misbehaviours.
func (n *Node) newSources(what string, peers []peer.AddrInfo) *sources {
	n.scoreMu.Lock()
	sort.SliceStable(peers, func(i, j int) bool { return n.misbehaved[peers[i].ID] < n.misbehaved[peers[j].ID] })
	n.scoreMu.Unlock()
	return &sources{n: n, what: what, peers: peers, bad: make(map[peer.ID]bool), fails: make(map[peer.ID]int)}
}

// findSources looks up the providers of key and fails with errNoProvider
// when there are none.
func (n *Node) findSources(ctx context.Context, what string, key cid.Cid) (*sources, error) {
	ctx, cancel := context.WithTimeout(ctx, n.cfg.ProviderTimeout)
	defer cancel()
	peers := n.FindProviders(ctx, key, maxProviders)
	if len(peers) == 0 {
		return nil, fmt.Errorf("p2p: %s: %w", what, errNoProvider)
	}
	return n.newSources(what, peers), nil
}

// order returns the providers to ask, start-th first among those that
// failed least (spreading parallel requests over the good ones), then
// those that failed more; liars are left out.
func (s *sources) order(start int) []peer.AddrInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	var peers []peer.AddrInfo
	for _, ai := range s.peers {
		if !s.bad[ai.ID] {
			peers = append(peers, ai)
		}
	}
	sort.SliceStable(peers, func(i, j int) bool { return s.fails[peers[i].ID] < s.fails[peers[j].ID] })
	best := 0
	for best < len(peers) && s.fails[peers[best].ID] == s.fails[peers[0].ID] {
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
	peers := s.order(start)
	var last error
	tried := 0
	for _, ai := range peers {
		if s.isBad(ai.ID) {
			continue
		}
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
	if last == nil {
		return fmt.Errorf("p2p: %s: %s: every provider was dropped for sending bad data: %w", s.what, what, store.ErrNotFound)
	}
	return fmt.Errorf("p2p: %s: %s: %d providers failed, last: %w", s.what, what, tried, last)
}

func (s *sources) isBad(id peer.ID) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bad[id]
}

// fail records a failed request; lies drop the provider.
func (s *sources) fail(id peer.ID, what string, err error) {
	lied := errors.Is(err, store.ErrCorrupt) || errors.Is(err, ErrUntrusted)
	if lied {
		s.mu.Lock()
		s.bad[id] = true
		s.mu.Unlock()
		s.n.scoreMu.Lock()
		s.n.misbehaved[id]++
		s.n.scoreMu.Unlock()
		fmt.Fprintf(s.n.cfg.Log, "p2p: rejected %s of %s from %s: %v\n", what, s.what, id, err)
		return
	}
	s.mu.Lock()
	s.fails[id]++
	s.mu.Unlock()
	if !errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(s.n.cfg.Log, "p2p: provider %s failed %s of %s: %v\n", id, what, s.what, err)
	}
}

// Misbehaved returns how many times peer id was caught sending data that
// failed verification.
func (n *Node) Misbehaved(id peer.ID) int {
	n.scoreMu.Lock()
	defer n.scoreMu.Unlock()
	return n.misbehaved[id]
}
