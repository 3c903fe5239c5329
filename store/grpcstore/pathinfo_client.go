package grpcstore

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
)

var _ store.PathInfoService = (*PathInfoClient)(nil)

// PathInfoClient is a store.PathInfoService over gRPC that can also ask
// the server to calculate NARs.
type PathInfoClient struct{ c storev1.PathInfoServiceClient }

// NewPathInfoService returns a PathInfoService that talks to the
// PathInfoService served on conn and validates what it receives.
func NewPathInfoService(conn grpc.ClientConnInterface) *PathInfoClient {
	return &PathInfoClient{c: storev1.NewPathInfoServiceClient(conn)}
}

// Get implements store.PathInfoService.
func (c *PathInfoClient) Get(ctx context.Context, h [store.StorePathHashSize]byte) (*storev1.PathInfo, error) {
	info, err := c.c.Get(ctx, &storev1.GetPathInfoRequest{ByWhat: &storev1.GetPathInfoRequest_ByOutputHash{ByOutputHash: h[:]}})
	if err != nil {
		return nil, fmt.Errorf("get path info %s: %w", nixbase32.EncodeToString(h[:]), fromStatus(err))
	}
	got, err := store.ValidatePathInfo(info)
	if err != nil {
		return nil, fmt.Errorf("%w: received path info: %v", store.ErrCorrupt, err)
	}
	if got != h {
		return nil, fmt.Errorf("%w: asked for path info %s, received %s", store.ErrCorrupt, nixbase32.EncodeToString(h[:]), store.NodeName(info.Node))
	}
	return info, nil
}

// Put implements store.PathInfoService. The server may add signatures but
// must return the same path and content.
func (c *PathInfoClient) Put(ctx context.Context, info *storev1.PathInfo) (*storev1.PathInfo, error) {
	if _, err := store.ValidatePathInfo(info); err != nil {
		return nil, err
	}
	out, err := c.c.Put(ctx, info)
	if err != nil {
		return nil, fmt.Errorf("put path info %s: %w", store.NodeName(info.Node), fromStatus(err))
	}
	if _, err := store.ValidatePathInfo(out); err != nil {
		return nil, fmt.Errorf("%w: put path info: server returned: %v", store.ErrCorrupt, err)
	}
	if !proto.Equal(out.Node, info.Node) || !sameNAR(out.Narinfo, info.Narinfo) {
		return nil, fmt.Errorf("%w: put path info %s: server returned another path info", store.ErrCorrupt, store.NodeName(info.Node))
	}
	return out, nil
}

func sameNAR(a, b *storev1.NARInfo) bool {
	return a.GetNarSize() == b.GetNarSize() && string(a.GetNarSha256()) == string(b.GetNarSha256())
}

// List implements store.PathInfoService.
func (c *PathInfoClient) List(ctx context.Context, fn func(*storev1.PathInfo) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := c.c.List(ctx, &storev1.ListPathInfoRequest{})
	if err != nil {
		return fmt.Errorf("list path infos: %w", fromStatus(err))
	}
	for {
		info, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("list path infos: %w", fromStatus(err))
		}
		if _, err := store.ValidatePathInfo(info); err != nil {
			return fmt.Errorf("%w: list path infos: %v", store.ErrCorrupt, err)
		}
		if err := fn(info); err != nil {
			return err
		}
	}
}

// CalculateNAR asks the server for the NAR size and sha256 of a stored
// node.
func (c *PathInfoClient) CalculateNAR(ctx context.Context, node *castorev1.Node) (uint64, [32]byte, error) {
	var sum [32]byte
	resp, err := c.c.CalculateNAR(ctx, node)
	if err != nil {
		return 0, sum, fmt.Errorf("calculate NAR: %w", fromStatus(err))
	}
	if len(resp.NarSha256) != len(sum) {
		return 0, sum, fmt.Errorf("%w: calculate NAR: sha256 of %d bytes", store.ErrCorrupt, len(resp.NarSha256))
	}
	copy(sum[:], resp.NarSha256)
	return resp.NarSize, sum, nil
}

// NewStore returns a store.Store over conn; Close closes conn when it
// implements io.Closer.
func NewStore(conn grpc.ClientConnInterface) *store.Store {
	st := &store.Store{
		Blobs:       NewBlobService(conn),
		Directories: NewDirectoryService(conn),
		PathInfos:   NewPathInfoService(conn),
		Close:       func() error { return nil },
	}
	if c, ok := conn.(io.Closer); ok {
		st.Close = c.Close
	}
	return st
}
