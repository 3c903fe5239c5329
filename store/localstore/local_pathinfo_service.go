package localstore

import (
	"bytes"
	"context"
	"fmt"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	bolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"
)

// listPage is how many PathInfos List reads per read transaction, so that
// fn never runs inside one.
const listPage = 256

var (
	_ store.PathInfoService = (*pathInfoService)(nil)
	_ store.PathInfoBatcher = (*pathInfoService)(nil)
)

// pathInfoService keeps PathInfos in meta.db, keyed by hash part.
type pathInfoService struct {
	b     *backend
	blobs store.BlobService
	dirs  store.DirectoryService
}

func (s *pathInfoService) Get(ctx context.Context, h [store.StorePathHashSize]byte) (*storev1.PathInfo, error) {
	var enc []byte
	err := s.b.db.View(func(tx *bolt.Tx) error {
		enc = bytes.Clone(tx.Bucket(bucketPathInfos).Get(h[:]))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("local store: %w", err)
	}
	if enc == nil {
		return nil, fmt.Errorf("path info %s: %w", nixbase32.EncodeToString(h[:]), store.ErrNotFound)
	}
	info := new(storev1.PathInfo)
	if err := proto.Unmarshal(enc, info); err != nil {
		return nil, fmt.Errorf("%w: path info %s: %v", store.ErrCorrupt, nixbase32.EncodeToString(h[:]), err)
	}
	return info, nil
}

func (s *pathInfoService) Put(ctx context.Context, info *storev1.PathInfo) (*storev1.PathInfo, error) {
	out, err := s.PutMany(ctx, []*storev1.PathInfo{info})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// PutMany puts infos as Put does, all or none, in one commit: one
// transaction and its fsyncs instead of one per PathInfo (a build's
// outputs, the .drv files of an instantiation). Each is checked first;
// the first that fails the check fails the call and nothing is put.
func (s *pathInfoService) PutMany(ctx context.Context, infos []*storev1.PathInfo) ([]*storev1.PathInfo, error) {
	hashes := make([][store.StorePathHashSize]byte, len(infos))
	encs := make([][]byte, len(infos))
	for i, info := range infos {
		h, err := store.CheckPathInfoPut(ctx, s.blobs, s.dirs, info)
		if err != nil {
			return nil, err
		}
		enc, err := proto.MarshalOptions{Deterministic: true}.Marshal(info)
		if err != nil {
			return nil, fmt.Errorf("encode path info: %w", err)
		}
		hashes[i], encs[i] = h, enc
	}
	// The commit makes pending blobs durable before the PathInfos are
	// written.
	err := s.b.commit(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketPathInfos)
		for i := range infos {
			if err := b.Put(hashes[i][:], encs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]*storev1.PathInfo, len(infos))
	for i, info := range infos {
		out[i] = proto.Clone(info).(*storev1.PathInfo)
	}
	return out, nil
}

func (s *pathInfoService) List(ctx context.Context, fn func(*storev1.PathInfo) error) error {
	var after []byte
	for {
		var page [][]byte
		var last []byte
		err := s.b.db.View(func(tx *bolt.Tx) error {
			c := tx.Bucket(bucketPathInfos).Cursor()
			var k, v []byte
			if after == nil {
				k, v = c.First()
			} else if k, v = c.Seek(after); k != nil && bytes.Equal(k, after) {
				k, v = c.Next()
			}
			for ; k != nil && len(page) < listPage; k, v = c.Next() {
				page = append(page, bytes.Clone(v))
				last = bytes.Clone(k)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("local store: %w", err)
		}
		for _, enc := range page {
			info := new(storev1.PathInfo)
			if err := proto.Unmarshal(enc, info); err != nil {
				return fmt.Errorf("%w: path info: %v", store.ErrCorrupt, err)
			}
			if err := fn(info); err != nil {
				return err
			}
		}
		if len(page) < listPage {
			return ctx.Err()
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		after = last
	}
}
