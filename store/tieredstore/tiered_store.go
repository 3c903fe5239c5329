// Package tieredstore puts a fast store (a node's local shard) in front of
// a durable one shared by many (an S3 bucket): reads are served by the
// local store and fall through to the durable one, copying what they
// fetch into the local store; a PathInfo is written to the durable store,
// after its content, before the local store shows it, so a path any node
// announces is already in the durable store, and a new node pointed at
// it sees every path.
package tieredstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
)

var (
	_ store.BlobService      = (*blobs)(nil)
	_ store.ChunkPutter      = (*blobs)(nil)
	_ store.DirectoryService = (*dirs)(nil)
	_ store.PathInfoService  = (*pathInfos)(nil)
)

// copies is how many blobs move to the durable store at once.
const copies = 4

// New returns local in front of durable. Its Maintenance is nil: deleting
// from the local store would not delete what it serves. Close closes
// both.
func New(local, durable *store.Store) *store.Store {
	b := &blobs{local: local.Blobs, durable: durable.Blobs}
	d := &dirs{local: local.Directories, durable: durable.Directories}
	return &store.Store{
		Blobs:       b,
		Directories: d,
		PathInfos:   &pathInfos{local: local, durable: durable, blobs: b, dirs: d},
		Close: func() error {
			return errors.Join(closeStore(local), closeStore(durable))
		},
	}
}

func closeStore(st *store.Store) error {
	if st.Close == nil {
		return nil
	}
	return st.Close()
}

type blobs struct{ local, durable store.BlobService }

func (b *blobs) Has(ctx context.Context, d store.Digest) (bool, error) {
	if ok, err := b.local.Has(ctx, d); err != nil || ok {
		return ok, err
	}
	return b.durable.Has(ctx, d)
}

func (b *blobs) Chunks(ctx context.Context, d store.Digest) ([]store.ChunkMeta, error) {
	cs, err := b.local.Chunks(ctx, d)
	if errors.Is(err, store.ErrNotFound) {
		return b.durable.Chunks(ctx, d)
	}
	return cs, err
}

// Open reads from the local store, first copying a blob it lacks from
// the durable one (which checks what it reads).
func (b *blobs) Open(ctx context.Context, d store.Digest) (io.ReadCloser, error) {
	rc, err := b.local.Open(ctx, d)
	if !errors.Is(err, store.ErrNotFound) {
		return rc, err
	}
	if err := copyBlob(ctx, b.durable, b.local, d); err != nil {
		return nil, err
	}
	return b.local.Open(ctx, d)
}

func (b *blobs) Put(ctx context.Context, r io.Reader) (store.Digest, uint64, error) {
	return b.local.Put(ctx, r)
}

// PutChunks stores into the local store.
func (b *blobs) PutChunks(ctx context.Context, d store.Digest, chunks []store.ChunkMeta, data func(int) ([]byte, error)) error {
	if cp, ok := b.local.(store.ChunkPutter); ok {
		return cp.PutChunks(ctx, d, chunks, data)
	}
	var buf bytes.Buffer
	for i := range chunks {
		c, err := data(i)
		if err != nil {
			return err
		}
		buf.Write(c)
	}
	got, _, err := b.local.Put(ctx, &buf)
	if err == nil && got != d {
		err = fmt.Errorf("%w: blob %v: chunks add up to %v", store.ErrCorrupt, d, got)
	}
	return err
}

// copyBlob copies blob d from src to dst unless dst has it: only the
// chunks dst lacks when it can take chunks, each checked against its
// digest.
func copyBlob(ctx context.Context, src, dst store.BlobService, d store.Digest) error {
	if ok, err := dst.Has(ctx, d); err != nil || ok {
		return err
	}
	cs, err := src.Chunks(ctx, d)
	if err != nil {
		return err
	}
	cp, ok := dst.(store.ChunkPutter)
	if !ok {
		rc, err := src.Open(ctx, d)
		if err != nil {
			return err
		}
		defer rc.Close()
		got, _, err := dst.Put(ctx, rc)
		if err == nil && got != d {
			err = fmt.Errorf("%w: blob %v: copied content has digest %v", store.ErrCorrupt, d, got)
		}
		return err
	}
	return cp.PutChunks(ctx, d, cs, func(i int) ([]byte, error) {
		rc, err := src.Open(ctx, cs[i].Digest)
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			return nil, err
		}
		if got := store.DigestOf(b); got != cs[i].Digest {
			return nil, fmt.Errorf("%w: blob %v: chunk %d has digest %v", store.ErrCorrupt, d, i, got)
		}
		return b, nil
	})
}

type dirs struct{ local, durable store.DirectoryService }

func (s *dirs) Get(ctx context.Context, d store.Digest) (*castorev1.Directory, error) {
	dir, err := s.local.Get(ctx, d)
	if errors.Is(err, store.ErrNotFound) {
		return s.durable.Get(ctx, d)
	}
	return dir, err
}

// GetRecursive reads a closure the local store lacks from the durable
// one and then keeps it in the local store.
func (s *dirs) GetRecursive(ctx context.Context, root store.Digest, fn func(store.Digest, *castorev1.Directory) error) error {
	if _, err := s.local.Get(ctx, root); !errors.Is(err, store.ErrNotFound) {
		if err != nil {
			return err
		}
		return s.local.GetRecursive(ctx, root, fn)
	}
	got := map[store.Digest]*castorev1.Directory{}
	err := s.durable.GetRecursive(ctx, root, func(d store.Digest, dir *castorev1.Directory) error {
		got[d] = dir
		return fn(d, dir)
	})
	if err != nil {
		return err
	}
	return putClosure(ctx, s.local, root, got)
}

func (s *dirs) NewPutter(ctx context.Context) store.DirectoryPutter { return s.local.NewPutter(ctx) }

// putClosure puts the closure of root, every directory of which is in
// all, into dst, each after its children.
func putClosure(ctx context.Context, dst store.DirectoryService, root store.Digest, all map[store.Digest]*castorev1.Directory) error {
	p := dst.NewPutter(ctx)
	done := map[store.Digest]bool{}
	var visit func(d store.Digest) error
	visit = func(d store.Digest) error {
		if done[d] {
			return nil
		}
		done[d] = true
		dir := all[d]
		for _, c := range dir.Directories {
			if err := visit(store.Digest(c.Digest)); err != nil {
				return err
			}
		}
		_, err := p.Put(dir)
		return err
	}
	if err := visit(root); err != nil {
		p.Close()
		return err
	}
	_, err := p.Close()
	return err
}

type pathInfos struct {
	local, durable *store.Store
	blobs          *blobs
	dirs           *dirs
}

func (s *pathInfos) Get(ctx context.Context, h [store.StorePathHashSize]byte) (*storev1.PathInfo, error) {
	info, err := s.local.PathInfos.Get(ctx, h)
	if errors.Is(err, store.ErrNotFound) {
		return s.durable.PathInfos.Get(ctx, h)
	}
	return info, err
}

// Put copies the path's content from the local store to the durable one
// (what it lacks), writes the PathInfo there, and only then into the
// local store.
func (s *pathInfos) Put(ctx context.Context, info *storev1.PathInfo) (*storev1.PathInfo, error) {
	if _, err := store.CheckPathInfoPut(ctx, s.blobs, s.dirs, info); err != nil {
		return nil, err
	}
	if err := s.push(ctx, info.Node); err != nil {
		return nil, fmt.Errorf("path %s: to the durable store: %w", store.NodeName(info.Node), err)
	}
	stored, err := s.durable.PathInfos.Put(ctx, info)
	if err != nil {
		return nil, fmt.Errorf("path %s: to the durable store: %w", store.NodeName(info.Node), err)
	}
	if _, err := s.local.PathInfos.Put(ctx, info); err != nil && !errors.Is(err, store.ErrInvalid) {
		return nil, err
	}
	// ErrInvalid now means the content is only in the durable store: the
	// local one does not list the path until it holds the content.
	return stored, nil
}

// List lists the durable store, which holds every path.
func (s *pathInfos) List(ctx context.Context, fn func(*storev1.PathInfo) error) error {
	return s.durable.PathInfos.List(ctx, fn)
}

// push copies what node refers to from the local store to the durable
// one. A directory the durable store has comes with its closure (stores
// write bottom-up), so it is not walked.
func (s *pathInfos) push(ctx context.Context, n *castorev1.Node) error {
	switch {
	case n.GetFile() != nil:
		return copyBlob(ctx, s.local.Blobs, s.durable.Blobs, store.Digest(n.GetFile().Digest))
	case n.GetDirectory() == nil:
		return nil
	}
	root := store.Digest(n.GetDirectory().Digest)
	if _, err := s.durable.Directories.Get(ctx, root); err == nil {
		return nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	all := map[store.Digest]*castorev1.Directory{}
	var files []store.Digest
	seen := map[store.Digest]bool{}
	err := s.local.Directories.GetRecursive(ctx, root, func(d store.Digest, dir *castorev1.Directory) error {
		all[d] = dir
		for _, f := range dir.Files {
			if fd := store.Digest(f.Digest); !seen[fd] {
				seen[fd] = true
				files = append(files, fd)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	jobs := make([]func(context.Context) error, len(files))
	for i, d := range files {
		jobs[i] = func(ctx context.Context) error { return copyBlob(ctx, s.local.Blobs, s.durable.Blobs, d) }
	}
	if err := store.RunJobs(ctx, copies, jobs); err != nil {
		return err
	}
	return putClosure(ctx, s.durable.Directories, root, all)
}
