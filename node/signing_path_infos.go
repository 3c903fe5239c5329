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
	store.PathInfoService
	dir nixpath.StoreDir
	sk  nixsig.SecretKey
	pk  []nixsig.PublicKey
}

func newSigningPathInfos(inner store.PathInfoService, dir nixpath.StoreDir, sk nixsig.SecretKey) *signingPathInfos {
	return &signingPathInfos{PathInfoService: inner, dir: dir, sk: sk, pk: []nixsig.PublicKey{sk.ToPublicKey()}}
}

// Put implements store.PathInfoService.
func (s *signingPathInfos) Put(ctx context.Context, info *storev1.PathInfo) (*storev1.PathInfo, error) {
	if ok, _ := nixsig.Verify(s.dir, s.pk, info); ok == 0 {
		info = proto.Clone(info).(*storev1.PathInfo)
		if info.Narinfo == nil {
			return nil, fmt.Errorf("node: path info without narinfo cannot be signed")
		}
		if err := nixsig.Sign(s.dir, s.sk, info); err != nil {
			return nil, fmt.Errorf("node: signing path info: %w", err)
		}
	}
	return s.PathInfoService.Put(ctx, info)
}
