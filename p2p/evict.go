package p2p

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/p2pnix/tvix/internal/faults"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
)

// Shard is what eviction needs of the local store beyond store.Store
// (a subset of store.Maintainer, so the local store's Maintenance is
// one): its size, deleting a path, pins, collecting what deleted paths
// leave, and last-use times kept across restarts.
type Shard interface {
	Size(ctx context.Context) (uint64, error)
	Delete(ctx context.Context, h [store.StorePathHashSize]byte) error
	Pinned(ctx context.Context, h [store.StorePathHashSize]byte) (bool, error)
	CollectGarbage(ctx context.Context) (store.GCStats, error)
	SaveAccessTimes(ctx context.Context, times map[[store.StorePathHashSize]byte]time.Time) error
	AccessTimes(ctx context.Context) (map[[store.StorePathHashSize]byte]time.Time, error)
}

var _ Shard = store.Maintainer(nil)

// Eviction defaults.
const (
	// DefaultEvictInterval is how often the shard's size is checked.
	DefaultEvictInterval = time.Minute
	// DefaultEvictMinAge: a path used more recently is in use and stays.
	DefaultEvictMinAge = 10 * time.Minute
	// evictTarget: eviction stops at this fraction of the capacity, so
	// that it does not run again at the next byte.
	evictTarget = 0.9
	// evictRounds bounds delete-and-collect rounds per check.
	evictRounds = 4
	// replicaCheckTimeout bounds asking one provider for a path.
	replicaCheckTimeout = 5 * time.Second
)

// usage tracks when each path was last used and which are in use now
// (being fetched or pushed). Safe for concurrent use.
type usage struct {
	mu    sync.Mutex
	last  map[[store.StorePathHashSize]byte]time.Time
	dirty map[[store.StorePathHashSize]byte]time.Time // not yet saved
	busy  map[[store.StorePathHashSize]byte]int
}

func newUsage() *usage {
	return &usage{last: map[[store.StorePathHashSize]byte]time.Time{},
		dirty: map[[store.StorePathHashSize]byte]time.Time{}, busy: map[[store.StorePathHashSize]byte]int{}}
}

// touch records a use of path h now.
func (u *usage) touch(h [store.StorePathHashSize]byte) {
	now := faults.Now()
	u.mu.Lock()
	u.last[h] = now
	u.dirty[h] = now
	u.mu.Unlock()
}

// hold marks path h in use until the returned function is called.
func (u *usage) hold(h [store.StorePathHashSize]byte) func() {
	u.mu.Lock()
	u.busy[h]++
	u.mu.Unlock()
	return func() {
		u.mu.Lock()
		if u.busy[h]--; u.busy[h] <= 0 {
			delete(u.busy, h)
		}
		u.mu.Unlock()
	}
}

// EvictStats is what one eviction check did.
type EvictStats struct {
	// SizeBefore and SizeAfter are the shard's size around the check.
	SizeBefore, SizeAfter uint64
	// Evicted are the paths deleted from the shard.
	Evicted []*storev1.PathInfo
	// Kept counts candidates kept: pinned, in use, or without enough
	// other replicas.
	Pinned, InUse, FewReplicas int
	GC                         store.GCStats
}

// runEviction checks the shard's size every EvictInterval until the node
// closes.
func (n *Node) runEviction() {
	t := time.NewTicker(n.cfg.EvictInterval)
	defer t.Stop()
	for {
		select {
		case <-n.ctx.Done():
			return
		case <-t.C:
			st, err := n.Evict(n.ctx)
			if err != nil && n.ctx.Err() == nil {
				fmt.Fprintf(n.cfg.Log, "p2p: eviction: %v\n", err)
			}
			if len(st.Evicted) > 0 {
				fmt.Fprintf(n.cfg.Log, "p2p: evicted %d paths: shard %d -> %d bytes (capacity %d)\n", len(st.Evicted), st.SizeBefore, st.SizeAfter, n.cfg.Capacity)
			}
		}
	}
}

// Evict brings the shard below Config.Capacity when it is above: least
// recently used paths first, but only paths that are not pinned, not in
// use (fetched or pushed now, or used within EvictMinAge) and that the
// durable tier (Config.Durable) holds or at least Replicas other peers
// answer for (asked, not only listed in the DHT). Evicted paths are deleted, what no remaining path needs is
// collected, and this node stops providing what it no longer holds.
// Without a capacity or a Shard it does nothing.
func (n *Node) Evict(ctx context.Context) (EvictStats, error) {
	var st EvictStats
	sh := n.cfg.Shard
	if sh == nil || n.cfg.Capacity == 0 {
		return st, nil
	}
	if err := n.saveUsage(ctx); err != nil {
		return st, err
	}
	size, err := sh.Size(ctx)
	if err != nil {
		return st, err
	}
	st.SizeBefore, st.SizeAfter = size, size
	target := uint64(float64(n.cfg.Capacity) * evictTarget)
	if size <= n.cfg.Capacity {
		return st, nil
	}
	tried := map[[store.StorePathHashSize]byte]bool{}
	for round := 0; round < evictRounds && size > target; round++ {
		cands, err := n.evictionCandidates(ctx, &st, tried)
		if err != nil {
			return st, err
		}
		var deleted []*storev1.PathInfo
		var freed uint64
		for _, info := range cands {
			if size-min(freed, size) <= target {
				break
			}
			h, _ := store.ValidatePathInfo(info)
			tried[h] = true
			if !n.inDurable(ctx, h) && n.replicasElsewhere(ctx, h) < n.cfg.Replicas {
				st.FewReplicas++
				continue
			}
			if err := sh.Delete(ctx, h); errors.Is(err, store.ErrPinned) {
				st.Pinned++
				continue
			} else if err != nil {
				return st, err
			}
			deleted = append(deleted, info)
			freed += info.GetNarinfo().GetNarSize()
		}
		if len(deleted) == 0 {
			break
		}
		gc, err := sh.CollectGarbage(ctx)
		st.GC.Directories += gc.Directories
		st.GC.Blobs += gc.Blobs
		st.GC.Chunks += gc.Chunks
		st.GC.ChunkBytes += gc.ChunkBytes
		st.GC.PacksRemoved += gc.PacksRemoved
		st.GC.PackBytesFreed += gc.PackBytesFreed
		st.Evicted = append(st.Evicted, deleted...)
		for _, info := range deleted {
			if werr := n.Withdraw(ctx, info); werr != nil {
				fmt.Fprintf(n.cfg.Log, "p2p: %v\n", werr)
			}
		}
		if err != nil {
			return st, err
		}
		if size, err = sh.Size(ctx); err != nil {
			return st, err
		}
		st.SizeAfter = size
	}
	return st, nil
}

// evictionCandidates lists the local paths not yet tried, least recently
// used first, leaving out (counting, and marking tried) those in use and
// the pinned ones.
func (n *Node) evictionCandidates(ctx context.Context, st *EvictStats, tried map[[store.StorePathHashSize]byte]bool) ([]*storev1.PathInfo, error) {
	type cand struct {
		info *storev1.PathInfo
		last time.Time
	}
	var cs []cand
	now := faults.Now()
	paths := n.cfg.ShardPaths
	if paths == nil {
		paths = n.local.PathInfos
	}
	err := paths.List(ctx, func(info *storev1.PathInfo) error {
		h, err := store.ValidatePathInfo(info)
		if err != nil || tried[h] {
			return nil
		}
		n.use.mu.Lock()
		last, busy := n.use.last[h], n.use.busy[h] > 0
		n.use.mu.Unlock()
		if busy || now.Sub(last) < n.cfg.EvictMinAge {
			st.InUse++
			tried[h] = true
			return nil
		}
		if pinned, err := n.cfg.Shard.Pinned(ctx, h); err == nil && pinned {
			st.Pinned++
			tried[h] = true
			return nil
		}
		cs = append(cs, cand{info, last})
		return nil
	})
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].last.Before(cs[j].last) })
	out := make([]*storev1.PathInfo, len(cs))
	for i, c := range cs {
		out[i] = c.info
	}
	return out, err
}

// inDurable reports whether the durable tier holds path h.
func (n *Node) inDurable(ctx context.Context, h [store.StorePathHashSize]byte) bool {
	if n.cfg.Durable == nil {
		return false
	}
	_, err := n.cfg.Durable.Get(ctx, h)
	return err == nil
}

// replicasElsewhere counts the other peers that provide path h and
// answer for it, stopping at Replicas.
func (n *Node) replicasElsewhere(ctx context.Context, h [store.StorePathHashSize]byte) int {
	lctx, cancel := context.WithTimeout(ctx, n.cfg.ProviderTimeout)
	defer cancel()
	count := 0
	for _, ai := range n.FindProviders(lctx, StorePathCID(h), maxProviders) {
		if count >= n.cfg.Replicas {
			break
		}
		if n.peerHasPath(lctx, ai, h) {
			count++
		}
	}
	return count
}

// peerHasPath asks peer ai whether it holds path h.
func (n *Node) peerHasPath(ctx context.Context, ai peer.AddrInfo, h [store.StorePathHashSize]byte) bool {
	remote, err := n.tr.peerStore(ai)
	if err != nil {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, replicaCheckTimeout)
	defer cancel()
	_, err = remote.PathInfos.Get(ctx, h)
	return err == nil
}

// loadUsage reads the saved last-use times.
func (n *Node) loadUsage(ctx context.Context) error {
	if n.cfg.Shard == nil {
		return nil
	}
	times, err := n.cfg.Shard.AccessTimes(ctx)
	if err != nil {
		return err
	}
	n.use.mu.Lock()
	defer n.use.mu.Unlock()
	for h, t := range times {
		if t.After(n.use.last[h]) {
			n.use.last[h] = t
		}
	}
	return nil
}

// saveUsage saves the last-use times recorded since the last save.
func (n *Node) saveUsage(ctx context.Context) error {
	n.use.mu.Lock()
	dirty := n.use.dirty
	n.use.dirty = map[[store.StorePathHashSize]byte]time.Time{}
	n.use.mu.Unlock()
	if err := n.cfg.Shard.SaveAccessTimes(ctx, dirty); err != nil {
		return fmt.Errorf("p2p: saving last-use times: %w", err)
	}
	return nil
}
