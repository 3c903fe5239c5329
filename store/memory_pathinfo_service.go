package store

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/proto/storev1"
	"google.golang.org/protobuf/proto"
)

// memoryPathInfoService keeps PathInfos in a map. Put checks that the root
// node's content is in blobs and dirs.
type memoryPathInfoService struct {
	blobs BlobService
	dirs  DirectoryService

	mu    sync.RWMutex
	infos map[[StorePathHashSize]byte]*storev1.PathInfo
}

// NewMemoryPathInfoService returns an empty in-memory PathInfoService whose
// Put accepts only PathInfos whose root content is in blobs and dirs.
func NewMemoryPathInfoService(blobs BlobService, dirs DirectoryService) PathInfoService {
	return &memoryPathInfoService{blobs: blobs, dirs: dirs, infos: make(map[[StorePathHashSize]byte]*storev1.PathInfo)}
}

func (s *memoryPathInfoService) Get(ctx context.Context, h [StorePathHashSize]byte) (*storev1.PathInfo, error) {
	s.mu.RLock()
	info, ok := s.infos[h]
	s.mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("path info %s: %w", nixbase32.EncodeToString(h[:]), ErrNotFound)
	}
	return proto.Clone(info).(*storev1.PathInfo), nil
}

func (s *memoryPathInfoService) Put(ctx context.Context, info *storev1.PathInfo) (*storev1.PathInfo, error) {
	h, err := CheckPathInfoPut(ctx, s.blobs, s.dirs, info)
	if err != nil {
		return nil, err
	}
	info = proto.Clone(info).(*storev1.PathInfo)
	s.mu.Lock()
	s.infos[h] = info
	s.mu.Unlock()
	return proto.Clone(info).(*storev1.PathInfo), nil
}

func (s *memoryPathInfoService) List(ctx context.Context, fn func(*storev1.PathInfo) error) error {
	s.mu.RLock()
	keys := make([][StorePathHashSize]byte, 0, len(s.infos))
	for h := range s.infos {
		keys = append(keys, h)
	}
	s.mu.RUnlock()
	sort.Slice(keys, func(i, j int) bool { return string(keys[i][:]) < string(keys[j][:]) })
	for _, h := range keys {
		info, err := s.Get(ctx, h)
		if err != nil {
			continue // removed meanwhile
		}
		if err := fn(info); err != nil {
			return err
		}
	}
	return nil
}
