// Package node is the tvix-node daemon. For now it opens the store and
// serves it over gRPC (BlobService, DirectoryService, PathInfoService) on
// a TCP address and on a unix socket in its data directory.
package node

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/grpcstore"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/storeurl"
	"google.golang.org/grpc"
)

// DefaultAPIListen is the default gRPC (later also HTTP) address.
const DefaultAPIListen = "127.0.0.1:7400"

// SocketName is the unix socket's name inside the data directory.
const SocketName = "tvix.sock"

// ServingPrefix starts the line Run writes to Config.Log once it serves:
// ServingPrefix, the TCP address, " and unix:", the socket path, and more.
// Scripts and tests wait for it (with --api-listen 127.0.0.1:0 it is the
// way to learn the port).
const ServingPrefix = "tvix-node: serving gRPC on "

// shutdownGrace bounds how long Run waits for calls in flight on shutdown.
const shutdownGrace = 10 * time.Second

// Config is what a node needs to start.
type Config struct {
	// DataDir holds the node's state; it is created if missing.
	DataDir string
	// APIListen is the TCP address of the gRPC API.
	APIListen string
	// StoreURL names the store to serve; empty means the local store in
	// DataDir.
	StoreURL string
	// Log receives one line per event (start, stop); nil discards.
	Log io.Writer
}

// Node is a started node: its store is open and its listeners bound.
type Node struct {
	cfg    Config
	store  *store.Store
	server *grpc.Server
	tcp    net.Listener
	unix   net.Listener
}

// New opens the store and binds the listeners; Run serves. On error
// nothing is left open.
func New(ctx context.Context, cfg Config) (*Node, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("node: no data directory")
	}
	if cfg.APIListen == "" {
		cfg.APIListen = DefaultAPIListen
	}
	if cfg.StoreURL == "" {
		cfg.StoreURL = "local:" + storeurl.LocalDir(cfg.DataDir)
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return nil, fmt.Errorf("node: data directory: %w", err)
	}
	n := &Node{cfg: cfg}
	if err := n.bind(ctx); err != nil {
		n.closeAll()
		return nil, err
	}
	n.server = grpc.NewServer(grpcstore.ServerOptions()...)
	grpcstore.Register(n.server, n.store, n.calculateNAR)
	return n, nil
}

// bind opens the store and the listeners.
func (n *Node) bind(ctx context.Context) error {
	var err error
	if n.store, err = storeurl.Open(ctx, n.cfg.StoreURL); err != nil {
		return fmt.Errorf("node: %w", err)
	}
	if n.tcp, err = net.Listen("tcp", n.cfg.APIListen); err != nil {
		return fmt.Errorf("node: --api-listen: %w", err)
	}
	sock := filepath.Join(n.cfg.DataDir, SocketName)
	removeStaleSocket(sock)
	if n.unix, err = net.Listen("unix", sock); err != nil {
		return fmt.Errorf("node: unix socket: %w", err)
	}
	return nil
}

// calculateNAR renders a node of this node's store as a NAR.
func (n *Node) calculateNAR(ctx context.Context, node *castorev1.Node) (uint64, [32]byte, error) {
	return nar.Calculate(ctx, n.store.Blobs, n.store.Directories, node)
}

// removeStaleSocket removes a socket file nobody listens on any more.
func removeStaleSocket(path string) {
	if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
		c.Close() // in use: Listen reports it
		return
	}
	os.Remove(path)
}

// APIAddr is the bound TCP address (useful with port 0).
func (n *Node) APIAddr() net.Addr { return n.tcp.Addr() }

// SocketPath is the unix socket the node serves on.
func (n *Node) SocketPath() string { return n.unix.Addr().String() }

// Run serves until ctx is done, then stops gracefully (calls in flight get
// shutdownGrace) and closes the store.
func (n *Node) Run(ctx context.Context) error {
	errc := make(chan error, 2)
	for _, l := range []net.Listener{n.tcp, n.unix} {
		go func(l net.Listener) { errc <- n.server.Serve(l) }(l)
	}
	fmt.Fprintf(n.cfg.Log, "%s%s and unix:%s (store %s)\n", ServingPrefix, n.APIAddr(), n.SocketPath(), n.cfg.StoreURL)
	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
		err = fmt.Errorf("node: serve: %w", err)
	}
	stopped := make(chan struct{})
	go func() { n.server.GracefulStop(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(shutdownGrace):
		n.server.Stop()
	}
	if cerr := n.closeAll(); err == nil {
		err = cerr
	}
	fmt.Fprintln(n.cfg.Log, "tvix-node: stopped")
	return err
}

func (n *Node) closeAll() error {
	var err error
	if n.server != nil {
		n.server.Stop()
	}
	for _, l := range []net.Listener{n.tcp, n.unix} {
		if l != nil {
			l.Close()
		}
	}
	if n.store != nil {
		err = n.store.Close()
		n.store = nil
	}
	return err
}
