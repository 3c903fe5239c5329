package node

import (
	"context"
	"fmt"
	"net"
	"os"

	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/node/buildsession"
	"github.com/p2pnix/tvix/node/nixdaemon"
)

// nixDaemonSocketMode is the Nix daemon socket's mode: the node's user
// and group may connect, as with nix-daemon's socket and its
// allowed-users; whoever connects may add paths and build (README).
const nixDaemonSocketMode = 0o660

// listenNixDaemon binds the Nix daemon protocol's unix socket in the data
// directory (tvixhome.Dir.NixDaemonSocket).
func (n *Node) listenNixDaemon() error {
	sock := tvixhome.Dir(n.cfg.DataDir).NixDaemonSocket()
	removeStaleSocket(sock)
	ln, err := net.Listen("unix", sock)
	if err != nil {
		return fmt.Errorf("node: nix daemon socket: %w", err)
	}
	if err := os.Chmod(sock, nixDaemonSocketMode); err != nil {
		ln.Close()
		return fmt.Errorf("node: nix daemon socket: %w", err)
	}
	n.nixDaemon = ln
	return nil
}

// serveNixDaemon serves the Nix daemon protocol (node/nixdaemon) on the
// socket until ctx ends: the node's store, and builds handed to this
// node's farm through its own API socket, as tvix build hands them.
func (n *Node) serveNixDaemon(ctx context.Context) error {
	srv, err := nixdaemon.New(nixdaemon.Config{
		Store:    n.store,
		StoreDir: n.dir,
		Log:      n.log.With("part", "nix-daemon"),
		Builder:  buildsession.NewNodeDaemonBuilder(n.store, n.SocketPath(), tvixhome.Dir(n.cfg.DataDir)),
	})
	if err != nil {
		return err
	}
	return srv.Serve(ctx, n.nixDaemon)
}

// NixDaemonSocketPath is the unix socket the node serves the Nix daemon
// protocol on.
func (n *Node) NixDaemonSocketPath() string { return n.nixDaemon.Addr().String() }
