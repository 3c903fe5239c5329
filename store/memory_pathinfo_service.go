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

var (
	_ PathInfoService = (*memoryPathInfoService)(nil)
	_ PathInfoBatcher = (*memoryPathInfoService)(nil)
)

func (s *memoryPathInfoService) Put(ctx context.Context, info *storev1.PathInfo) (*storev1.PathInfo, error) {
	out, err := s.PutMany(ctx, []*storev1.PathInfo{info})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// PutMany checks every info first and stores them only if all pass.
func (s *memoryPathInfoService) PutMany(ctx context.Context, infos []*storev1.PathInfo) ([]*storev1.PathInfo, error) {
	hashes := make([][StorePathHashSize]byte, len(infos))
	for i, info := range infos {
		h, err := CheckPathInfoPut(ctx, s.blobs, s.dirs, info)
		if err != nil {
			return nil, err
		}
		hashes[i] = h
	}
	out := make([]*storev1.PathInfo, len(infos))
	s.mu.Lock()
	for i, info := range infos {
		s.infos[hashes[i]] = proto.Clone(info).(*storev1.PathInfo)
		out[i] = proto.Clone(info).(*storev1.PathInfo)
	}
	s.mu.Unlock()
	return out, nil
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
