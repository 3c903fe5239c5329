package grpcbuilder

import (
	"context"
	"errors"
	"fmt"
	"io"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/proto/buildv1"
	"github.com/p2pnix/tvix/store"
)

type client struct {
	c buildv1.BuildServiceClient
}

// NewClient returns a Builder that runs builds on the BuildService at the
// other end of cc, streaming their logs.
func NewClient(cc grpc.ClientConnInterface) builder.Builder {
	return &client{c: buildv1.NewBuildServiceClient(cc)}
}

func (c *client) Build(ctx context.Context, req *buildv1.BuildRequest, log io.Writer) (*buildv1.Build, error) {
	if err := builder.ValidateRequest(req); err != nil {
		return nil, err
	}
	stream, err := c.c.DoBuildStream(ctx, req)
	if err != nil {
		return nil, fromStatus(err)
	}
	for {
		ev, err := stream.Recv()
		if err == io.EOF {
			return nil, errors.New("remote builder: stream ended without a result")
		}
		if err != nil {
			return nil, fromStatus(err)
		}
		switch e := ev.Event.(type) {
		case *buildv1.BuildEvent_Log:
			if log != nil {
				log.Write(e.Log)
			}
		case *buildv1.BuildEvent_Build:
			if len(e.Build.GetOutputs()) != len(req.Outputs) {
				return nil, fmt.Errorf("remote builder: %d outputs for %d requested: %w", len(e.Build.GetOutputs()), len(req.Outputs), store.ErrInvalid)
			}
			return e.Build, nil
		}
	}
}

// fromStatus turns a gRPC error back into what the remote Builder
// returned.
func fromStatus(err error) error {
	st, ok := status.FromError(err)
	if !ok {
		return err
	}
	switch st.Code() {
	case codes.Aborted:
		be := &builder.Error{Reason: builder.ExitStatus, ExitCode: -1, Message: st.Message()}
		for _, d := range st.Details() {
			if s, ok := d.(*structpb.Struct); ok {
				be.Reason = builder.Reason(s.Fields["reason"].GetNumberValue())
				be.ExitCode = int(s.Fields["exitCode"].GetNumberValue())
			}
		}
		return be
	case codes.InvalidArgument:
		return fmt.Errorf("remote builder: %s: %w", st.Message(), store.ErrInvalid)
	case codes.NotFound:
		return fmt.Errorf("remote builder: %s: %w", st.Message(), store.ErrNotFound)
	case codes.Canceled:
		return fmt.Errorf("remote builder: %s: %w", st.Message(), context.Canceled)
	case codes.DeadlineExceeded:
		return fmt.Errorf("remote builder: %s: %w", st.Message(), context.DeadlineExceeded)
	}
	return fmt.Errorf("remote builder: %w", err)
}
