package main

import (
	"context"
	"errors"
	"os"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/sshstore"
	"github.com/spf13/cobra"
)

var storeServeStdio bool

var storeServeCmd = &cobra.Command{
	Use:   "serve --stdio",
	Short: "Serve the store's gRPC protocol on stdin/stdout (what ssh:// store URLs run on the far side)",
	Args:  cobra.NoArgs,
	RunE: func(cmd *cobra.Command, args []string) error {
		if !storeServeStdio {
			return errors.New("store serve: only --stdio is supported (tvix-node serves the store over TCP)")
		}
		return withStore(cmd, func(ctx context.Context, st *store.Store, _ nixpath.StoreDir) error {
			calc := func(ctx context.Context, n *castorev1.Node) (uint64, [32]byte, error) {
				return nar.Calculate(ctx, st.Blobs, st.Directories, n)
			}
			return sshstore.Serve(ctx, st, calc, os.Stdin, os.Stdout)
		})
	},
}

func init() {
	storeServeCmd.Flags().BoolVar(&storeServeStdio, "stdio", false, "serve one client on stdin/stdout")
	storeCmd.AddCommand(storeServeCmd)
}
