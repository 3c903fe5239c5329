package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/node/buildsession"
	"github.com/p2pnix/tvix/node/nixdaemon"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/storeurl"
	"github.com/spf13/cobra"
)

var nixDaemonStdio bool

var nixDaemonCmd = &cobra.Command{
	Use:   "nix-daemon --stdio",
	Short: "Serve the Nix daemon protocol on stdin/stdout over the store (what ssh-ng:// runs); builds go through the node or run here",
	Args:  cobra.NoArgs,
	RunE: func(cmd *cobra.Command, args []string) error {
		if !nixDaemonStdio {
			return errors.New("nix-daemon: only --stdio is supported (tvix-node serves the socket)")
		}
		// A client that has gone makes writes to stdout fail with
		// EPIPE, which ends the operation and its builds, rather than
		// kill this process (Go's default for stdout) and leave them.
		signal.Ignore(syscall.SIGPIPE)
		// A node on this machine serves the protocol itself next to
		// its API socket: relay to it, so that uploads go straight into
		// its store.
		if nodeAddr != "" && filepath.Base(nodeAddr) == tvixhome.NodeSocketName {
			if c, err := net.Dial("unix", tvixhome.Dir(filepath.Dir(nodeAddr)).NixDaemonSocket()); err == nil {
				return nixdaemon.Relay(c.(*net.UnixConn), os.Stdin, os.Stdout)
			}
		}
		if storeURL == "" && nodeAddr != "" {
			storeURL = storeurl.NodeURL(nodeAddr) // --node: the node's store
		}
		return withStore(cmd, func(ctx context.Context, st *store.Store, dir nixpath.StoreDir) error {
			u := storeURL
			if u == "" {
				u = storeurl.DefaultURL()
			}
			srv, err := nixdaemon.New(nixdaemon.Config{
				Store:    st,
				StoreDir: dir,
				Log:      slog.New(slog.NewTextHandler(os.Stderr, nil)),
				// Builds run as tvix build runs them: through the node
				// the store belongs to, else in sandboxes here.
				Builder: buildsession.NewDaemonBuilder(ctx, st, u, tvixhome.Default()),
			})
			if err != nil {
				return err
			}
			return srv.ServeConn(ctx, os.Stdin, os.Stdout)
		})
	},
}

func init() {
	nixDaemonCmd.Flags().BoolVar(&nixDaemonStdio, "stdio", false, "serve one client on stdin/stdout")
	rootCmd.AddCommand(nixDaemonCmd)
}
