package p2p

import (
	"context"
	"errors"
	"fmt"

	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixsig"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// ErrUntrusted: a PathInfo from a peer carries no valid signature by a
// trusted key. Blobs and directories need no trust: they are checked
// against their digests.
var ErrUntrusted = errors.New("not signed by a trusted key")

// checkTrusted accepts info when at least one of its signatures verifies
// under a trusted key (Config.TrustedKeys, and the cluster key unless
// NoClusterTrust).
func (n *Node) checkTrusted(info *storev1.PathInfo) error {
	keys := n.trusted
	ok, err := nixsig.Verify(n.cfg.StoreDir, keys, info)
	if err != nil {
		return fmt.Errorf("%w: path info %s: %v", ErrUntrusted, store.NodeName(info.GetNode()), err)
	}
	if ok == 0 {
		return fmt.Errorf("%w: path info %s (%d signatures, %d trusted keys)", ErrUntrusted, store.NodeName(info.GetNode()), len(info.GetNarinfo().GetSignatures()), len(keys))
	}
	return nil
}

// servedPathInfos is the PathInfoService peers see: the local one, where a
// Put (a replica pushed by a peer) must be trusted and is announced once
// stored. It has no PutMany: the gRPC server puts one PathInfo per request.
type servedPathInfos struct {
	local store.PathInfoService
	n     *Node
}

var _ store.PathInfoService = (*servedPathInfos)(nil)

// List lists the local PathInfos.
func (s *servedPathInfos) List(ctx context.Context, fn func(*storev1.PathInfo) error) error {
	return s.local.List(ctx, fn)
}

// Get serves the local PathInfo; a path peers read counts as used. A
// peer replicating a path here asks with pullHeader: the path is then
// fetched from that peer (shared with any fetch of it here) before the
// answer.
func (s *servedPathInfos) Get(ctx context.Context, h [store.StorePathHashSize]byte) (*storev1.PathInfo, error) {
	info, err := s.local.Get(ctx, h)
	if errors.Is(err, store.ErrNotFound) && len(metadata.ValueFromIncomingContext(ctx, pullHeader)) > 0 {
		if id, perr := remotePeer(ctx); perr == nil {
			info, err = s.n.fetchShared(ctx, h, &peer.AddrInfo{ID: id})
		}
	}
	if err != nil {
		s.n.falselyProvide(StorePathCID(h))
		return nil, err
	}
	s.n.use.touch(h)
	return s.n.faultyInfo(h, info), nil
}

func (s *servedPathInfos) Put(ctx context.Context, info *storev1.PathInfo) (*storev1.PathInfo, error) {
	if _, err := store.ValidatePathInfo(info); err != nil {
		return nil, err
	}
	if err := s.n.checkTrusted(info); err != nil {
		id, _ := remotePeer(ctx)
		s.n.rejected(id, int64(proto.Size(info)))
		fmt.Fprintf(s.n.cfg.Log, "p2p: rejected path info pushed by %s: %v\n", id, err)
		return nil, status.Error(codes.PermissionDenied, err.Error())
	}
	out, err := s.local.Put(ctx, info)
	if err != nil {
		return nil, err
	}
	if err := s.n.Announce(s.n.ctx, out); err != nil {
		fmt.Fprintf(s.n.cfg.Log, "p2p: %v\n", err)
	}
	return out, nil
}
