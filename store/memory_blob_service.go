package store

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"
)

var (
	_ BlobService   = (*memoryBlobService)(nil)
	_ ChunkPutter   = (*memoryBlobService)(nil)
	_ BlobInventory = (*memoryBlobService)(nil)
)

// memoryBlobService keeps chunks and chunk lists in maps. Reads are not
// verified: the data never left the process.
type memoryBlobService struct {
	mu     sync.RWMutex
	chunks map[Digest][]byte
	blobs  map[Digest][]ChunkMeta
}

// NewMemoryBlobService returns an empty in-memory BlobService.
func NewMemoryBlobService() BlobService {
	return &memoryBlobService{chunks: make(map[Digest][]byte), blobs: make(map[Digest][]ChunkMeta)}
}

func (s *memoryBlobService) Has(ctx context.Context, d Digest) (bool, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, isBlob := s.blobs[d]
	_, isChunk := s.chunks[d]
	return isBlob || isChunk, nil
}

func (s *memoryBlobService) Chunks(ctx context.Context, d Digest) ([]ChunkMeta, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if cs, ok := s.blobs[d]; ok {
		return append([]ChunkMeta(nil), cs...), nil
	}
	if c, ok := s.chunks[d]; ok {
		return []ChunkMeta{{Digest: d, Size: uint64(len(c))}}, nil
	}
	return nil, fmt.Errorf("blob %v: %w", d, ErrNotFound)
}

func (s *memoryBlobService) Open(ctx context.Context, d Digest) (io.ReadCloser, error) {
	cs, err := s.Chunks(ctx, d)
	if err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	readers := make([]io.Reader, len(cs))
	for i, c := range cs {
		data, ok := s.chunks[c.Digest]
		if !ok {
			return nil, fmt.Errorf("blob %v: chunk %v: %w", d, c.Digest, ErrNotFound)
		}
		readers[i] = bytes.NewReader(data)
	}
	return io.NopCloser(io.MultiReader(readers...)), nil
}

func (s *memoryBlobService) Put(ctx context.Context, r io.Reader) (Digest, uint64, error) {
	var list []ChunkMeta
	d, size, err := SplitBlob(r, func(c ChunkMeta, data []byte) error {
		list = append(list, c)
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, ok := s.chunks[c.Digest]; !ok {
			s.chunks[c.Digest] = bytes.Clone(data)
		}
		return ctx.Err()
	})
	if err != nil {
		return Digest{}, 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(list) > 1 {
		s.blobs[d] = list
	}
	return d, size, nil
}

// PutChunks implements ChunkPutter; it keeps the caller's slices.
func (s *memoryBlobService) PutChunks(ctx context.Context, d Digest, chunks []ChunkMeta, data func(int) ([]byte, error)) error {
	if ok, _ := s.Has(ctx, d); ok {
		return nil
	}
	stored := func(c Digest) ([]byte, bool, error) {
		s.mu.RLock()
		defer s.mu.RUnlock()
		b, ok := s.chunks[c]
		return b, ok, nil
	}
	keep := func(c ChunkMeta, b []byte) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, ok := s.chunks[c.Digest]; !ok {
			s.chunks[c.Digest] = b
		}
		return nil
	}
	if err := AddChunks(ctx, d, chunks, data, stored, keep); err != nil {
		return err
	}
	if len(chunks) > 1 {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.blobs[d] = append([]ChunkMeta(nil), chunks...)
	}
	return nil
}

// ForEachChunk implements BlobInventory.
func (s *memoryBlobService) ForEachChunk(ctx context.Context, fn func(ChunkMeta) error) error {
	s.mu.RLock()
	list := make([]ChunkMeta, 0, len(s.chunks))
	for d, c := range s.chunks {
		list = append(list, ChunkMeta{Digest: d, Size: uint64(len(c))})
	}
	s.mu.RUnlock()
	for _, c := range list {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

// ForEachBlob implements BlobInventory.
func (s *memoryBlobService) ForEachBlob(ctx context.Context, fn func(Digest, []ChunkMeta) error) error {
	s.mu.RLock()
	type entry struct {
		d  Digest
		cs []ChunkMeta
	}
	list := make([]entry, 0, len(s.blobs))
	for d, cs := range s.blobs {
		list = append(list, entry{d, cs})
	}
	s.mu.RUnlock()
	for _, e := range list {
		if err := fn(e.d, e.cs); err != nil {
			return err
		}
	}
	return nil
}

// corrupt overwrites the first byte of chunk d (tests of VerifyAll).
func (s *memoryBlobService) corrupt(d Digest) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.chunks[d]
	if !ok || len(c) == 0 {
		return false
	}
	c = bytes.Clone(c)
	c[0] ^= 0xff
	s.chunks[d] = c
	return true
}
