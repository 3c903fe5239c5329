package node

import (
	"context"
	"fmt"
	"strings"

	"github.com/p2pnix/tvix/p2p"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
	"google.golang.org/protobuf/proto"
)

// resignBatch is how many re-signed PathInfos are put at once.
const resignBatch = 256

// resignLocal signs every PathInfo in st that sk has not signed with sk,
// dropping signatures by other cluster keys (an earlier PSK's, after a
// rotation); others (an upstream cache's) stay. The local store is the
// node's own, so what it holds is trusted; after this its peers, present
// and future, accept all of it. It returns how many it re-signed.
func resignLocal(ctx context.Context, st store.PathInfoService, dir nixpath.StoreDir, sk nixsig.SecretKey) (int, error) {
	pk := []nixsig.PublicKey{sk.ToPublicKey()}
	var batch []*storev1.PathInfo
	done := 0
	flush := func() error {
		if _, err := store.PutPathInfos(ctx, st, batch); err != nil {
			return err
		}
		done += len(batch)
		batch = batch[:0]
		return nil
	}
	err := st.List(ctx, func(info *storev1.PathInfo) error {
		if ok, _ := nixsig.Verify(dir, pk, info); ok != 0 || info.GetNarinfo() == nil {
			return nil
		}
		info = proto.Clone(info).(*storev1.PathInfo)
		ni := info.GetNarinfo()
		sigs := ni.GetSignatures()[:0:0]
		for _, s := range ni.GetSignatures() {
			if !strings.HasPrefix(s.GetName(), p2p.ClusterKeyPrefix) {
				sigs = append(sigs, s)
			}
		}
		ni.Signatures = sigs
		if err := nixsig.Sign(dir, sk, info); err != nil {
			return fmt.Errorf("%s: %w", store.NodeName(info.GetNode()), err)
		}
		if batch = append(batch, info); len(batch) == resignBatch {
			return flush()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	if err != nil {
		return done, fmt.Errorf("node: signing the local store with the cluster key: %w", err)
	}
	return done, nil
}
