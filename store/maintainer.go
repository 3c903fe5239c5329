package store

import (
	"context"
	"errors"
	"time"
)

// ErrPinned: the path is pinned and cannot be deleted.
var ErrPinned = errors.New("pinned")

// Maintainer is the optional maintenance capability of a store whose
// backend can delete what it holds: deleting paths and collecting the
// content no remaining path needs, pins (paths never deleted), the
// paths' last-use times, and the store's size. A Store carries it in
// its Maintenance field; localstore.Open sets it. Implementations are
// safe for concurrent use with the store's services.
type Maintainer interface {
	// Pin keeps the stored path h from being deleted; a path not stored
	// is an error wrapping ErrNotFound.
	Pin(ctx context.Context, h [StorePathHashSize]byte) error
	// Unpin lets path h be deleted again; it reports whether h was
	// pinned.
	Unpin(ctx context.Context, h [StorePathHashSize]byte) (bool, error)
	// Pins lists the pinned paths in hash order.
	Pins(ctx context.Context) ([]Pin, error)
	// Pinned reports whether path h is pinned.
	Pinned(ctx context.Context, h [StorePathHashSize]byte) (bool, error)
	// Delete removes path h's PathInfo, not yet its content (see
	// CollectGarbage). A pinned path is refused with an error wrapping
	// ErrPinned.
	Delete(ctx context.Context, h [StorePathHashSize]byte) error
	// CollectGarbage removes the content below paths deleted since the
	// last collection that no remaining path refers to.
	CollectGarbage(ctx context.Context) (GCStats, error)
	// Size returns the bytes the store holds on disk.
	Size(ctx context.Context) (uint64, error)
	// SaveAccessTimes records last-use times of paths (unknown paths are
	// skipped).
	SaveAccessTimes(ctx context.Context, times map[[StorePathHashSize]byte]time.Time) error
	// AccessTimes returns the recorded last-use times.
	AccessTimes(ctx context.Context) (map[[StorePathHashSize]byte]time.Time, error)
}

// Pin is a pinned path: its hash part and base name (hash-name).
type Pin struct {
	Hash [StorePathHashSize]byte
	Name string
}

// GCStats is what Maintainer.CollectGarbage removed.
type GCStats struct {
	Directories, Blobs, Chunks int
	ChunkBytes                 uint64
	// PacksRemoved counts pack files removed (dead, or compacted into a
	// new pack); PackBytesFreed their size less the live bytes copied.
	PacksRemoved   int
	PackBytesFreed uint64
}
