package p2p

import (
	"context"
	"fmt"

	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
)

// FetchClosure makes store paths hs and everything they refer to,
// transitively, local: each missing path is substituted from the cluster
// as Store().PathInfos.Get does (trusted PathInfo, verified content), and
// the references of every path, local or fetched, are followed. It
// returns the closure's PathInfos, roots first. Self-references are
// fine; a path no peer provides fails the whole call with ErrNotFound.
func (n *Node) FetchClosure(ctx context.Context, hs ...[store.StorePathHashSize]byte) ([]*storev1.PathInfo, error) {
	infos := (&p2pPathInfos{n}).Get
	seen := make(map[[store.StorePathHashSize]byte]bool, len(hs))
	queue := append([][store.StorePathHashSize]byte(nil), hs...)
	for _, h := range hs {
		seen[h] = true
	}
	var out []*storev1.PathInfo
	for len(queue) > 0 {
		h := queue[0]
		queue = queue[1:]
		info, err := infos(ctx, h)
		if err != nil {
			return out, fmt.Errorf("p2p: fetch closure: %w", err)
		}
		out = append(out, info)
		for _, r := range info.References {
			rh := [store.StorePathHashSize]byte(r)
			if !seen[rh] {
				seen[rh] = true
				queue = append(queue, rh)
			}
		}
	}
	return out, nil
}
