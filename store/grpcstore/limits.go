package grpcstore

import (
	"google.golang.org/grpc"
)

// MaxMessageSize is the largest gRPC message either side accepts or sends.
// A Directory with tens of thousands of entries fits; blobs travel in
// pieces of streamPieceSize. A Stat listing chunks costs about 40 bytes a
// chunk, so chunk lists of blobs up to about 15 GB fit.
const MaxMessageSize = 4 << 20

// streamPieceSize is the data size of one BlobChunk message.
const streamPieceSize = 256 << 10

// ServerOptions returns the options a gRPC server of the store must use.
func ServerOptions() []grpc.ServerOption {
	return []grpc.ServerOption{
		grpc.MaxRecvMsgSize(MaxMessageSize),
		grpc.MaxSendMsgSize(MaxMessageSize),
	}
}

// DialOptions returns the call options a client of the store must use
// (transport credentials are the caller's choice).
func DialOptions() []grpc.DialOption {
	return []grpc.DialOption{
		grpc.WithDefaultCallOptions(
			grpc.MaxCallRecvMsgSize(MaxMessageSize),
			grpc.MaxCallSendMsgSize(MaxMessageSize),
		),
	}
}
