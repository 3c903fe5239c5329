package s3store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"google.golang.org/protobuf/proto"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
)

var _ store.PathInfoService = (*pathInfoService)(nil)

const kindPathInfos = "pathinfos"

// pathInfoService keeps each PathInfo as pathinfos/<nixbase32 hash part>,
// written only after the content its root refers to is in the bucket.
type pathInfoService struct {
	b     *bucket
	blobs *blobService
	dirs  *directoryService
}

func (s *pathInfoService) key(h [store.StorePathHashSize]byte) string {
	return s.b.key(kindPathInfos, nixbase32.EncodeToString(h[:]))
}

func (s *pathInfoService) Get(ctx context.Context, h [store.StorePathHashSize]byte) (*storev1.PathInfo, error) {
	key := s.key(h)
	b, _, err := s.b.get(ctx, key)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("path info %s: %w", nixbase32.EncodeToString(h[:]), err)
		}
		return nil, err
	}
	return s.decode(key, h, b)
}

// decode parses a stored PathInfo and checks that it is valid and stored
// under its own hash part.
func (s *pathInfoService) decode(key string, h [store.StorePathHashSize]byte, b []byte) (*storev1.PathInfo, error) {
	info := new(storev1.PathInfo)
	if err := proto.Unmarshal(b, info); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", store.ErrCorrupt, s.b.where(key), err)
	}
	got, err := store.ValidatePathInfo(info)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", store.ErrCorrupt, s.b.where(key), err)
	}
	if got != h {
		return nil, fmt.Errorf("%w: %s: holds the path info of %s", store.ErrCorrupt, s.b.where(key), store.NodeName(info.Node))
	}
	return info, nil
}

// Put checks info and that its root content is in the bucket (refreshing
// a root object old enough for a collection to take), then writes it.
// Writing the same PathInfo twice, from any number of writers, stores it
// once.
func (s *pathInfoService) Put(ctx context.Context, info *storev1.PathInfo) (*storev1.PathInfo, error) {
	h, err := store.CheckPathInfoPut(ctx, s.blobs, s.dirs, info)
	if err != nil {
		return nil, err
	}
	if err := s.refreshRoot(ctx, info.Node); err != nil {
		return nil, err
	}
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(info)
	if err != nil {
		return nil, err
	}
	if err := s.b.put(ctx, s.key(h), b); err != nil {
		return nil, err
	}
	return proto.Clone(info).(*storev1.PathInfo), nil
}

// refreshRoot rewrites the modification time of the object n refers to
// when it is stale, so that a collection running now keeps it and all
// below it (collections keep what young objects refer to).
func (s *pathInfoService) refreshRoot(ctx context.Context, n *castorev1.Node) error {
	var keys []string
	switch {
	case n.GetDirectory() != nil:
		keys = []string{s.dirs.key(store.Digest(n.GetDirectory().Digest))}
	case n.GetFile() != nil:
		d := store.Digest(n.GetFile().Digest)
		keys = []string{s.blobs.chunkKey(d), s.blobs.blobKey(d)}
	}
	for _, key := range keys {
		ok, _, mod, err := s.b.head(ctx, key)
		if err != nil {
			return err
		}
		if ok && s.b.stale(mod) {
			if err := s.b.touch(ctx, key); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *pathInfoService) List(ctx context.Context, fn func(*storev1.PathInfo) error) error {
	return s.b.list(ctx, kindPathInfos, func(o object) error {
		h, ok := s.hashOf(o.Key)
		if !ok {
			return nil
		}
		info, err := s.Get(ctx, h)
		if errors.Is(err, store.ErrNotFound) {
			return nil // deleted meanwhile
		}
		if err != nil {
			return err
		}
		return fn(info)
	})
}

func (s *pathInfoService) hashOf(key string) ([store.StorePathHashSize]byte, bool) {
	return hashOfKey(s.b, kindPathInfos, key)
}

// hashOfKey parses the hash part out of a listed key of kind.
func hashOfKey(b *bucket, kind, key string) ([store.StorePathHashSize]byte, bool) {
	var h [store.StorePathHashSize]byte
	name, ok := strings.CutPrefix(key, b.prefix+kind+"/")
	if !ok {
		return h, false
	}
	raw, err := nixbase32.DecodeString(name)
	if err != nil || len(raw) != len(h) {
		return h, false
	}
	copy(h[:], raw)
	return h, true
}
