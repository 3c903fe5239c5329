package binarycache

import (
	"context"
	"encoding/binary"
	"sync"
	"sync/atomic"

	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
)

// PathIndex holds the store path hashes a PathInfoService may hold, so
// that a narinfo miss is answered without a store lookup. It is a
// superset: every path put through the service it wraps is added before
// the put, and Load adds what the service held already; deleted paths
// stay (a stale entry only costs a lookup). Until Load has finished it
// holds every hash. Safe for concurrent use.
//
// It is only right for a service nothing else writes to: a store this
// process alone opens, not one shared with other nodes.
type PathIndex struct {
	mu     sync.RWMutex
	set    map[uint64]struct{} // the hashes' first 8 bytes
	loaded atomic.Bool
	// unsure is set by a path whose hash did not parse: from then on
	// MayHold always says yes.
	unsure atomic.Bool
}

// indexedPathInfos is a PathInfoService whose puts are added to a
// PathIndex first.
type indexedPathInfos struct {
	inner store.PathInfoService
	x     *PathIndex
}

// indexedPathInfoBatcher is indexedPathInfos over a PathInfoBatcher.
type indexedPathInfoBatcher struct {
	*indexedPathInfos
	batcher store.PathInfoBatcher
}

var (
	_ store.PathInfoService = (*indexedPathInfos)(nil)
	_ store.PathInfoBatcher = (*indexedPathInfoBatcher)(nil)
)

// NewIndexedPathInfos wraps inner so that what is put through it is in
// the returned index (Load it for what inner holds already). The result
// has PutMany when inner has. Every writer of inner must go through the
// result.
func NewIndexedPathInfos(inner store.PathInfoService) (store.PathInfoService, *PathIndex) {
	x := &PathIndex{set: make(map[uint64]struct{})}
	s := &indexedPathInfos{inner: inner, x: x}
	if b, ok := inner.(store.PathInfoBatcher); ok {
		return &indexedPathInfoBatcher{s, b}, x
	}
	return s, x
}

// Load adds the paths ps holds to x (ps is the service NewIndexedPathInfos
// returned, or the one it wraps) and from then on lets MayHold say no.
func (x *PathIndex) Load(ctx context.Context, ps store.PathInfoService) error {
	err := ps.List(ctx, func(info *storev1.PathInfo) error {
		x.addInfo(info)
		return nil
	})
	if err == nil {
		x.loaded.Store(true)
	}
	return err
}

// Loaded reports whether Load has finished.
func (x *PathIndex) Loaded() bool { return x.loaded.Load() }

// MayHold reports whether the service may hold path h: false only when
// it surely does not.
func (x *PathIndex) MayHold(h [store.StorePathHashSize]byte) bool {
	if !x.loaded.Load() || x.unsure.Load() {
		return true
	}
	x.mu.RLock()
	_, ok := x.set[binary.LittleEndian.Uint64(h[:8])]
	x.mu.RUnlock()
	return ok
}

func (x *PathIndex) add(h [store.StorePathHashSize]byte) {
	k := binary.LittleEndian.Uint64(h[:8])
	x.mu.Lock()
	x.set[k] = struct{}{}
	x.mu.Unlock()
}

// addInfo adds info's path, keyed as the stores key it.
func (x *PathIndex) addInfo(info *storev1.PathInfo) {
	h, err := store.ParseStorePathName(string(store.NodeName(info.GetNode())))
	if err != nil {
		x.unsure.Store(true)
		return
	}
	x.add(h)
}

// Get implements store.PathInfoService.
func (s *indexedPathInfos) Get(ctx context.Context, h [store.StorePathHashSize]byte) (*storev1.PathInfo, error) {
	return s.inner.Get(ctx, h)
}

// List implements store.PathInfoService.
func (s *indexedPathInfos) List(ctx context.Context, fn func(*storev1.PathInfo) error) error {
	return s.inner.List(ctx, fn)
}

// Put implements store.PathInfoService.
func (s *indexedPathInfos) Put(ctx context.Context, info *storev1.PathInfo) (*storev1.PathInfo, error) {
	s.x.addInfo(info)
	return s.inner.Put(ctx, info)
}

// PutMany implements store.PathInfoBatcher.
func (s *indexedPathInfoBatcher) PutMany(ctx context.Context, infos []*storev1.PathInfo) ([]*storev1.PathInfo, error) {
	for _, info := range infos {
		s.x.addInfo(info)
	}
	return s.batcher.PutMany(ctx, infos)
}
