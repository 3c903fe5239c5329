// Package nodeclient is the client side of a tvix-node's API: the gRPC
// NodeService (builds, cluster status) and the HTTP endpoints beside the
// binary cache (peers, pins, p2p info, public key). It is what the tvix
// command needs of a node; it does not import the daemon.
package nodeclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/p2pnix/tvix/proto/nodev1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// BuildClient talks to a node's NodeService (builds and cluster status).
type BuildClient struct {
	conn *grpc.ClientConn
	c    nodev1.NodeServiceClient
}

// DialBuildClient connects (lazily) to the node at addr: host:port, or the
// absolute path of its unix socket.
func DialBuildClient(addr string) (*BuildClient, error) {
	target := addr
	if filepath.IsAbs(addr) {
		target = "unix://" + addr
	}
	conn, err := grpc.NewClient(target, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, fmt.Errorf("node %s: %w", addr, err)
	}
	return &BuildClient{conn: conn, c: nodev1.NewNodeServiceClient(conn)}, nil
}

// Close closes the connection.
func (c *BuildClient) Close() error { return c.conn.Close() }

// Status returns the node's view of the cluster.
func (c *BuildClient) Status(ctx context.Context) (*nodev1.StatusResponse, error) {
	return c.c.Status(ctx, &nodev1.StatusRequest{})
}

// Build asks the node to build req.DrvPaths (already in its store) and
// calls fn with every event as it arrives, until the Done event, which it
// returns. It fails when the stream breaks before Done or fn fails.
func (c *BuildClient) Build(ctx context.Context, req *nodev1.BuildRequest, fn func(*nodev1.BuildEvent) error) (*nodev1.Done, error) {
	stream, err := c.c.Build(ctx, req)
	if err != nil {
		return nil, err
	}
	for {
		ev, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil, errors.New("node: build stream ended without a result")
		}
		if err != nil {
			return nil, err
		}
		if fn != nil {
			if err := fn(ev); err != nil {
				return nil, err
			}
		}
		if d := ev.GetDone(); d != nil {
			return d, nil
		}
	}
}
