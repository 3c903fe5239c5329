package localstore

import (
	"bytes"
	"context"
	"fmt"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	bolt "go.etcd.io/bbolt"
)

var (
	_ store.DirectoryService   = (*directoryService)(nil)
	_ store.DirectoryInventory = (*directoryService)(nil)
)

// directoryService keeps encoded directories in meta.db.
type directoryService struct{ b *backend }

func (s *directoryService) Get(ctx context.Context, d store.Digest) (*castorev1.Directory, error) {
	var enc []byte
	err := s.b.db.View(func(tx *bolt.Tx) error {
		enc = bytes.Clone(tx.Bucket(bucketDirs).Get(d[:]))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("local store: %w", err)
	}
	if enc == nil {
		return nil, fmt.Errorf("directory %v: %w", d, store.ErrNotFound)
	}
	// Cheap next to the read, and it keeps the Merkle DAG honest.
	return store.DecodeDirectory(enc, d)
}

func (s *directoryService) GetRecursive(ctx context.Context, root store.Digest, fn func(store.Digest, *castorev1.Directory) error) error {
	return store.WalkDirectories(ctx, root, s.Get, fn)
}

func (s *directoryService) NewPutter(ctx context.Context) store.DirectoryPutter {
	p := &directoryPutter{ctx: ctx, s: s}
	p.closure.StoredSize = store.StoredDirectorySize(ctx, s)
	return p
}

// ForEachDirectory implements store.DirectoryInventory.
func (s *directoryService) ForEachDirectory(ctx context.Context, fn func(store.Digest, []byte) error) error {
	type entry struct {
		d   store.Digest
		enc []byte
	}
	var list []entry
	err := s.b.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketDirs).ForEach(func(k, v []byte) error {
			var d store.Digest
			copy(d[:], k) // a short key shows up as a digest mismatch
			list = append(list, entry{d, bytes.Clone(v)})
			return nil
		})
	})
	if err != nil {
		return err
	}
	for _, e := range list {
		if err := fn(e.d, e.enc); err != nil {
			return err
		}
	}
	return nil
}

type directoryPutter struct {
	ctx     context.Context
	s       *directoryService
	closure store.DirectoryClosure
	closed  bool
}

func (p *directoryPutter) Put(dir *castorev1.Directory) (store.Digest, error) {
	if p.closed {
		return store.Digest{}, fmt.Errorf("directory putter: put after close")
	}
	if err := p.ctx.Err(); err != nil {
		return store.Digest{}, err
	}
	return p.closure.Add(dir)
}

func (p *directoryPutter) Close() (store.Digest, error) {
	if p.closed {
		return store.Digest{}, fmt.Errorf("directory putter: closed twice")
	}
	p.closed = true
	root, entries, err := p.closure.Finish()
	if err == nil {
		err = p.ctx.Err()
	}
	if err != nil {
		return store.Digest{}, err
	}
	err = p.s.b.commit(func(tx *bolt.Tx) error {
		bucket := tx.Bucket(bucketDirs)
		for _, e := range entries {
			if err := bucket.Put(e.Digest[:], e.Encoded); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return store.Digest{}, err
	}
	return root, nil
}
