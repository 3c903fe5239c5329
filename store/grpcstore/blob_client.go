package grpcstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/zeebo/blake3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// prefetchChunks is how many chunks Open fetches ahead of the reader.
const prefetchChunks = 4

// maxUnlistedChunk bounds a chunk's declared size; a server declaring more
// is not believed.
const maxUnlistedChunk = 64 << 20

var _ store.BlobService = (*blobClient)(nil)

// blobClient is a store.BlobService over gRPC.
type blobClient struct{ c castorev1.BlobServiceClient }

// NewBlobService returns a BlobService that talks to the BlobService
// served on conn and verifies everything it reads.
func NewBlobService(conn grpc.ClientConnInterface) store.BlobService {
	return &blobClient{c: castorev1.NewBlobServiceClient(conn)}
}

func (b *blobClient) Has(ctx context.Context, d store.Digest) (bool, error) {
	_, err := b.c.Stat(ctx, &castorev1.StatBlobRequest{Digest: d[:]})
	if status.Code(err) == codes.NotFound {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("stat blob %v: %w", d, fromStatus(err))
	}
	return true, nil
}

// Chunks returns the chunk list the server declares. A server that lists
// no chunks (allowed by the protocol) yields one entry for the whole blob
// with size 0, meaning unknown.
func (b *blobClient) Chunks(ctx context.Context, d store.Digest) ([]store.ChunkMeta, error) {
	resp, err := b.c.Stat(ctx, &castorev1.StatBlobRequest{Digest: d[:], SendChunks: true})
	if err != nil {
		return nil, fmt.Errorf("stat blob %v: %w", d, fromStatus(err))
	}
	if len(resp.Chunks) == 0 {
		return []store.ChunkMeta{{Digest: d}}, nil
	}
	out := make([]store.ChunkMeta, len(resp.Chunks))
	for i, c := range resp.Chunks {
		cd, err := store.DigestFromBytes(c.Digest)
		if err != nil {
			return nil, fmt.Errorf("%w: stat blob %v: chunk %d: %v", store.ErrCorrupt, d, i, err)
		}
		if c.Size > maxUnlistedChunk {
			return nil, fmt.Errorf("%w: stat blob %v: chunk %d claims %d bytes", store.ErrCorrupt, d, i, c.Size)
		}
		out[i] = store.ChunkMeta{Digest: cd, Size: c.Size}
	}
	if len(out) == 1 && out[0].Digest != d {
		return nil, fmt.Errorf("%w: stat blob %v: a single chunk with another digest %v", store.ErrCorrupt, d, out[0].Digest)
	}
	return out, nil
}

// Open fetches the blob chunk by chunk (a few ahead), verifying each
// chunk before handing it out and the whole blob at the end.
func (b *blobClient) Open(ctx context.Context, d store.Digest) (io.ReadCloser, error) {
	chunks, err := b.Chunks(ctx, d)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	if len(chunks) == 1 && chunks[0].Size == 0 {
		// No chunk list: stream the blob and verify it at the end.
		stream, err := b.c.Read(ctx, &castorev1.ReadBlobRequest{Digest: d[:]})
		if err != nil {
			cancel()
			return nil, fmt.Errorf("read blob %v: %w", d, fromStatus(err))
		}
		return &verifyingReader{r: &recvReader{recv: stream.Recv}, want: d, h: blake3.New(), cancel: cancel}, nil
	}
	// A single chunk is the blob: fetchChunk checking it against its own
	// digest checks the blob only if the two digests are the same.
	if len(chunks) == 1 && chunks[0].Digest != d {
		cancel()
		return nil, fmt.Errorf("%w: blob %v: a single chunk with another digest %v", store.ErrCorrupt, d, chunks[0].Digest)
	}
	r := &chunkedReader{blob: d, cancel: cancel, results: make(chan fetched, prefetchChunks), chunks: len(chunks)}
	if len(chunks) > 1 {
		r.whole = blake3.New()
	}
	go func() {
		defer close(r.results)
		for _, c := range chunks {
			data, err := b.fetchChunk(ctx, c)
			select {
			case r.results <- fetched{data, err}:
			case <-ctx.Done():
				// Written before close(r.results), so Read sees it.
				r.stopped = fmt.Errorf("read blob %v: %w", d, ctx.Err())
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return r, nil
}

// fetchChunk reads one chunk and checks it against its digest and size.
func (b *blobClient) fetchChunk(ctx context.Context, c store.ChunkMeta) ([]byte, error) {
	stream, err := b.c.Read(ctx, &castorev1.ReadBlobRequest{Digest: c.Digest[:]})
	if err != nil {
		return nil, fmt.Errorf("read chunk %v: %w", c.Digest, fromStatus(err))
	}
	data := make([]byte, 0, c.Size)
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read chunk %v: %w", c.Digest, fromStatus(err))
		}
		if uint64(len(data)+len(msg.Data)) > c.Size {
			return nil, store.Rejected(int64(len(data)+len(msg.Data)), fmt.Errorf("%w: chunk %v: server sent more than the %d bytes declared", store.ErrCorrupt, c.Digest, c.Size))
		}
		data = append(data, msg.Data...)
	}
	if got := store.DigestOf(data); got != c.Digest || uint64(len(data)) != c.Size {
		return nil, store.Rejected(int64(len(data)), fmt.Errorf("%w: chunk %v: received %d bytes with digest %v", store.ErrCorrupt, c.Digest, len(data), got))
	}
	return data, nil
}

type fetched struct {
	data []byte
	err  error
}

// chunkedReader hands out verified chunks in order. It reports EOF only
// after every chunk arrived and, for several chunks, their concatenation
// hashed to the blob digest; a single chunk's digest is the blob digest,
// checked by fetchChunk.
type chunkedReader struct {
	blob    store.Digest
	cancel  context.CancelFunc
	results chan fetched
	chunks  int   // how many chunks the blob has
	stopped error // why the prefetch gave up; set before results is closed
	whole   *blake3.Hasher
	got     int // chunks received
	cur     []byte
	err     error
}

func (r *chunkedReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		f, ok := <-r.results
		switch {
		case !ok:
			r.err = r.end()
		case f.err != nil:
			r.err = f.err
		default:
			r.got++
			r.cur = f.data
			if r.whole != nil {
				r.whole.Write(f.data)
			}
		}
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

// end returns what Read reports once the prefetch has stopped: io.EOF
// only if the whole blob arrived and checks out.
func (r *chunkedReader) end() error {
	if r.stopped != nil {
		return r.stopped
	}
	if r.got != r.chunks {
		return fmt.Errorf("read blob %v: fetch stopped after %d of %d chunks", r.blob, r.got, r.chunks)
	}
	if r.whole != nil {
		var got store.Digest
		r.whole.Sum(got[:0])
		if got != r.blob {
			return fmt.Errorf("%w: blob %v: chunks concatenate to content with digest %v", store.ErrCorrupt, r.blob, got)
		}
	}
	return io.EOF
}

func (r *chunkedReader) Close() error {
	r.cancel()
	if r.err == nil {
		r.err = errors.New("read of closed blob")
	}
	return nil
}

// verifyingReader passes r through and fails at EOF if the content did not
// hash to want.
type verifyingReader struct {
	r      io.Reader
	want   store.Digest
	h      *blake3.Hasher
	cancel context.CancelFunc
	read   int64 // bytes so far
}

func (v *verifyingReader) Read(p []byte) (int, error) {
	n, err := v.r.Read(p)
	v.h.Write(p[:n])
	v.read += int64(n)
	if errors.Is(err, io.EOF) {
		var got store.Digest
		v.h.Sum(got[:0])
		if got != v.want {
			return n, store.Rejected(v.read, fmt.Errorf("%w: blob %v: received content with digest %v", store.ErrCorrupt, v.want, got))
		}
	} else if err != nil {
		err = fmt.Errorf("read blob %v: %w", v.want, fromStatus(err))
	}
	return n, err
}

func (v *verifyingReader) Close() error { v.cancel(); return nil }

// Put streams r to the server while hashing it, and checks that the server
// agrees on the digest.
func (b *blobClient) Put(ctx context.Context, r io.Reader) (store.Digest, uint64, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := b.c.Put(ctx)
	if err != nil {
		return store.Digest{}, 0, fmt.Errorf("put blob: %w", fromStatus(err))
	}
	h := blake3.New()
	buf := make([]byte, streamPieceSize)
	var total uint64
	for {
		n, rerr := io.ReadFull(r, buf)
		if n > 0 {
			h.Write(buf[:n])
			total += uint64(n)
			if err := stream.Send(&castorev1.BlobChunk{Data: bytes.Clone(buf[:n])}); err != nil {
				if errors.Is(err, io.EOF) {
					break // the server ended the call; CloseAndRecv has its reason
				}
				return store.Digest{}, 0, fmt.Errorf("put blob: %w", fromStatus(err))
			}
		}
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
			break
		}
		if rerr != nil {
			return store.Digest{}, 0, fmt.Errorf("put blob: read: %w", rerr)
		}
	}
	resp, err := stream.CloseAndRecv()
	if err != nil {
		return store.Digest{}, 0, fmt.Errorf("put blob: %w", fromStatus(err))
	}
	var want store.Digest
	h.Sum(want[:0])
	got, err := store.DigestFromBytes(resp.Digest)
	if err != nil || got != want {
		return store.Digest{}, 0, fmt.Errorf("%w: put blob: server answered digest %x for content with digest %v", store.ErrCorrupt, resp.Digest, want)
	}
	return want, total, nil
}
