package localstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	bolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"
)

// Buckets of the maintenance data, created on first use.
var (
	// bucketPins: hash part -> store path base name, paths never deleted.
	bucketPins = []byte("pins")
	// bucketAtimes: hash part -> last use (unix seconds, 8 bytes).
	bucketAtimes = []byte("atimes")
	// bucketGarbage: hash part -> encoded root node of a deleted path,
	// whose content CollectGarbage examines next.
	bucketGarbage = []byte("garbage")
)

// compactBelow: a pack whose live bytes are below this fraction of its
// size has its live chunks copied to a new pack and is removed.
const compactBelow = 0.5

// maintainer is the local store's store.Maintainer (Store.Maintenance):
// it deletes paths and collects the content no remaining path needs,
// keeps pins (paths never deleted) and the paths' last-use times, and
// measures the store. Its methods are safe for concurrent use with the
// store's.
type maintainer struct{ b *backend }

var _ store.Maintainer = (*maintainer)(nil)

func hashName(h [store.StorePathHashSize]byte) string { return nixbase32.EncodeToString(h[:]) }

// Pin keeps the stored path h from being deleted.
func (m *maintainer) Pin(ctx context.Context, h [store.StorePathHashSize]byte) error {
	return m.b.db.Update(func(tx *bolt.Tx) error {
		enc := tx.Bucket(bucketPathInfos).Get(h[:])
		if enc == nil {
			return fmt.Errorf("path %s: %w", hashName(h), store.ErrNotFound)
		}
		info := new(storev1.PathInfo)
		if err := proto.Unmarshal(enc, info); err != nil {
			return fmt.Errorf("%w: path info %s: %v", store.ErrCorrupt, hashName(h), err)
		}
		pins, err := tx.CreateBucketIfNotExists(bucketPins)
		if err != nil {
			return err
		}
		return pins.Put(h[:], []byte(store.NodeName(info.Node)))
	})
}

// Unpin lets path h be deleted again; it reports whether h was pinned.
func (m *maintainer) Unpin(ctx context.Context, h [store.StorePathHashSize]byte) (bool, error) {
	was := false
	err := m.b.db.Update(func(tx *bolt.Tx) error {
		pins := tx.Bucket(bucketPins)
		if pins == nil || pins.Get(h[:]) == nil {
			return nil
		}
		was = true
		return pins.Delete(h[:])
	})
	return was, err
}

// Pins lists the pinned paths in hash order.
func (m *maintainer) Pins(ctx context.Context) ([]store.Pin, error) {
	var out []store.Pin
	err := m.b.db.View(func(tx *bolt.Tx) error {
		pins := tx.Bucket(bucketPins)
		if pins == nil {
			return nil
		}
		return pins.ForEach(func(k, v []byte) error {
			if len(k) != store.StorePathHashSize {
				return fmt.Errorf("%w: pin key %x", store.ErrCorrupt, k)
			}
			out = append(out, store.Pin{Hash: [store.StorePathHashSize]byte(k), Name: string(v)})
			return nil
		})
	})
	return out, err
}

// Pinned reports whether path h is pinned.
func (m *maintainer) Pinned(ctx context.Context, h [store.StorePathHashSize]byte) (bool, error) {
	pinned := false
	err := m.b.db.View(func(tx *bolt.Tx) error {
		pinned = tx.Bucket(bucketPins) != nil && tx.Bucket(bucketPins).Get(h[:]) != nil
		return nil
	})
	return pinned, err
}

// SaveAccessTimes records last-use times of paths (unknown paths are
// skipped), in one transaction.
func (m *maintainer) SaveAccessTimes(ctx context.Context, times map[[store.StorePathHashSize]byte]time.Time) error {
	if len(times) == 0 {
		return nil
	}
	return m.b.db.Update(func(tx *bolt.Tx) error {
		at, err := tx.CreateBucketIfNotExists(bucketAtimes)
		if err != nil {
			return err
		}
		pis := tx.Bucket(bucketPathInfos)
		for h, t := range times {
			if pis.Get(h[:]) == nil {
				continue
			}
			v := make([]byte, 8)
			putUint64(v, uint64(t.Unix()))
			if err := at.Put(h[:], v); err != nil {
				return err
			}
		}
		return nil
	})
}

// AccessTimes returns the recorded last-use times.
func (m *maintainer) AccessTimes(ctx context.Context) (map[[store.StorePathHashSize]byte]time.Time, error) {
	out := map[[store.StorePathHashSize]byte]time.Time{}
	err := m.b.db.View(func(tx *bolt.Tx) error {
		at := tx.Bucket(bucketAtimes)
		if at == nil {
			return nil
		}
		return at.ForEach(func(k, v []byte) error {
			if len(k) == store.StorePathHashSize && len(v) == 8 {
				out[[store.StorePathHashSize]byte(k)] = time.Unix(int64(getUint64(v)), 0)
			}
			return nil
		})
	})
	return out, err
}

// Delete removes path h's PathInfo (not yet its content: see
// CollectGarbage). A pinned path is refused with store.ErrPinned.
func (m *maintainer) Delete(ctx context.Context, h [store.StorePathHashSize]byte) error {
	err := m.b.db.Update(func(tx *bolt.Tx) error {
		if pins := tx.Bucket(bucketPins); pins != nil && pins.Get(h[:]) != nil {
			return fmt.Errorf("path %s: %w", hashName(h), store.ErrPinned)
		}
		pis := tx.Bucket(bucketPathInfos)
		enc := pis.Get(h[:])
		if enc == nil {
			return fmt.Errorf("path %s: %w", hashName(h), store.ErrNotFound)
		}
		info := new(storev1.PathInfo)
		if err := proto.Unmarshal(enc, info); err != nil {
			return fmt.Errorf("%w: path info %s: %v", store.ErrCorrupt, hashName(h), err)
		}
		node, err := proto.Marshal(info.Node)
		if err != nil {
			return err
		}
		garbage, err := tx.CreateBucketIfNotExists(bucketGarbage)
		if err != nil {
			return err
		}
		if err := garbage.Put(h[:], node); err != nil {
			return err
		}
		if at := tx.Bucket(bucketAtimes); at != nil {
			if err := at.Delete(h[:]); err != nil {
				return err
			}
		}
		m.b.trackReuse()
		return pis.Delete(h[:])
	})
	if err == nil {
		m.b.trackReuse() // again: a collection ending meanwhile stopped it
	}
	return err
}

// Size returns the bytes of pack files the store holds on disk.
func (m *maintainer) Size(ctx context.Context) (uint64, error) {
	var total uint64
	for _, sub := range []string{"packs", "tmp"} {
		entries, err := os.ReadDir(filepath.Join(m.b.dir, sub))
		if err != nil {
			return 0, err
		}
		for _, e := range entries {
			if fi, err := e.Info(); err == nil {
				total += uint64(fi.Size())
			}
		}
	}
	return total, nil
}

// CollectGarbage removes the directories, blobs and chunks below paths
// deleted since the last collection that no remaining path refers to,
// removes pack files left without live chunks, and compacts packs that
// are mostly dead. Only content of deleted paths is considered, so an
// upload in progress (directories and blobs put before their PathInfo)
// is not taken; nor is content that a put in progress reuses, or that a
// put or Has found stored since a path was deleted (Delete starts that
// tracking; a collection that leaves no garbage ends it). The mark runs
// alongside puts; then a put deciding to reuse stored content and the
// collection deciding what to delete exclude each other (reuseMu), so a
// put either sees a chunk gone and writes it again or the collection
// keeps it. Content reused by an upload before the path holding it was
// deleted, with the upload's PathInfo put after the collection, may
// still be taken; store.VerifyAll reports such a path.
func (m *maintainer) CollectGarbage(ctx context.Context) (store.GCStats, error) {
	b := m.b
	// Commits (new PathInfos and directories) wait until the end.
	b.commitMu.Lock()
	defer b.commitMu.Unlock()
	var st store.GCStats
	mk, err := m.mark(ctx)
	if err == nil && len(mk.garbage) > 0 {
		err = m.sweep(mk, &st)
	}
	if err == nil {
		err = m.b.db.View(func(tx *bolt.Tx) error {
			if g := tx.Bucket(bucketGarbage); g == nil || g.Stats().KeyN == 0 {
				b.mu.Lock()
				b.touched = nil // nothing left to collect: stop tracking
				b.mu.Unlock()
			}
			return nil
		})
	}
	if err != nil {
		return st, fmt.Errorf("local store: collect garbage: %w", err)
	}
	if err := m.sweepPacks(ctx, &st); err != nil {
		return st, fmt.Errorf("local store: collect garbage: %w", err)
	}
	return st, nil
}

// marks is what a collection found: the garbage records it handles, the
// directories and files below them and below the remaining paths.
type marks struct {
	garbage             [][]byte
	deadDirs, deadFiles map[store.Digest]bool
	liveDirs, liveFiles map[store.Digest]bool
}

// mark walks the garbage records and the remaining paths. The caller
// holds commitMu: no PathInfo is added meanwhile (one deleted meanwhile
// only keeps more).
func (m *maintainer) mark(ctx context.Context) (*marks, error) {
	mk := &marks{
		deadDirs: map[store.Digest]bool{}, deadFiles: map[store.Digest]bool{},
		liveDirs: map[store.Digest]bool{}, liveFiles: map[store.Digest]bool{},
	}
	err := m.b.db.View(func(tx *bolt.Tx) error {
		garbage := tx.Bucket(bucketGarbage)
		if garbage == nil {
			return nil
		}
		dirs := tx.Bucket(bucketDirs)
		getDir := func(_ context.Context, d store.Digest) (*castorev1.Directory, error) {
			enc := dirs.Get(d[:])
			if enc == nil {
				return nil, fmt.Errorf("directory %v: %w", d, store.ErrNotFound)
			}
			return store.DecodeDirectory(bytes.Clone(enc), d)
		}
		// closure adds the directories and file blobs below node.
		closure := func(node *castorev1.Node, ds, fs map[store.Digest]bool) error {
			switch {
			case node.GetFile() != nil:
				fs[store.Digest(node.GetFile().Digest)] = true
			case node.GetDirectory() != nil:
				root := store.Digest(node.GetDirectory().Digest)
				if ds[root] {
					return nil
				}
				err := store.WalkDirectories(ctx, root, getDir, func(d store.Digest, dir *castorev1.Directory) error {
					ds[d] = true
					for _, f := range dir.Files {
						fs[store.Digest(f.Digest)] = true
					}
					return nil
				})
				if errors.Is(err, store.ErrNotFound) {
					return nil // already partly collected
				}
				return err
			}
			return nil
		}
		err := garbage.ForEach(func(k, v []byte) error {
			mk.garbage = append(mk.garbage, bytes.Clone(k))
			node := new(castorev1.Node)
			if err := proto.Unmarshal(v, node); err != nil {
				return fmt.Errorf("%w: garbage record: %v", store.ErrCorrupt, err)
			}
			return closure(node, mk.deadDirs, mk.deadFiles)
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bucketPathInfos).ForEach(func(_, v []byte) error {
			info := new(storev1.PathInfo)
			if err := proto.Unmarshal(v, info); err != nil {
				return fmt.Errorf("%w: path info: %v", store.ErrCorrupt, err)
			}
			return closure(info.Node, mk.liveDirs, mk.liveFiles)
		})
	})
	return mk, err
}

// sweep deletes the dead content mk found that is not live, not pending
// and not reused, and the garbage records it handled, in one transaction
// during which no put decides to reuse stored content. The caller holds
// commitMu.
func (m *maintainer) sweep(mk *marks, st *store.GCStats) error {
	b := m.b
	b.reuseMu.Lock()
	defer b.reuseMu.Unlock()
	liveChunks := map[store.Digest]bool{}
	liveFiles := mk.liveFiles
	b.mu.Lock()
	for d := range b.pendingChunks {
		liveChunks[d] = true
	}
	for _, cs := range b.pendingBlobs {
		for _, c := range cs {
			liveChunks[c.Digest] = true
		}
	}
	for d := range b.holds {
		liveFiles[d] = true
	}
	for d := range b.touched {
		liveFiles[d] = true
	}
	b.mu.Unlock()
	return b.db.Update(func(tx *bolt.Tx) error {
		dirs, blobs, chunks := tx.Bucket(bucketDirs), tx.Bucket(bucketBlobs), tx.Bucket(bucketChunks)
		// Chunks of live blobs stay, and so does content being reused.
		for f := range liveFiles {
			liveChunks[f] = true
			if v := blobs.Get(f[:]); v != nil {
				cs, err := decodeChunkList(v)
				if err != nil {
					return err
				}
				for _, c := range cs {
					liveChunks[c.Digest] = true
				}
			}
		}
		for d := range mk.deadDirs {
			if !mk.liveDirs[d] && dirs.Get(d[:]) != nil {
				if err := dirs.Delete(d[:]); err != nil {
					return err
				}
				st.Directories++
			}
		}
		dropChunk := func(d store.Digest) error {
			v := chunks.Get(d[:])
			if v == nil || liveChunks[d] {
				return nil
			}
			l, err := decodeChunkLoc(v)
			if err != nil {
				return err
			}
			st.Chunks++
			st.ChunkBytes += l.size
			return chunks.Delete(d[:])
		}
		for f := range mk.deadFiles {
			if liveFiles[f] {
				continue
			}
			if v := blobs.Get(f[:]); v != nil {
				cs, err := decodeChunkList(v)
				if err != nil {
					return err
				}
				if err := blobs.Delete(f[:]); err != nil {
					return err
				}
				st.Blobs++
				for _, c := range cs {
					if err := dropChunk(c.Digest); err != nil {
						return err
					}
				}
				continue
			}
			if chunks.Get(f[:]) != nil && !liveChunks[f] {
				st.Blobs++
				if err := dropChunk(f); err != nil {
					return err
				}
			}
		}
		// Records added since the mark wait for the next collection.
		garbage := tx.Bucket(bucketGarbage)
		for _, k := range mk.garbage {
			if err := garbage.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
}

// sweepPacks removes committed packs without live chunks and compacts
// mostly dead ones. The caller holds commitMu.
func (m *maintainer) sweepPacks(ctx context.Context, st *store.GCStats) error {
	b := m.b
	live := map[uint64]uint64{} // pack -> live bytes
	err := b.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketChunks).ForEach(func(_, v []byte) error {
			l, err := decodeChunkLoc(v)
			if err != nil {
				return err
			}
			live[l.pack] += l.size
			return nil
		})
	})
	if err != nil {
		return err
	}
	b.mu.Lock()
	for _, l := range b.pendingChunks {
		live[l.pack] += l.size
	}
	b.mu.Unlock()
	b.packs.mu.Lock()
	busy := map[uint64]bool{}
	if b.packs.cur != nil {
		busy[b.packs.curID] = true
	}
	for _, id := range append(append([]uint64(nil), b.packs.written...), b.packs.unsynced...) {
		busy[id] = true
	}
	b.packs.mu.Unlock()

	entries, err := os.ReadDir(filepath.Join(b.dir, "packs"))
	if err != nil {
		return err
	}
	var compact []uint64
	for _, e := range entries {
		id, err := strconv.ParseUint(strings.TrimSuffix(e.Name(), ".pack"), 10, 64)
		if err != nil || !strings.HasSuffix(e.Name(), ".pack") || busy[id] {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		switch size := uint64(fi.Size()); {
		case live[id] == 0:
			if err := os.Remove(packPath(b.dir, id, true)); err != nil {
				return err
			}
			st.PacksRemoved++
			st.PackBytesFreed += size
		case float64(live[id]) < compactBelow*float64(size):
			compact = append(compact, id)
			st.PackBytesFreed += size - live[id]
		}
	}
	if len(compact) == 0 {
		return nil
	}
	if err := m.compact(ctx, compact); err != nil {
		return err
	}
	st.PacksRemoved += len(compact)
	return nil
}

// compact copies the live chunks of packs ids into new packs, records
// their new places and removes the old packs. The caller holds commitMu.
func (m *maintainer) compact(ctx context.Context, ids []uint64) error {
	b := m.b
	old := map[uint64]bool{}
	for _, id := range ids {
		old[id] = true
	}
	type move struct {
		d   store.Digest
		loc chunkLoc
	}
	var moves []move
	err := b.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketChunks).ForEach(func(k, v []byte) error {
			l, err := decodeChunkLoc(v)
			if err != nil {
				return err
			}
			if old[l.pack] && len(k) == store.DigestSize {
				moves = append(moves, move{store.Digest(k), l})
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	files := map[uint64]*os.File{}
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	for i, mv := range moves {
		if err := ctx.Err(); err != nil {
			return err
		}
		f := files[mv.loc.pack]
		if f == nil {
			if f, err = openPack(b.dir, mv.loc.pack); err != nil {
				return err
			}
			files[mv.loc.pack] = f
		}
		data := make([]byte, mv.loc.size)
		if _, err := io.ReadFull(io.NewSectionReader(f, int64(mv.loc.off), int64(mv.loc.size)), data); err != nil {
			return fmt.Errorf("compact pack %d: %w", mv.loc.pack, err)
		}
		if store.DigestOf(data) != mv.d {
			return fmt.Errorf("%w: compact pack %d: chunk %v", store.ErrCorrupt, mv.loc.pack, mv.d)
		}
		if moves[i].loc, err = b.packs.append(data); err != nil {
			return err
		}
	}
	// As a commit does: the new packs durable, then their records and the
	// next pack id in one transaction, then the old packs go.
	boundary, sealed, err := b.packs.seal()
	if err != nil {
		return err
	}
	if err := b.packs.sync(sealed); err != nil {
		return err
	}
	err = b.db.Update(func(tx *bolt.Tx) error {
		cb := tx.Bucket(bucketChunks)
		for _, mv := range moves {
			if err := cb.Put(mv.d[:], mv.loc.encode()); err != nil {
				return err
			}
		}
		next := make([]byte, 8)
		putUint64(next, boundary)
		return tx.Bucket(bucketMeta).Put(keyNextPack, next)
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := os.Remove(packPath(b.dir, id, true)); err != nil {
			return err
		}
	}
	return nil
}
