package store

import (
	"context"
	"fmt"
	"sync"

	"github.com/p2pnix/tvix/proto/castorev1"
	"google.golang.org/protobuf/proto"
)

var (
	_ DirectoryService   = (*memoryDirectoryService)(nil)
	_ DirectoryInventory = (*memoryDirectoryService)(nil)
)

// memoryDirectoryService keeps encoded directories in a map.
type memoryDirectoryService struct {
	mu   sync.RWMutex
	dirs map[Digest][]byte
}

// NewMemoryDirectoryService returns an empty in-memory DirectoryService.
func NewMemoryDirectoryService() DirectoryService {
	return &memoryDirectoryService{dirs: make(map[Digest][]byte)}
}

func (s *memoryDirectoryService) Get(ctx context.Context, d Digest) (*castorev1.Directory, error) {
	s.mu.RLock()
	b, ok := s.dirs[d]
	s.mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("directory %v: %w", d, ErrNotFound)
	}
	dir := new(castorev1.Directory)
	if err := proto.Unmarshal(b, dir); err != nil {
		return nil, fmt.Errorf("directory %v: %w", d, err)
	}
	return dir, nil
}

func (s *memoryDirectoryService) GetRecursive(ctx context.Context, root Digest, fn func(Digest, *castorev1.Directory) error) error {
	return WalkDirectories(ctx, root, s.Get, fn)
}

func (s *memoryDirectoryService) NewPutter(ctx context.Context) DirectoryPutter {
	return NewClosurePutter(ctx, StoredDirectorySize(ctx, s), func(entries []ClosureEntry) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, e := range entries {
			s.dirs[e.Digest] = e.Encoded
		}
		return nil
	})
}

// ForEachDirectory implements DirectoryInventory.
func (s *memoryDirectoryService) ForEachDirectory(ctx context.Context, fn func(Digest, []byte) error) error {
	s.mu.RLock()
	keys := make([]Digest, 0, len(s.dirs))
	for d := range s.dirs {
		keys = append(keys, d)
	}
	s.mu.RUnlock()
	for _, d := range keys {
		s.mu.RLock()
		b := s.dirs[d]
		s.mu.RUnlock()
		if err := fn(d, b); err != nil {
			return err
		}
	}
	return nil
}
