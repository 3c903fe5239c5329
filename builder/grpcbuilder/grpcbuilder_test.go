package grpcbuilder_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/test/bufconn"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/builder/grpcbuilder"
	"github.com/p2pnix/tvix/proto/buildv1"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
)

// fakeBuilder logs two lines and then returns result or err.
type fakeBuilder struct {
	result *buildv1.Build
	err    error
	got    *buildv1.BuildRequest
}

func (f *fakeBuilder) Build(ctx context.Context, req *buildv1.BuildRequest, log io.Writer) (*buildv1.Build, error) {
	f.got = req
	if log != nil {
		io.WriteString(log, "line one\n")
		io.WriteString(log, "line two\n")
	}
	return f.result, f.err
}

func dial(t *testing.T, b builder.Builder) builder.Builder {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	srv := grpc.NewServer()
	buildv1.RegisterBuildServiceServer(srv, grpcbuilder.NewServer(b))
	go srv.Serve(lis)
	t.Cleanup(srv.Stop)
	cc, err := grpc.NewClient("passthrough:///bufnet",
		grpc.WithContextDialer(func(context.Context, string) (net.Conn, error) { return lis.Dial() }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close() })
	return grpcbuilder.NewClient(cc)
}

func request() *buildv1.BuildRequest {
	return &buildv1.BuildRequest{
		CommandArgs:  []string{"/bin/sh"},
		WorkingDir:   "build",
		ScratchPaths: []string{"build", "nix/store"},
		InputsDir:    "nix/store",
		Outputs:      []string{"nix/store/00000000000000000000000000000000-out"},
	}
}

func TestRemoteBuildStreamsLogAndResult(t *testing.T) {
	out := &castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: &castorev1.SymlinkNode{Name: []byte("00000000000000000000000000000000-out"), Target: []byte("x")}}}
	fake := &fakeBuilder{result: &buildv1.Build{Outputs: []*castorev1.Node{out}}}
	c := dial(t, fake)
	var log bytes.Buffer
	res, err := c.Build(context.Background(), request(), &log)
	if err != nil {
		t.Fatal(err)
	}
	if log.String() != "line one\nline two\n" {
		t.Errorf("log = %q", log.String())
	}
	if len(res.Outputs) != 1 || string(res.Outputs[0].GetSymlink().Target) != "x" {
		t.Errorf("result %v", res)
	}
	if fake.got.CommandArgs[0] != "/bin/sh" {
		t.Errorf("server got %v", fake.got)
	}
}

func TestRemoteBuildFailureKeepsReasonAndExitCode(t *testing.T) {
	c := dial(t, &fakeBuilder{err: &builder.Error{Reason: builder.Timeout, ExitCode: 7, Message: "timed out after 3 seconds"}})
	_, err := c.Build(context.Background(), request(), nil)
	var be *builder.Error
	if !errors.As(err, &be) || be.Reason != builder.Timeout || be.ExitCode != 7 || be.Message != "timed out after 3 seconds" {
		t.Fatalf("err = %#v", err)
	}
}

func TestRemoteBuildErrorsKeepTheirKind(t *testing.T) {
	c := dial(t, &fakeBuilder{err: errors.New("no such input: " + store.ErrNotFound.Error())})
	if _, err := c.Build(context.Background(), request(), nil); err == nil || errors.Is(err, builder.ErrBuildFailed) {
		t.Errorf("internal error came back as %v", err)
	}
	c = dial(t, &fakeBuilder{err: store.ErrNotFound})
	if _, err := c.Build(context.Background(), request(), nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("not found came back as %v", err)
	}
	bad := request()
	bad.WorkingDir = "/abs"
	if _, err := c.Build(context.Background(), bad, nil); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("invalid request: %v", err)
	}
}
