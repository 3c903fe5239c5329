package store

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/zeebo/blake3"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
)

// Sentinel errors. Backends wrap them with what and where; over gRPC they
// travel as the codes named below and are restored by the gRPC clients.
var (
	// ErrNotFound: a blob, chunk, directory or PathInfo is not stored
	// (codes.NotFound).
	ErrNotFound = errors.New("not found")
	// ErrInvalid: a message failed validation (codes.InvalidArgument).
	ErrInvalid = errors.New("invalid")
	// ErrCorrupt: data does not match its digest (codes.DataLoss).
	ErrCorrupt = errors.New("digest mismatch")
)

// ChunkMeta describes one content-defined chunk of a blob.
type ChunkMeta struct {
	Digest Digest
	Size   uint64
}

// BlobService stores byte blobs identified by the blake3-256 of their whole
// content, kept as content-defined chunks that are stored once each.
// Implementations are safe for concurrent use.
type BlobService interface {
	// Has reports whether a blob or a chunk with digest d is stored.
	Has(ctx context.Context, d Digest) (bool, error)
	// Chunks returns the chunks of blob d in content order. A blob small
	// enough to be a single chunk has one entry whose digest is d itself.
	Chunks(ctx context.Context, d Digest) ([]ChunkMeta, error)
	// Open returns the content of blob (or chunk) d; the caller must Close
	// it. Data read from outside the process is verified against its
	// digest; a mismatch is an error wrapping ErrCorrupt, returned before
	// any unverified bytes when the backend can (chunk by chunk), at the
	// latest instead of io.EOF.
	Open(ctx context.Context, d Digest) (io.ReadCloser, error)
	// Put stores everything read from r and returns its digest and size.
	// On error nothing new becomes visible under the returned digest.
	Put(ctx context.Context, r io.Reader) (Digest, uint64, error)
}

// ChunkPutter is an optional capability of a BlobService: storing a blob
// from chunks the caller has already checked against their digests (a
// fetch verifies every chunk it receives), without cutting and hashing
// the content again.
type ChunkPutter interface {
	// PutChunks stores blob d made of chunks, in content order. It calls
	// data(i), in increasing i, for each chunk it lacks; data returns the
	// chunk's bytes, already checked against chunks[i].Digest, which the
	// store may keep (the caller must not change them). Chunks it has
	// are read from itself. The store checks each chunk's size and that
	// the whole content has digest d (a blob of one chunk whose digest is
	// d was checked by the caller); on a mismatch the error wraps
	// ErrCorrupt and nothing becomes visible under d, though chunks it
	// lacked may remain stored under their own digests.
	PutChunks(ctx context.Context, d Digest, chunks []ChunkMeta, data func(i int) ([]byte, error)) error
}

// AddChunks is the part of PutChunks that backends share. For each chunk
// in order it takes the stored bytes (stored reports whether the backend
// has a chunk and returns its bytes) or data(i), checks its size, hands
// chunks the backend lacks to keep, and checks the whole content against
// d. It calls neither stored nor keep after an error.
func AddChunks(ctx context.Context, d Digest, chunks []ChunkMeta, data func(int) ([]byte, error),
	stored func(Digest) ([]byte, bool, error), keep func(ChunkMeta, []byte) error) error {
	if len(chunks) == 0 {
		return fmt.Errorf("blob %v: %w: empty chunk list", d, ErrInvalid)
	}
	one := len(chunks) == 1 && chunks[0].Digest == d
	whole := blake3.New()
	for i, c := range chunks {
		if err := ctx.Err(); err != nil {
			return err
		}
		if c.Size > ChunkMaxSize || (c.Size == 0 && len(chunks) > 1) {
			return fmt.Errorf("blob %v: %w: chunk %d of %d bytes", d, ErrInvalid, i, c.Size)
		}
		b, ok, err := stored(c.Digest)
		if err != nil {
			return err
		}
		if !ok {
			if b, err = data(i); err != nil {
				return err
			}
		}
		if uint64(len(b)) != c.Size {
			return fmt.Errorf("%w: blob %v: chunk %v has %d bytes, listed as %d", ErrCorrupt, d, c.Digest, len(b), c.Size)
		}
		if !one {
			whole.Write(b)
		}
		if !ok {
			if err := keep(c, b); err != nil {
				return err
			}
		}
	}
	if !one {
		if got := Digest(whole.Sum(nil)); got != d {
			return fmt.Errorf("%w: blob %v: chunks add up to %v", ErrCorrupt, d, got)
		}
	}
	return nil
}

// DirectoryService stores Directory messages by the blake3 of their
// deterministic encoding. Implementations are safe for concurrent use.
type DirectoryService interface {
	// Get returns directory d, verified against d.
	Get(ctx context.Context, d Digest) (*castorev1.Directory, error)
	// GetRecursive calls fn with root and then every directory below it,
	// each after the one referring to it, each digest once.
	GetRecursive(ctx context.Context, root Digest, fn func(Digest, *castorev1.Directory) error) error
	// NewPutter starts an upload of a directory closure, leaves first.
	NewPutter(ctx context.Context) DirectoryPutter
}

// DirectoryPutter uploads a closure of directories leaves-first. Each
// directory is validated on Put and may refer only to directories put
// before it or already stored. Nothing is visible before Close succeeds;
// after a failed Put, Close fails too and nothing is stored. A putter
// abandoned without Close (or whose ctx ends) stores nothing. A
// DirectoryPutter is not safe for concurrent use.
type DirectoryPutter interface {
	Put(dir *castorev1.Directory) (Digest, error)
	// Close commits the closure and returns the digest of the last
	// directory put (the root).
	Close() (Digest, error)
}

// PathInfoService maps Nix store paths (by their 20-byte hash part) to
// PathInfo. Implementations are safe for concurrent use.
type PathInfoService interface {
	// Get returns the PathInfo whose store path has hash part h.
	Get(ctx context.Context, h [20]byte) (*storev1.PathInfo, error)
	// Put validates and stores info, replacing an existing entry for the
	// same path, and returns what was stored.
	Put(ctx context.Context, info *storev1.PathInfo) (*storev1.PathInfo, error)
	// List calls fn for every stored PathInfo.
	List(ctx context.Context, fn func(*storev1.PathInfo) error) error
}

// PathInfoBatcher is an optional capability of a PathInfoService:
// putting several PathInfos all or none, in one commit.
type PathInfoBatcher interface {
	// PutMany validates and stores infos as Put does, all or none, and
	// returns what was stored, in the order given.
	PutMany(ctx context.Context, infos []*storev1.PathInfo) ([]*storev1.PathInfo, error)
}

// PutPathInfos stores infos with ps's PutMany when ps has one (all or
// none); otherwise with Put one by one, where a failure leaves the infos
// before it stored.
func PutPathInfos(ctx context.Context, ps PathInfoService, infos []*storev1.PathInfo) ([]*storev1.PathInfo, error) {
	if b, ok := ps.(PathInfoBatcher); ok {
		return b.PutMany(ctx, infos)
	}
	out := make([]*storev1.PathInfo, len(infos))
	for i, info := range infos {
		stored, err := ps.Put(ctx, info)
		if err != nil {
			return nil, err
		}
		out[i] = stored
	}
	return out, nil
}

// Store bundles the three services of one store.
type Store struct {
	Blobs       BlobService
	Directories DirectoryService
	PathInfos   PathInfoService
	// Maintenance, when not nil, deletes paths from these services and
	// keeps their pins (the local store sets it); nil means the store
	// cannot delete or pin. A Store that wraps another's services sets it
	// only if deleting through it means deleting from what it serves.
	Maintenance Maintainer
	// Close releases the backends (may be nil).
	Close func() error
}
