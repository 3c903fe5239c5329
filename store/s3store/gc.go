package s3store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/nix-community/go-nix/pkg/nixbase32"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
)

var _ store.Maintainer = (*maintainer)(nil)

const (
	kindPins = "pins"
	// clockKey is rewritten by each collection to read the server's clock,
	// which set every object's modification time.
	clockKey = "gc-clock"
)

// maintainer deletes PathInfos, keeps pins as pins/<hash> objects, and
// collects the bucket's garbage (see doc.go).
type maintainer struct {
	b     *bucket
	grace time.Duration
}

func (m *maintainer) pinKey(h [store.StorePathHashSize]byte) string {
	return m.b.key(kindPins, nixbase32.EncodeToString(h[:]))
}

func (m *maintainer) infos() *pathInfoService { return &pathInfoService{b: m.b} }

func (m *maintainer) Pin(ctx context.Context, h [store.StorePathHashSize]byte) error {
	info, err := m.infos().Get(ctx, h)
	if err != nil {
		return err
	}
	return m.b.put(ctx, m.pinKey(h), store.NodeName(info.Node))
}

func (m *maintainer) Unpin(ctx context.Context, h [store.StorePathHashSize]byte) (bool, error) {
	was, err := m.Pinned(ctx, h)
	if err != nil || !was {
		return false, err
	}
	return true, m.b.del(ctx, m.pinKey(h))
}

func (m *maintainer) Pins(ctx context.Context) ([]store.Pin, error) {
	var pins []store.Pin
	err := m.b.list(ctx, kindPins, func(o object) error {
		h, ok := hashOfKey(m.b, kindPins, o.Key)
		if !ok {
			return nil
		}
		name, _, err := m.b.get(ctx, o.Key)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		pins = append(pins, store.Pin{Hash: h, Name: string(name)})
		return nil
	})
	sort.Slice(pins, func(i, j int) bool { return bytes.Compare(pins[i].Hash[:], pins[j].Hash[:]) < 0 })
	return pins, err
}

func (m *maintainer) Pinned(ctx context.Context, h [store.StorePathHashSize]byte) (bool, error) {
	ok, _, _, err := m.b.head(ctx, m.pinKey(h))
	return ok, err
}

// Delete removes path h's PathInfo; CollectGarbage removes its content
// once no PathInfo refers to it and the grace period has passed.
func (m *maintainer) Delete(ctx context.Context, h [store.StorePathHashSize]byte) error {
	name := nixbase32.EncodeToString(h[:])
	if pinned, err := m.Pinned(ctx, h); err != nil {
		return err
	} else if pinned {
		return fmt.Errorf("path %s: %w", name, store.ErrPinned)
	}
	key := m.infos().key(h)
	ok, _, _, err := m.b.head(ctx, key)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("path %s: %w", name, store.ErrNotFound)
	}
	return m.b.del(ctx, key)
}

func (m *maintainer) CollectGarbage(ctx context.Context) (store.GCStats, error) {
	return collect(ctx, m.b, m.grace)
}

// Size sums the sizes of the store's objects.
func (m *maintainer) Size(ctx context.Context) (uint64, error) {
	var n uint64
	for _, kind := range []string{kindChunks, kindBlobs, kindDirectories, kindPathInfos, kindPins} {
		if err := m.b.list(ctx, kind, func(o object) error { n += uint64(o.Size); return nil }); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// SaveAccessTimes records nothing: a bucket shared by nodes keeps no use
// times (each node's own shard does).
func (m *maintainer) SaveAccessTimes(ctx context.Context, times map[[store.StorePathHashSize]byte]time.Time) error {
	return nil
}

// AccessTimes returns no times (see SaveAccessTimes).
func (m *maintainer) AccessTimes(ctx context.Context) (map[[store.StorePathHashSize]byte]time.Time, error) {
	return map[[store.StorePathHashSize]byte]time.Time{}, nil
}

// ErrNotS3: CollectGarbage was given a store Open did not return.
var ErrNotS3 = errors.New("not an S3 store")

// CollectGarbage removes from the store st (opened by Open) every chunk,
// chunk list and directory that no PathInfo reaches and that is older
// than grace by the server's clock. Objects younger than grace are kept
// with all they refer to, which protects uploads in progress; grace 0
// removes every unreferenced object and is safe only with no writers.
func CollectGarbage(ctx context.Context, st *store.Store, grace time.Duration) (store.GCStats, error) {
	m, ok := st.Maintenance.(*maintainer)
	if !ok {
		return store.GCStats{}, ErrNotS3
	}
	return collect(ctx, m.b, grace)
}

func collect(ctx context.Context, b *bucket, grace time.Duration) (store.GCStats, error) {
	var stats store.GCStats
	where := "garbage collection of s3://" + b.name + "/" + b.prefix
	young := func(time.Time) bool { return false }
	if grace > 0 {
		clock := b.prefix + clockKey
		if err := b.put(ctx, clock, nil); err != nil {
			return stats, fmt.Errorf("%s: %w", where, err)
		}
		ok, _, now, err := b.head(ctx, clock)
		if err != nil || !ok {
			return stats, fmt.Errorf("%s: reading the server clock: %v", where, err)
		}
		young = func(t time.Time) bool { return t.After(now.Add(-grace)) }
	}

	// Everything stored, before the PathInfos are read: what appears
	// later is young and not swept.
	all := map[string]map[store.Digest]object{}
	for _, kind := range []string{kindChunks, kindBlobs, kindDirectories} {
		objs := map[store.Digest]object{}
		err := b.list(ctx, kind, func(o object) error {
			if d, ok := b.digestOf(o.Key, kind); ok {
				objs[d] = o
			}
			return nil
		})
		if err != nil {
			return stats, fmt.Errorf("%s: %w", where, err)
		}
		all[kind] = objs
	}

	mk := &marker{b: b, blobs: &blobService{b: b}, dirs: &directoryService{b: b}, all: all,
		live: map[string]map[store.Digest]bool{kindChunks: {}, kindBlobs: {}, kindDirectories: {}}}
	infos := &pathInfoService{b: b}
	err := infos.List(ctx, func(info *storev1.PathInfo) error { return mk.node(ctx, info.Node) })
	if err != nil {
		return stats, fmt.Errorf("%s: %w", where, err)
	}
	for _, kind := range []string{kindBlobs, kindDirectories} {
		for d, o := range all[kind] {
			if !young(o.ModTime) {
				continue
			}
			if err := mk.object(ctx, kind, d); err != nil {
				return stats, fmt.Errorf("%s: %w", where, err)
			}
		}
	}

	// A writer may have refreshed a candidate since the listing, to refer
	// to it again: first spare the lists and directories refreshed since,
	// with all they reach, then delete, heading each object once more.
	for _, kind := range []string{kindBlobs, kindDirectories} {
		for d, o := range all[kind] {
			if mk.live[kind][d] || young(o.ModTime) {
				continue
			}
			ok, _, mod, err := b.head(ctx, o.Key)
			if err != nil {
				return stats, fmt.Errorf("%s: %w", where, err)
			}
			if !ok || !young(mod) {
				continue
			}
			if err := mk.object(ctx, kind, d); err != nil {
				return stats, fmt.Errorf("%s: %w", where, err)
			}
		}
	}
	// Lists and directories before the chunks they name.
	for _, kind := range []string{kindBlobs, kindDirectories, kindChunks} {
		for d, o := range all[kind] {
			if mk.live[kind][d] || young(o.ModTime) {
				continue
			}
			ok, _, mod, err := b.head(ctx, o.Key)
			if err != nil {
				return stats, fmt.Errorf("%s: %w", where, err)
			}
			if !ok || young(mod) {
				continue
			}
			if err := b.del(ctx, o.Key); err != nil {
				return stats, fmt.Errorf("%s: %w", where, err)
			}
			switch kind {
			case kindChunks:
				stats.Chunks++
				stats.ChunkBytes += uint64(o.Size)
			case kindBlobs:
				stats.Blobs++
			default:
				stats.Directories++
			}
		}
	}
	return stats, nil
}

// marker marks what PathInfos and young objects reach. A directory or
// chunk list that cannot be read stops the collection: what it refers to
// is unknown.
type marker struct {
	b     *bucket
	blobs *blobService
	dirs  *directoryService
	all   map[string]map[store.Digest]object
	live  map[string]map[store.Digest]bool
}

func (mk *marker) node(ctx context.Context, n *castorev1.Node) error {
	switch {
	case n.GetDirectory() != nil:
		return mk.dir(ctx, store.Digest(n.GetDirectory().Digest))
	case n.GetFile() != nil:
		return mk.blob(ctx, store.Digest(n.GetFile().Digest))
	}
	return nil
}

// object marks chunk list (kindBlobs) or directory d.
func (mk *marker) object(ctx context.Context, kind string, d store.Digest) error {
	if kind == kindBlobs {
		return mk.blob(ctx, d)
	}
	return mk.dir(ctx, d)
}

func (mk *marker) blob(ctx context.Context, d store.Digest) error {
	if mk.live[kindBlobs][d] || mk.live[kindChunks][d] {
		return nil
	}
	mk.live[kindChunks][d] = true
	if _, ok := mk.all[kindBlobs][d]; !ok {
		return nil
	}
	mk.live[kindBlobs][d] = true
	cs, err := mk.blobs.chunkList(ctx, d)
	if err != nil {
		return err
	}
	for _, c := range cs {
		mk.live[kindChunks][c.Digest] = true
	}
	return nil
}

func (mk *marker) dir(ctx context.Context, root store.Digest) error {
	if mk.live[kindDirectories][root] {
		return nil
	}
	return store.WalkDirectories(ctx, root, func(ctx context.Context, d store.Digest) (*castorev1.Directory, error) {
		if mk.live[kindDirectories][d] {
			return &castorev1.Directory{}, nil // marked with its children already
		}
		mk.live[kindDirectories][d] = true
		if _, ok := mk.all[kindDirectories][d]; !ok {
			return &castorev1.Directory{}, nil // written after the listing: young
		}
		return mk.dirs.Get(ctx, d)
	}, func(d store.Digest, dir *castorev1.Directory) error {
		for _, f := range dir.Files {
			if err := mk.blob(ctx, store.Digest(f.Digest)); err != nil {
				return err
			}
		}
		return nil
	})
}
