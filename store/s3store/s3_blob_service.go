package s3store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/zeebo/blake3"

	"github.com/p2pnix/tvix/store"
)

var (
	_ store.BlobService   = (*blobService)(nil)
	_ store.ChunkPutter   = (*blobService)(nil)
	_ store.BlobInventory = (*blobService)(nil)
)

const (
	kindChunks = "chunks"
	kindBlobs  = "blobs"
	// listEntrySize is one entry of a chunk list: digest, then size as
	// 8 bytes little-endian.
	listEntrySize = store.DigestSize + 8
	// uploads and fetches are how many chunks move at once per blob.
	uploads = 8
	fetches = 4
)

// blobService keeps each chunk as chunks/<hex> and each blob of more than
// one chunk as blobs/<hex>, its chunk list, written after its chunks.
type blobService struct{ b *bucket }

func (s *blobService) chunkKey(d store.Digest) string {
	return s.b.key(kindChunks, hex.EncodeToString(d[:]))
}
func (s *blobService) blobKey(d store.Digest) string {
	return s.b.key(kindBlobs, hex.EncodeToString(d[:]))
}

func (s *blobService) Has(ctx context.Context, d store.Digest) (bool, error) {
	ok, _, _, err := s.b.head(ctx, s.chunkKey(d))
	if err != nil || ok {
		return ok, err
	}
	ok, _, _, err = s.b.head(ctx, s.blobKey(d))
	return ok, err
}

func (s *blobService) Chunks(ctx context.Context, d store.Digest) ([]store.ChunkMeta, error) {
	ok, size, _, err := s.b.head(ctx, s.chunkKey(d))
	if err != nil {
		return nil, err
	}
	if ok {
		return []store.ChunkMeta{{Digest: d, Size: uint64(size)}}, nil
	}
	return s.chunkList(ctx, d)
}

// chunkList reads blobs/<d>.
func (s *blobService) chunkList(ctx context.Context, d store.Digest) ([]store.ChunkMeta, error) {
	key := s.blobKey(d)
	b, _, err := s.b.get(ctx, key)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("blob %v: %w", d, err)
		}
		return nil, err
	}
	cs, err := decodeChunkList(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", store.ErrCorrupt, s.b.where(key), err)
	}
	return cs, nil
}

func encodeChunkList(cs []store.ChunkMeta) []byte {
	out := make([]byte, 0, len(cs)*listEntrySize)
	for _, c := range cs {
		out = append(out, c.Digest[:]...)
		out = binary.LittleEndian.AppendUint64(out, c.Size)
	}
	return out
}

func decodeChunkList(b []byte) ([]store.ChunkMeta, error) {
	if len(b) == 0 || len(b)%listEntrySize != 0 {
		return nil, fmt.Errorf("chunk list of %d bytes", len(b))
	}
	cs := make([]store.ChunkMeta, len(b)/listEntrySize)
	for i := range cs {
		e := b[i*listEntrySize:]
		copy(cs[i].Digest[:], e)
		cs[i].Size = binary.LittleEndian.Uint64(e[store.DigestSize:])
		if cs[i].Size > store.ChunkMaxSize || cs[i].Size == 0 {
			return nil, fmt.Errorf("chunk %d of %d bytes", i, cs[i].Size)
		}
	}
	return cs, nil
}

// getChunk fetches chunk c and checks it against its digest and size.
func (s *blobService) getChunk(ctx context.Context, c store.ChunkMeta) ([]byte, error) {
	key := s.chunkKey(c.Digest)
	b, _, err := s.b.get(ctx, key)
	if err != nil {
		return nil, err
	}
	if got := store.DigestOf(b); got != c.Digest || uint64(len(b)) != c.Size {
		return nil, fmt.Errorf("%w: %s: %d bytes with digest %v", store.ErrCorrupt, s.b.where(key), len(b), got)
	}
	return b, nil
}

func (s *blobService) Open(ctx context.Context, d store.Digest) (io.ReadCloser, error) {
	key := s.chunkKey(d)
	b, _, err := s.b.get(ctx, key)
	switch {
	case err == nil:
		if got := store.DigestOf(b); got != d {
			return nil, fmt.Errorf("%w: %s: content has digest %v", store.ErrCorrupt, s.b.where(key), got)
		}
		return io.NopCloser(bytes.NewReader(b)), nil
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	cs, err := s.chunkList(ctx, d)
	if err != nil {
		return nil, err
	}
	return newChunkReader(ctx, s, d, cs), nil
}

// Put cuts r into chunks and uploads those the bucket lacks, several at
// once; the chunk list goes last, after every chunk is stored.
func (s *blobService) Put(ctx context.Context, r io.Reader) (store.Digest, uint64, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		sem      = make(chan struct{}, uploads)
		mu       sync.Mutex
		firstErr error
		list     []store.ChunkMeta
		seen     = map[store.Digest]bool{}
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
			cancel()
		}
		mu.Unlock()
	}
	d, size, err := store.SplitBlob(r, func(c store.ChunkMeta, data []byte) error {
		list = append(list, c)
		if seen[c.Digest] {
			return nil
		}
		seen[c.Digest] = true
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		data = append([]byte(nil), data...)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := s.b.ensure(ctx, s.chunkKey(c.Digest), data); err != nil {
				fail(err)
			}
		}()
		return nil
	})
	wg.Wait()
	if firstErr != nil {
		return store.Digest{}, 0, firstErr
	}
	if err != nil {
		return store.Digest{}, 0, err
	}
	if len(list) > 1 {
		if err := s.b.ensure(ctx, s.blobKey(d), encodeChunkList(list)); err != nil {
			return store.Digest{}, 0, err
		}
	}
	return d, size, nil
}

// PutChunks implements store.ChunkPutter: it fetches (and checks) the
// chunks the bucket has, to check the whole, and uploads the others.
func (s *blobService) PutChunks(ctx context.Context, d store.Digest, chunks []store.ChunkMeta, data func(int) ([]byte, error)) error {
	sizes := make(map[store.Digest]uint64, len(chunks))
	for _, c := range chunks {
		sizes[c.Digest] = c.Size
	}
	stored := func(c store.Digest) ([]byte, bool, error) {
		b, err := s.getChunk(ctx, store.ChunkMeta{Digest: c, Size: sizes[c]})
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrCorrupt) {
			return nil, false, nil // upload it (again)
		}
		return b, err == nil, err
	}
	keep := func(c store.ChunkMeta, b []byte) error { return s.b.put(ctx, s.chunkKey(c.Digest), b) }
	if err := store.AddChunks(ctx, d, chunks, data, stored, keep); err != nil {
		return err
	}
	if len(chunks) > 1 {
		return s.b.ensure(ctx, s.blobKey(d), encodeChunkList(chunks))
	}
	return nil
}

// ForEachChunk implements store.BlobInventory (sizes as listed).
func (s *blobService) ForEachChunk(ctx context.Context, fn func(store.ChunkMeta) error) error {
	return s.b.list(ctx, kindChunks, func(o object) error {
		d, ok := s.b.digestOf(o.Key, kindChunks)
		if !ok {
			return nil // not ours
		}
		return fn(store.ChunkMeta{Digest: d, Size: uint64(o.Size)})
	})
}

// ForEachBlob implements store.BlobInventory.
func (s *blobService) ForEachBlob(ctx context.Context, fn func(store.Digest, []store.ChunkMeta) error) error {
	return s.b.list(ctx, kindBlobs, func(o object) error {
		d, ok := s.b.digestOf(o.Key, kindBlobs)
		if !ok {
			return nil
		}
		cs, err := s.chunkList(ctx, d)
		if err != nil {
			return err
		}
		return fn(d, cs)
	})
}

// chunkReader streams a blob's chunks, fetching a few ahead, each checked
// against its digest before any of its bytes are returned, and the whole
// against the blob's digest before io.EOF.
type chunkReader struct {
	cancel  context.CancelFunc
	blob    store.Digest
	results []chan fetched
	sem     chan struct{}
	next    int
	cur     []byte
	whole   *blake3.Hasher
	err     error
}

type fetched struct {
	b   []byte
	err error
}

func newChunkReader(ctx context.Context, s *blobService, d store.Digest, cs []store.ChunkMeta) *chunkReader {
	ctx, cancel := context.WithCancel(ctx)
	r := &chunkReader{cancel: cancel, blob: d, results: make([]chan fetched, len(cs)), sem: make(chan struct{}, fetches), whole: blake3.New()}
	for i := range r.results {
		r.results[i] = make(chan fetched, 1)
	}
	go func() {
		for i, c := range cs {
			select {
			case r.sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			go func() {
				b, err := s.getChunk(ctx, c)
				if err != nil {
					err = fmt.Errorf("blob %v: chunk %d: %w", d, i, err)
				}
				r.results[i] <- fetched{b, err}
			}()
		}
	}()
	return r
}

func (r *chunkReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		if r.next == len(r.results) {
			if got := store.Digest(r.whole.Sum(nil)); got != r.blob {
				r.err = fmt.Errorf("%w: blob %v: chunks add up to %v", store.ErrCorrupt, r.blob, got)
			} else {
				r.err = io.EOF
			}
			continue
		}
		f := <-r.results[r.next]
		<-r.sem
		r.next++
		if f.err != nil {
			r.err = f.err
			r.cancel()
			continue
		}
		r.cur = f.b
		r.whole.Write(f.b)
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

func (r *chunkReader) Close() error {
	r.cancel()
	return nil
}
