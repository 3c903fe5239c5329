package s3store

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
)

var (
	_ store.DirectoryService   = (*directoryService)(nil)
	_ store.DirectoryInventory = (*directoryService)(nil)
)

const kindDirectories = "directories"

// directoryService keeps each directory's encoding as directories/<hex>.
type directoryService struct{ b *bucket }

func (s *directoryService) key(d store.Digest) string {
	return s.b.key(kindDirectories, hex.EncodeToString(d[:]))
}

func (s *directoryService) Get(ctx context.Context, d store.Digest) (*castorev1.Directory, error) {
	dir, _, err := s.get(ctx, d)
	return dir, err
}

// get returns directory d, checked, and whether its object is stale (see
// bucket.stale).
func (s *directoryService) get(ctx context.Context, d store.Digest) (*castorev1.Directory, bool, error) {
	key := s.key(d)
	b, mod, err := s.b.get(ctx, key)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, false, fmt.Errorf("directory %v: %w", d, err)
		}
		return nil, false, err
	}
	dir, err := store.DecodeDirectory(b, d)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", s.b.where(key), err)
	}
	return dir, s.b.stale(mod), nil
}

func (s *directoryService) GetRecursive(ctx context.Context, root store.Digest, fn func(store.Digest, *castorev1.Directory) error) error {
	return store.WalkDirectories(ctx, root, s.Get, fn)
}

// NewPutter returns a putter that writes the closure on Close, leaves
// first, so a directory is never stored before its children.
func (s *directoryService) NewPutter(ctx context.Context) store.DirectoryPutter {
	storedSize := func(d store.Digest) (uint64, error) {
		dir, stale, err := s.get(ctx, d)
		if err != nil {
			return 0, err
		}
		if stale {
			if err := s.b.touch(ctx, s.key(d)); err != nil {
				return 0, err
			}
		}
		return store.DirectorySize(dir), nil
	}
	return store.NewClosurePutter(ctx, storedSize, func(entries []store.ClosureEntry) error {
		for _, e := range entries {
			if err := s.b.ensure(ctx, s.key(e.Digest), e.Encoded); err != nil {
				return err
			}
		}
		return nil
	})
}

// ForEachDirectory implements store.DirectoryInventory.
func (s *directoryService) ForEachDirectory(ctx context.Context, fn func(store.Digest, []byte) error) error {
	return s.b.list(ctx, kindDirectories, func(o object) error {
		d, ok := s.b.digestOf(o.Key, kindDirectories)
		if !ok {
			return nil
		}
		b, _, err := s.b.get(ctx, o.Key)
		if errors.Is(err, store.ErrNotFound) {
			return nil // collected meanwhile
		}
		if err != nil {
			return err
		}
		return fn(d, b)
	})
}
