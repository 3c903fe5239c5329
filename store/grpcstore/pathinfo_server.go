package grpcstore

import (
	"context"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// CalculateNARFunc renders the NAR of a stored node and returns its size
// and sha256 (nar.Calculate, bound to a store).
type CalculateNARFunc func(ctx context.Context, node *castorev1.Node) (narSize uint64, narSHA256 [32]byte, err error)

// pathInfoServer serves a store.PathInfoService as storev1.PathInfoService.
type pathInfoServer struct {
	storev1.UnimplementedPathInfoServiceServer
	infos store.PathInfoService
	calc  CalculateNARFunc
}

// NewPathInfoServer returns a PathInfoService server backed by infos;
// CalculateNAR uses calc, and is Unimplemented when calc is nil.
func NewPathInfoServer(infos store.PathInfoService, calc CalculateNARFunc) storev1.PathInfoServiceServer {
	return &pathInfoServer{infos: infos, calc: calc}
}

func (s *pathInfoServer) Get(ctx context.Context, req *storev1.GetPathInfoRequest) (*storev1.PathInfo, error) {
	b := req.GetByOutputHash()
	if len(b) != store.StorePathHashSize {
		return nil, invalidArg("get path info: by_output_hash is %d bytes, want %d", len(b), store.StorePathHashSize)
	}
	info, err := s.infos.Get(ctx, [store.StorePathHashSize]byte(b))
	return info, toStatus(err)
}

func (s *pathInfoServer) Put(ctx context.Context, info *storev1.PathInfo) (*storev1.PathInfo, error) {
	out, err := s.infos.Put(ctx, info)
	return out, toStatus(err)
}

func (s *pathInfoServer) CalculateNAR(ctx context.Context, node *castorev1.Node) (*storev1.CalculateNARResponse, error) {
	if s.calc == nil {
		return nil, status.Error(codes.Unimplemented, "calculate NAR: not available on this server")
	}
	if err := store.ValidateNode(node); err != nil {
		return nil, toStatus(err)
	}
	size, sum, err := s.calc(ctx, node)
	if err != nil {
		return nil, toStatus(err)
	}
	return &storev1.CalculateNARResponse{NarSize: size, NarSha256: sum[:]}, nil
}

func (s *pathInfoServer) List(_ *storev1.ListPathInfoRequest, stream grpc.ServerStreamingServer[storev1.PathInfo]) error {
	return toStatus(s.infos.List(stream.Context(), stream.Send))
}

// Register registers the three store services of st on srv.
func Register(srv grpc.ServiceRegistrar, st *store.Store, calc CalculateNARFunc) {
	castorev1.RegisterBlobServiceServer(srv, NewBlobServer(st.Blobs))
	castorev1.RegisterDirectoryServiceServer(srv, NewDirectoryServer(st.Directories))
	storev1.RegisterPathInfoServiceServer(srv, NewPathInfoServer(st.PathInfos, calc))
}
