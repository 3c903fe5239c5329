// Package grpcbuilder carries builds over gRPC (tvix.build.v1
// BuildService): a server that runs requests on any Builder, and a client
// that is itself a Builder, so that a remote machine's sandbox plugs in
// where the local one would. Builder and caller must share a castore
// (the outputs come back as nodes in it), as Tvix's builders do.
//
// A failed build travels as codes.Aborted with its reason and exit code
// in a google.protobuf.Struct detail, and comes back as a *builder.Error;
// store errors keep their codes (InvalidArgument, NotFound, ...).
package grpcbuilder

import (
	"context"
	"errors"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/proto/buildv1"
	"github.com/p2pnix/tvix/store"
)

type server struct {
	buildv1.UnimplementedBuildServiceServer
	b builder.Builder
}

// NewServer returns a BuildService that runs every request on b.
func NewServer(b builder.Builder) buildv1.BuildServiceServer { return &server{b: b} }

func (s *server) DoBuild(ctx context.Context, req *buildv1.BuildRequest) (*buildv1.Build, error) {
	res, err := s.b.Build(ctx, req, nil)
	return res, toStatus(err)
}

func (s *server) DoBuildStream(req *buildv1.BuildRequest, stream buildv1.BuildService_DoBuildStreamServer) error {
	res, err := s.b.Build(stream.Context(), req, &logSender{stream: stream})
	if err != nil {
		return toStatus(err)
	}
	return stream.Send(&buildv1.BuildEvent{Event: &buildv1.BuildEvent_Build{Build: res}})
}

// logSender forwards log output as BuildEvents. A failed send (the client
// went away) is reported to the Builder, whose ctx is cancelled too.
type logSender struct {
	stream buildv1.BuildService_DoBuildStreamServer
}

func (l *logSender) Write(p []byte) (int, error) {
	chunk := append([]byte(nil), p...)
	if err := l.stream.Send(&buildv1.BuildEvent{Event: &buildv1.BuildEvent_Log{Log: chunk}}); err != nil {
		return 0, err
	}
	return len(p), nil
}

func toStatus(err error) error {
	if err == nil {
		return nil
	}
	var be *builder.Error
	switch {
	case errors.As(err, &be):
		st := status.New(codes.Aborted, be.Message)
		detail, derr := structpb.NewStruct(map[string]any{"reason": float64(be.Reason), "exitCode": float64(be.ExitCode)})
		if derr == nil {
			if withDetail, derr := st.WithDetails(detail); derr == nil {
				st = withDetail
			}
		}
		return st.Err()
	case errors.Is(err, store.ErrInvalid):
		return status.Error(codes.InvalidArgument, err.Error())
	case errors.Is(err, store.ErrNotFound):
		return status.Error(codes.NotFound, err.Error())
	case errors.Is(err, context.Canceled):
		return status.Error(codes.Canceled, err.Error())
	case errors.Is(err, context.DeadlineExceeded):
		return status.Error(codes.DeadlineExceeded, err.Error())
	}
	return status.Error(codes.Internal, err.Error())
}
