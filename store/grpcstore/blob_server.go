package grpcstore

import (
	"context"
	"errors"
	"io"
	"sync"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"google.golang.org/grpc"
)

// blobServer serves a store.BlobService as castorev1.BlobService.
type blobServer struct {
	castorev1.UnimplementedBlobServiceServer
	blobs store.BlobService
}

// NewBlobServer returns a BlobService server backed by blobs.
func NewBlobServer(blobs store.BlobService) castorev1.BlobServiceServer {
	return &blobServer{blobs: blobs}
}

func (s *blobServer) Stat(ctx context.Context, req *castorev1.StatBlobRequest) (*castorev1.StatBlobResponse, error) {
	d, err := digestArg("stat blob: digest", req.Digest)
	if err != nil {
		return nil, err
	}
	chunks, err := s.blobs.Chunks(ctx, d)
	if err != nil {
		return nil, toStatus(err)
	}
	resp := &castorev1.StatBlobResponse{}
	if req.SendChunks {
		for _, c := range chunks {
			resp.Chunks = append(resp.Chunks, &castorev1.StatBlobResponse_ChunkMeta{Digest: c.Digest[:], Size: c.Size})
		}
	}
	return resp, nil
}

// readBufPool holds the streamPieceSize buffers Read fills, so that many
// small reads do not each allocate one. grpc-go marshals a message inside
// Send, so the buffer is free again once Send returns; Read already
// reused it from one piece to the next. (A stats handler keeping messages
// would see their data change, with or without the pool.)
var readBufPool = sync.Pool{New: func() any {
	b := make([]byte, streamPieceSize)
	return &b
}}

func (s *blobServer) Read(req *castorev1.ReadBlobRequest, stream grpc.ServerStreamingServer[castorev1.BlobChunk]) error {
	d, err := digestArg("read blob: digest", req.Digest)
	if err != nil {
		return err
	}
	rc, err := s.blobs.Open(stream.Context(), d)
	if err != nil {
		return toStatus(err)
	}
	defer rc.Close()
	bufp := readBufPool.Get().(*[]byte)
	defer readBufPool.Put(bufp)
	buf := *bufp
	for {
		n, err := io.ReadFull(rc, buf)
		if n > 0 {
			if serr := stream.Send(&castorev1.BlobChunk{Data: buf[:n]}); serr != nil {
				return serr
			}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil
		}
		if err != nil {
			return toStatus(err)
		}
	}
}

func (s *blobServer) Put(stream grpc.ClientStreamingServer[castorev1.BlobChunk, castorev1.PutBlobResponse]) error {
	d, _, err := s.blobs.Put(stream.Context(), &recvReader{recv: stream.Recv})
	if err != nil {
		return toStatus(err)
	}
	return stream.SendAndClose(&castorev1.PutBlobResponse{Digest: d[:]})
}

// recvReader turns a stream of BlobChunk messages into an io.Reader.
type recvReader struct {
	recv func() (*castorev1.BlobChunk, error)
	buf  []byte
}

func (r *recvReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		msg, err := r.recv()
		if errors.Is(err, io.EOF) {
			return 0, io.EOF
		}
		if err != nil {
			return 0, err
		}
		r.buf = msg.Data
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}
