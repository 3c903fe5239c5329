package localstore

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/p2pnix/tvix/store"
	bolt "go.etcd.io/bbolt"
)

var (
	_ store.BlobService   = (*blobService)(nil)
	_ store.ChunkPutter   = (*blobService)(nil)
	_ store.BlobInventory = (*blobService)(nil)
)

// blobService keeps chunks in pack files and chunk lists in meta.db.
type blobService struct{ b *backend }

// chunkLoc returns where chunk d is, pending or committed.
func (s *blobService) chunkLoc(d store.Digest) (chunkLoc, bool, error) {
	s.b.mu.Lock()
	l, ok := s.b.pendingChunks[d]
	s.b.mu.Unlock()
	if ok {
		return l, true, nil
	}
	var err error
	verr := s.b.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketChunks).Get(d[:]); v != nil {
			l, err = decodeChunkLoc(v)
			l.data = bytes.Clone(l.data) // v is only valid in tx
			ok = err == nil
		}
		return nil
	})
	if verr != nil {
		return l, false, fmt.Errorf("local store: %w", verr)
	}
	if err != nil {
		return l, false, fmt.Errorf("chunk %v: %w", d, err)
	}
	return l, ok, nil
}

// lookup returns the chunks of blob (or chunk) d, pending or committed.
func (s *blobService) lookup(d store.Digest) ([]store.ChunkMeta, bool, error) {
	s.b.mu.Lock()
	l, isChunk := s.b.pendingChunks[d]
	cs, isBlob := s.b.pendingBlobs[d]
	s.b.mu.Unlock()
	switch {
	case isBlob:
		return cs, true, nil
	case isChunk:
		return []store.ChunkMeta{{Digest: d, Size: l.size}}, true, nil
	}
	var err error
	verr := s.b.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketChunks).Get(d[:]); v != nil {
			if l, err = decodeChunkLoc(v); err == nil {
				cs = []store.ChunkMeta{{Digest: d, Size: l.size}}
			}
		} else if v := tx.Bucket(bucketBlobs).Get(d[:]); v != nil {
			cs, err = decodeChunkList(v)
		}
		return nil
	})
	if verr != nil {
		return nil, false, fmt.Errorf("local store: %w", verr)
	}
	if err != nil {
		return nil, false, fmt.Errorf("blob %v: %w", d, err)
	}
	return cs, cs != nil, nil
}

// Has reports whether d is stored; a collection running meanwhile keeps d
// (the caller may go on to refer to it).
func (s *blobService) Has(ctx context.Context, d store.Digest) (bool, error) {
	s.b.reuseMu.RLock()
	defer s.b.reuseMu.RUnlock()
	_, ok, err := s.lookup(d)
	if ok {
		s.b.touch(d)
	}
	return ok, err
}

func (s *blobService) Chunks(ctx context.Context, d store.Digest) ([]store.ChunkMeta, error) {
	cs, ok, err := s.lookup(d)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("blob %v: %w", d, store.ErrNotFound)
	}
	return cs, nil
}

func (s *blobService) Open(ctx context.Context, d store.Digest) (io.ReadCloser, error) {
	cs, err := s.Chunks(ctx, d)
	if err != nil {
		return nil, err
	}
	return &packReader{s: s, blob: d, chunks: cs}, nil
}

// packReader reads the chunks of one blob from their packs in order,
// keeping the pack file open while consecutive chunks share it.
type packReader struct {
	s      *blobService
	blob   store.Digest
	chunks []store.ChunkMeta
	pack   *os.File
	packID uint64
	cur    *io.SectionReader
}

func (r *packReader) Read(p []byte) (int, error) {
	for {
		if r.cur == nil {
			if len(r.chunks) == 0 {
				return 0, io.EOF
			}
			if err := r.next(); err != nil {
				return 0, err
			}
		}
		n, err := r.cur.Read(p)
		if err == io.EOF {
			r.cur = nil
			if n > 0 {
				return n, nil
			}
			continue
		}
		return n, err
	}
}

// next positions r at the next chunk.
func (r *packReader) next() error {
	c := r.chunks[0]
	r.chunks = r.chunks[1:]
	l, ok, err := r.s.chunkLoc(c.Digest)
	if err != nil {
		return err
	}
	if !ok || l.size != c.Size {
		return fmt.Errorf("%w: blob %v: chunk %v is missing or has another size", store.ErrCorrupt, r.blob, c.Digest)
	}
	if l.inline() {
		r.cur = io.NewSectionReader(bytes.NewReader(l.data), 0, int64(l.size))
		return nil
	}
	if err := r.s.b.packs.readable(l.pack, l.off+l.size); err != nil {
		return fmt.Errorf("blob %v: %w", r.blob, err)
	}
	if r.pack == nil || r.packID != l.pack {
		if r.pack != nil {
			r.pack.Close()
		}
		if r.pack, err = openPack(r.s.b.dir, l.pack); err != nil {
			return fmt.Errorf("blob %v: %w", r.blob, err)
		}
		r.packID = l.pack
	}
	r.cur = io.NewSectionReader(r.pack, int64(l.off), int64(l.size))
	return nil
}

func (r *packReader) Close() error {
	if r.pack != nil {
		r.pack.Close()
		r.pack = nil
	}
	r.chunks, r.cur = nil, nil
	return nil
}

func (s *blobService) Put(ctx context.Context, r io.Reader) (store.Digest, uint64, error) {
	var list []store.ChunkMeta
	var held []store.Digest
	defer func() { s.b.release(held) }()
	d, size, err := store.SplitBlob(r, func(c store.ChunkMeta, data []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		list = append(list, c)
		if _, ok, err := s.reuse(c.Digest, true, &held); ok || err != nil {
			return err
		}
		return s.addChunk(c, data)
	})
	if err != nil {
		return store.Digest{}, 0, fmt.Errorf("local store: put blob: %w", err)
	}
	if len(list) > 1 {
		if _, ok, err := s.reuse(d, false, &held); err != nil {
			return store.Digest{}, 0, err
		} else if !ok {
			s.b.mu.Lock()
			s.b.pendingBlobs[d] = list
			s.b.mu.Unlock()
		}
	}
	if err := s.flushIfFull(); err != nil {
		return store.Digest{}, 0, err
	}
	return d, size, nil
}

// PutChunks implements store.ChunkPutter: chunks it lacks are appended as
// Put appends them, and the blob's record is pending until the next
// commit, as Put's.
func (s *blobService) PutChunks(ctx context.Context, d store.Digest, chunks []store.ChunkMeta, data func(int) ([]byte, error)) error {
	var held []store.Digest
	defer func() { s.b.release(held) }()
	if _, ok, err := s.reuse(d, false, &held); ok || err != nil {
		return err
	}
	stored := func(c store.Digest) ([]byte, bool, error) {
		l, ok, err := s.reuse(c, true, &held)
		if !ok || err != nil {
			return nil, ok, err
		}
		b, err := s.readChunk(c, l)
		return b, err == nil, err
	}
	keep := func(c store.ChunkMeta, b []byte) error { return s.addChunk(c, b) }
	if err := store.AddChunks(ctx, d, chunks, data, stored, keep); err != nil {
		return fmt.Errorf("local store: put blob: %w", err)
	}
	if len(chunks) > 1 {
		s.b.mu.Lock()
		s.b.pendingBlobs[d] = append([]store.ChunkMeta(nil), chunks...)
		s.b.mu.Unlock()
	}
	return s.flushIfFull()
}

// reuse reports whether chunk d (or blob d) is stored and, if so, holds it
// for the put in progress (appending d to held, which the put releases
// once its blob is recorded) and returns where a chunk d is.
func (s *blobService) reuse(d store.Digest, chunk bool, held *[]store.Digest) (chunkLoc, bool, error) {
	s.b.reuseMu.RLock()
	defer s.b.reuseMu.RUnlock()
	var l chunkLoc
	var ok bool
	var err error
	if chunk {
		l, ok, err = s.chunkLoc(d)
	} else {
		_, ok, err = s.lookup(d)
	}
	if ok && err == nil {
		s.b.use(d)
		*held = append(*held, d)
	}
	return l, ok && err == nil, err
}

// readChunk returns the bytes of chunk d, stored at l. A pack compacted
// meanwhile is missed once: the chunk is then looked up again.
func (s *blobService) readChunk(d store.Digest, l chunkLoc) ([]byte, error) {
	for try := 0; ; try++ {
		if l.inline() {
			return l.data, nil
		}
		f, err := s.b.packs.open(l.pack, l.off+l.size)
		if err == nil {
			b := make([]byte, l.size)
			_, err = f.ReadAt(b, int64(l.off))
			f.Close()
			if err == nil {
				return b, nil
			}
		}
		nl, ok, lerr := s.chunkLoc(d)
		if try > 0 || lerr != nil || !ok || (nl.pack == l.pack && nl.off == l.off) {
			return nil, fmt.Errorf("chunk %v: %w", d, err)
		}
		l = nl
	}
}

// flushIfFull commits when the pending chunks reach flushThreshold.
func (s *blobService) flushIfFull() error {
	s.b.mu.Lock()
	full := s.b.pendingBytes >= flushThreshold
	s.b.mu.Unlock()
	if full {
		return s.b.commit(nil)
	}
	return nil
}

// addChunk appends a chunk the store lacks to a pack (or keeps it inline)
// and records it as pending.
func (s *blobService) addChunk(c store.ChunkMeta, data []byte) error {
	var l chunkLoc
	if len(data) <= inlineMax {
		l = chunkLoc{size: uint64(len(data)), data: bytes.Clone(data)}
	} else {
		var err error
		if l, err = s.b.packs.append(data); err != nil {
			return fmt.Errorf("write chunk %v: %w", c.Digest, err)
		}
	}
	s.b.mu.Lock()
	if _, ok := s.b.pendingChunks[c.Digest]; !ok {
		s.b.pendingChunks[c.Digest] = l
		s.b.pendingBytes += l.size
	}
	s.b.mu.Unlock()
	return nil
}

// ForEachChunk implements store.BlobInventory.
func (s *blobService) ForEachChunk(ctx context.Context, fn func(store.ChunkMeta) error) error {
	var list []store.ChunkMeta
	s.b.mu.Lock()
	for d, l := range s.b.pendingChunks {
		list = append(list, store.ChunkMeta{Digest: d, Size: l.size})
	}
	s.b.mu.Unlock()
	err := s.b.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketChunks).ForEach(func(k, v []byte) error {
			l, err := decodeChunkLoc(v)
			if err != nil || len(k) != store.DigestSize {
				return fmt.Errorf("chunk record %x: %w", k, store.ErrCorrupt)
			}
			list = append(list, store.ChunkMeta{Digest: store.Digest(k), Size: l.size})
			return nil
		})
	})
	if err != nil {
		return err
	}
	for _, c := range list {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

// ForEachBlob implements store.BlobInventory.
func (s *blobService) ForEachBlob(ctx context.Context, fn func(store.Digest, []store.ChunkMeta) error) error {
	type entry struct {
		d  store.Digest
		cs []store.ChunkMeta
	}
	var list []entry
	s.b.mu.Lock()
	for d, cs := range s.b.pendingBlobs {
		list = append(list, entry{d, cs})
	}
	s.b.mu.Unlock()
	err := s.b.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketBlobs).ForEach(func(k, v []byte) error {
			cs, err := decodeChunkList(v)
			if err != nil || len(k) != store.DigestSize {
				return fmt.Errorf("blob record %x: %w", k, store.ErrCorrupt)
			}
			list = append(list, entry{store.Digest(k), cs})
			return nil
		})
	})
	if err != nil {
		return err
	}
	for _, e := range list {
		if err := fn(e.d, e.cs); err != nil {
			return err
		}
	}
	return nil
}
