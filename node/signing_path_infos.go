package node

import (
	"context"
	"fmt"

	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
	"google.golang.org/protobuf/proto"
)

// signingPathInfos signs every PathInfo put through the node's API with
// the node's key before storing it, so that peers, which accept a PathInfo
// only under a trusted signature, take what was added here. PathInfos
// already signed by the node's key are stored as they are.
type signingPathInfos struct {
	inner store.PathInfoService
	dir   nixpath.StoreDir
	sk    nixsig.SecretKey
	pk    []nixsig.PublicKey
}

// signingPathInfoBatcher is signingPathInfos over a PathInfoBatcher.
type signingPathInfoBatcher struct {
	*signingPathInfos
	batcher store.PathInfoBatcher
}

var (
	_ store.PathInfoService = (*signingPathInfos)(nil)
	_ store.PathInfoBatcher = (*signingPathInfoBatcher)(nil)
)

// newSigningPathInfos wraps inner; the result has PutMany when inner has.
func newSigningPathInfos(inner store.PathInfoService, dir nixpath.StoreDir, sk nixsig.SecretKey) store.PathInfoService {
	s := &signingPathInfos{inner: inner, dir: dir, sk: sk, pk: []nixsig.PublicKey{sk.ToPublicKey()}}
	if b, ok := inner.(store.PathInfoBatcher); ok {
		return &signingPathInfoBatcher{s, b}
	}
	return s
}

// Get implements store.PathInfoService.
func (s *signingPathInfos) Get(ctx context.Context, h [store.StorePathHashSize]byte) (*storev1.PathInfo, error) {
	return s.inner.Get(ctx, h)
}

// List implements store.PathInfoService.
func (s *signingPathInfos) List(ctx context.Context, fn func(*storev1.PathInfo) error) error {
	return s.inner.List(ctx, fn)
}

// Put implements store.PathInfoService.
func (s *signingPathInfos) Put(ctx context.Context, info *storev1.PathInfo) (*storev1.PathInfo, error) {
	info, err := s.signed(info)
	if err != nil {
		return nil, err
	}
	return s.inner.Put(ctx, info)
}

// PutMany implements store.PathInfoBatcher: all are signed, then put all
// or none.
func (s *signingPathInfoBatcher) PutMany(ctx context.Context, infos []*storev1.PathInfo) ([]*storev1.PathInfo, error) {
	signed := make([]*storev1.PathInfo, len(infos))
	for i, info := range infos {
		var err error
		if signed[i], err = s.signed(info); err != nil {
			return nil, err
		}
	}
	return s.batcher.PutMany(ctx, signed)
}

// signed returns info signed with the node's key (a copy), or info itself
// when that key has signed it already.
func (s *signingPathInfos) signed(info *storev1.PathInfo) (*storev1.PathInfo, error) {
	if ok, _ := nixsig.Verify(s.dir, s.pk, info); ok != 0 {
		return info, nil
	}
	info = proto.Clone(info).(*storev1.PathInfo)
	if info.Narinfo == nil {
		return nil, fmt.Errorf("node: path info without narinfo cannot be signed")
	}
	if err := nixsig.Sign(s.dir, s.sk, info); err != nil {
		return nil, fmt.Errorf("node: signing path info: %w", err)
	}
	return info, nil
}
