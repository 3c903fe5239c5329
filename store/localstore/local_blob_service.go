package localstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/p2pnix/tvix/store"
	bolt "go.etcd.io/bbolt"
)

// blobService keeps chunks as files and chunk lists in meta.db.
type blobService struct{ b *backend }

// chunkSize returns the recorded size of chunk d, pending or committed.
func (s *blobService) chunkSize(d store.Digest) (uint64, bool, error) {
	s.b.mu.Lock()
	size, ok := s.b.pendingChunks[d]
	s.b.mu.Unlock()
	if ok {
		return size, true, nil
	}
	err := s.b.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketChunks).Get(d[:]); v != nil {
			size, ok = getUint64(v), true
		}
		return nil
	})
	return size, ok, err
}

// lookup returns the chunks of blob (or chunk) d, pending or committed.
func (s *blobService) lookup(d store.Digest) ([]store.ChunkMeta, bool, error) {
	s.b.mu.Lock()
	size, isChunk := s.b.pendingChunks[d]
	cs, isBlob := s.b.pendingBlobs[d]
	s.b.mu.Unlock()
	switch {
	case isBlob:
		return cs, true, nil
	case isChunk:
		return []store.ChunkMeta{{Digest: d, Size: size}}, true, nil
	}
	var err error
	verr := s.b.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketChunks).Get(d[:]); v != nil {
			cs = []store.ChunkMeta{{Digest: d, Size: getUint64(v)}}
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

func (s *blobService) Has(ctx context.Context, d store.Digest) (bool, error) {
	_, ok, err := s.lookup(d)
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
	return &chunkFileReader{dir: s.b.dir, blob: d, chunks: cs}, nil
}

// chunkFileReader reads the chunk files of one blob in order.
type chunkFileReader struct {
	dir    string
	blob   store.Digest
	chunks []store.ChunkMeta
	cur    *os.File
}

func (r *chunkFileReader) Read(p []byte) (int, error) {
	for {
		if r.cur == nil {
			if len(r.chunks) == 0 {
				return 0, io.EOF
			}
			f, err := os.Open(ChunkPath(r.dir, r.chunks[0].Digest))
			if errors.Is(err, fs.ErrNotExist) {
				return 0, fmt.Errorf("%w: blob %v: chunk %v: file missing", store.ErrCorrupt, r.blob, r.chunks[0].Digest)
			}
			if err != nil {
				return 0, fmt.Errorf("blob %v: %w", r.blob, err)
			}
			r.cur = f
			r.chunks = r.chunks[1:]
		}
		n, err := r.cur.Read(p)
		if err == io.EOF {
			r.cur.Close()
			r.cur = nil
			if n > 0 {
				return n, nil
			}
			continue
		}
		return n, err
	}
}

func (r *chunkFileReader) Close() error {
	if r.cur != nil {
		r.cur.Close()
		r.cur = nil
	}
	r.chunks = nil
	return nil
}

func (s *blobService) Put(ctx context.Context, r io.Reader) (store.Digest, uint64, error) {
	var list []store.ChunkMeta
	d, size, err := store.SplitBlob(r, func(c store.ChunkMeta, data []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		list = append(list, c)
		return s.writeChunk(c, data)
	})
	if err != nil {
		return store.Digest{}, 0, fmt.Errorf("local store: put blob: %w", err)
	}
	if len(list) > 1 {
		if _, ok, err := s.lookup(d); err != nil {
			return store.Digest{}, 0, err
		} else if !ok {
			s.b.mu.Lock()
			s.b.pendingBlobs[d] = list
			s.b.mu.Unlock()
		}
	}
	s.b.mu.Lock()
	full := s.b.pendingBytes >= flushThreshold
	s.b.mu.Unlock()
	if full {
		if err := s.b.commit(nil); err != nil {
			return store.Digest{}, 0, err
		}
	}
	return d, size, nil
}

// writeChunk writes a chunk file unless the chunk is known, and records it
// as pending.
func (s *blobService) writeChunk(c store.ChunkMeta, data []byte) error {
	if _, ok, err := s.chunkSize(c.Digest); ok || err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Join(s.b.dir, "tmp"), "chunk-")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		dst := ChunkPath(s.b.dir, c.Digest)
		err = os.Rename(tmp.Name(), dst)
		if errors.Is(err, fs.ErrNotExist) {
			if err = os.MkdirAll(filepath.Dir(dst), 0o755); err == nil {
				err = os.Rename(tmp.Name(), dst)
			}
		}
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write chunk %v: %w", c.Digest, err)
	}
	s.b.mu.Lock()
	if _, ok := s.b.pendingChunks[c.Digest]; !ok {
		s.b.pendingChunks[c.Digest] = c.Size
		s.b.pendingBytes += c.Size
	}
	s.b.mu.Unlock()
	return nil
}

// ForEachChunk implements store.BlobInventory.
func (s *blobService) ForEachChunk(ctx context.Context, fn func(store.ChunkMeta) error) error {
	var list []store.ChunkMeta
	s.b.mu.Lock()
	for d, size := range s.b.pendingChunks {
		list = append(list, store.ChunkMeta{Digest: d, Size: size})
	}
	s.b.mu.Unlock()
	err := s.b.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketChunks).ForEach(func(k, v []byte) error {
			if len(k) != store.DigestSize || len(v) != 8 {
				return fmt.Errorf("%w: chunk record %x", store.ErrCorrupt, k)
			}
			list = append(list, store.ChunkMeta{Digest: store.Digest(k), Size: getUint64(v)})
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
