package grpcstore

import (
	"errors"
	"io"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"google.golang.org/grpc"
)

// directoryServer serves a store.DirectoryService as
// castorev1.DirectoryService.
type directoryServer struct {
	castorev1.UnimplementedDirectoryServiceServer
	dirs store.DirectoryService
}

// NewDirectoryServer returns a DirectoryService server backed by dirs.
func NewDirectoryServer(dirs store.DirectoryService) castorev1.DirectoryServiceServer {
	return &directoryServer{dirs: dirs}
}

func (s *directoryServer) Get(req *castorev1.GetDirectoryRequest, stream grpc.ServerStreamingServer[castorev1.Directory]) error {
	d, err := digestArg("get directory: digest", req.GetDigest())
	if err != nil {
		return err
	}
	if !req.Recursive {
		dir, err := s.dirs.Get(stream.Context(), d)
		if err != nil {
			return toStatus(err)
		}
		return stream.Send(dir)
	}
	err = s.dirs.GetRecursive(stream.Context(), d, func(_ store.Digest, dir *castorev1.Directory) error {
		return stream.Send(dir)
	})
	return toStatus(err)
}

func (s *directoryServer) Put(stream grpc.ClientStreamingServer[castorev1.Directory, castorev1.PutDirectoryResponse]) error {
	p := s.dirs.NewPutter(stream.Context())
	for {
		dir, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err // abandon the putter: nothing is stored
		}
		if _, err := p.Put(dir); err != nil {
			return toStatus(err)
		}
	}
	root, err := p.Close()
	if err != nil {
		return toStatus(err)
	}
	return stream.SendAndClose(&castorev1.PutDirectoryResponse{RootDigest: root[:]})
}
