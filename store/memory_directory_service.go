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
	p := &memoryDirectoryPutter{ctx: ctx, s: s}
	p.closure.StoredSize = StoredDirectorySize(ctx, s)
	return p
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

type memoryDirectoryPutter struct {
	ctx     context.Context
	s       *memoryDirectoryService
	closure DirectoryClosure
	closed  bool
}

func (p *memoryDirectoryPutter) Put(dir *castorev1.Directory) (Digest, error) {
	if p.closed {
		return Digest{}, fmt.Errorf("directory putter: put after close")
	}
	if err := p.ctx.Err(); err != nil {
		return Digest{}, err
	}
	return p.closure.Add(dir)
}

func (p *memoryDirectoryPutter) Close() (Digest, error) {
	if p.closed {
		return Digest{}, fmt.Errorf("directory putter: closed twice")
	}
	p.closed = true
	root, entries, err := p.closure.Finish()
	if err == nil {
		err = p.ctx.Err()
	}
	if err != nil {
		return Digest{}, err
	}
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	for _, e := range entries {
		p.s.dirs[e.Digest] = e.Encoded
	}
	return root, nil
}
