package localstore

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/p2pnix/tvix/store"
	bolt "go.etcd.io/bbolt"
)

var (
	bucketChunks    = []byte("chunks")
	bucketBlobs     = []byte("blobs")
	bucketDirs      = []byte("directories")
	bucketPathInfos = []byte("pathinfos")
	bucketMeta      = []byte("meta")
	keyNextPack     = []byte("next-pack")
)

// flushThreshold bounds the chunk bytes kept pending between commits.
const flushThreshold = 512 << 20

// lockTimeout is how long Open waits for another process's lock.
const lockTimeout = 2 * time.Second

// backend is the state shared by the three services of one local store.
type backend struct {
	dir string
	db  *bolt.DB

	packs *packs

	mu            sync.Mutex
	pendingChunks map[store.Digest]chunkLoc
	pendingBlobs  map[store.Digest][]store.ChunkMeta
	pendingBytes  uint64
	// holds counts, per digest, the puts in progress that reuse a stored
	// chunk or blob; touched, while deleted paths wait for a collection,
	// is every digest found stored by Has or reused by a put since the
	// first of them was deleted (nil otherwise). The collection keeps
	// both (gc.go). Guarded by mu.
	holds   map[store.Digest]int
	touched map[store.Digest]bool

	commitMu sync.Mutex // one commit at a time
	// reuseMu is held shared while a put or Has decides that content is
	// stored (and records the hold or touch), and exclusively by a
	// collection while it decides what to delete and deletes it.
	reuseMu sync.RWMutex
}

// use records that a put in progress reuses stored content d; the caller
// holds reuseMu shared and calls release when the put is recorded.
func (b *backend) use(d store.Digest) {
	b.mu.Lock()
	b.holds[d]++
	if b.touched != nil {
		b.touched[d] = true
	}
	b.mu.Unlock()
}

// touch records, while deleted paths wait for a collection, that d was
// found stored.
func (b *backend) touch(d store.Digest) {
	b.mu.Lock()
	if b.touched != nil {
		b.touched[d] = true
	}
	b.mu.Unlock()
}

// trackReuse starts recording touched digests (a path was deleted).
func (b *backend) trackReuse() {
	b.mu.Lock()
	if b.touched == nil {
		b.touched = map[store.Digest]bool{}
	}
	b.mu.Unlock()
}

// release ends the holds use recorded for ds.
func (b *backend) release(ds []store.Digest) {
	b.mu.Lock()
	for _, d := range ds {
		if b.holds[d]--; b.holds[d] <= 0 {
			delete(b.holds, d)
		}
	}
	b.mu.Unlock()
}

// Open opens (creating if needed) the local store in dir.
func Open(dir string) (*store.Store, error) {
	for _, sub := range []string{"packs", "tmp"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, fmt.Errorf("open local store: %w", err)
		}
	}
	dbPath := filepath.Join(dir, "meta.db")
	db, err := bolt.Open(dbPath, 0o644, &bolt.Options{Timeout: lockTimeout, FreelistType: bolt.FreelistMapType})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("open local store %s: in use by another process (a running tvix-node? talk to it with --node or a grpc+ store URL)", dir)
	}
	if err != nil {
		return nil, fmt.Errorf("open local store %s: %w", dbPath, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketChunks, bucketBlobs, bucketDirs, bucketPathInfos, bucketMeta} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open local store %s: %w", dbPath, err)
	}
	// We hold the lock: whatever is in tmp/ was left by a crash.
	if err := clearDir(filepath.Join(dir, "tmp")); err != nil {
		db.Close()
		return nil, fmt.Errorf("open local store: %w", err)
	}
	next := uint64(1)
	db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(keyNextPack); len(v) == 8 {
			next = getUint64(v)
		}
		return nil
	})
	b := &backend{
		dir:           dir,
		db:            db,
		packs:         &packs{dir: dir, next: next},
		pendingChunks: make(map[store.Digest]chunkLoc),
		pendingBlobs:  make(map[store.Digest][]store.ChunkMeta),
		holds:         make(map[store.Digest]int),
	}
	db.View(func(tx *bolt.Tx) error {
		if g := tx.Bucket(bucketGarbage); g != nil && g.Stats().KeyN > 0 {
			b.touched = map[store.Digest]bool{} // deleted paths wait
		}
		return nil
	})
	openPacks.Store(packsKey(dir), b.packs)
	blobs := &blobService{b: b}
	dirs := &directoryService{b: b}
	return &store.Store{
		Blobs:       blobs,
		Directories: dirs,
		PathInfos:   &pathInfoService{b: b, blobs: blobs, dirs: dirs},
		Maintenance: &maintainer{b},
		Close:       b.close,
	}, nil
}

func clearDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

func (b *backend) close() error {
	openPacks.CompareAndDelete(packsKey(b.dir), b.packs)
	err := b.commit(nil)
	if cerr := b.db.Close(); err == nil {
		err = cerr
	}
	return err
}

// commit makes all pending chunks durable, then records them, the pending
// blobs and whatever fn writes in one transaction. Chunks written into a
// pack after the seal (by concurrent Puts) wait for the next commit, and so
// do blobs that need them.
func (b *backend) commit(fn func(tx *bolt.Tx) error) error {
	b.commitMu.Lock()
	defer b.commitMu.Unlock()

	boundary, sealed, err := b.packs.seal()
	if err != nil {
		return fmt.Errorf("local store: %w", err)
	}
	b.mu.Lock()
	chunks := make(map[store.Digest]chunkLoc, len(b.pendingChunks))
	for d, l := range b.pendingChunks {
		if l.pack < boundary {
			chunks[d] = l
		}
	}
	blobs := make(map[store.Digest][]store.ChunkMeta, len(b.pendingBlobs))
blobLoop:
	for d, cs := range b.pendingBlobs {
		for _, c := range cs {
			if _, pending := b.pendingChunks[c.Digest]; pending {
				if _, now := chunks[c.Digest]; !now {
					continue blobLoop
				}
			}
		}
		blobs[d] = cs
	}
	b.mu.Unlock()

	if len(chunks) == 0 && len(blobs) == 0 && fn == nil {
		return nil
	}
	if err := b.packs.sync(sealed); err != nil {
		return fmt.Errorf("local store: %w", err)
	}
	err = b.db.Update(func(tx *bolt.Tx) error {
		cb := tx.Bucket(bucketChunks)
		for d, l := range chunks {
			if err := cb.Put(d[:], l.encode()); err != nil {
				return err
			}
		}
		bb := tx.Bucket(bucketBlobs)
		for d, cs := range blobs {
			if err := bb.Put(d[:], encodeChunkList(cs)); err != nil {
				return err
			}
		}
		next := make([]byte, 8)
		putUint64(next, boundary)
		if err := tx.Bucket(bucketMeta).Put(keyNextPack, next); err != nil {
			return err
		}
		if fn != nil {
			return fn(tx)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("local store: commit: %w", err)
	}
	b.mu.Lock()
	for d, l := range chunks {
		delete(b.pendingChunks, d)
		b.pendingBytes -= l.size
	}
	for d := range blobs {
		delete(b.pendingBlobs, d)
	}
	b.mu.Unlock()
	return nil
}

func putUint64(b []byte, v uint64) {
	for i := 0; i < 8; i++ {
		b[i] = byte(v >> (8 * i))
	}
}

func getUint64(b []byte) uint64 {
	var v uint64
	for i := 0; i < 8; i++ {
		v |= uint64(b[i]) << (8 * i)
	}
	return v
}

const chunkRecordSize = store.DigestSize + 8

func encodeChunkList(cs []store.ChunkMeta) []byte {
	out := make([]byte, len(cs)*chunkRecordSize)
	for i, c := range cs {
		rec := out[i*chunkRecordSize:]
		copy(rec, c.Digest[:])
		putUint64(rec[store.DigestSize:], c.Size)
	}
	return out
}

func decodeChunkList(b []byte) ([]store.ChunkMeta, error) {
	if len(b)%chunkRecordSize != 0 {
		return nil, fmt.Errorf("%w: chunk list of %d bytes", store.ErrCorrupt, len(b))
	}
	cs := make([]store.ChunkMeta, len(b)/chunkRecordSize)
	for i := range cs {
		rec := b[i*chunkRecordSize:]
		copy(cs[i].Digest[:], rec)
		cs[i].Size = getUint64(rec[store.DigestSize:])
	}
	return cs, nil
}
