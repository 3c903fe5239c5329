package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/s3store"
	"github.com/spf13/cobra"
)

var gcGrace time.Duration

var storeGCCmd = &cobra.Command{
	Use:   "gc [--grace DURATION]",
	Short: "Remove the content no path refers to from an s3:// store (older than --grace, which protects uploads in progress) or a local store",
	Args:  cobra.NoArgs,
	RunE: func(cmd *cobra.Command, args []string) error {
		return withStore(cmd, func(ctx context.Context, st *store.Store, _ nixpath.StoreDir) error {
			if st.Maintenance == nil {
				return errors.New("gc: this store cannot delete (only local: and s3:// stores can)")
			}
			stats, err := s3store.CollectGarbage(ctx, st, gcGrace)
			if errors.Is(err, s3store.ErrNotS3) {
				stats, err = st.Maintenance.CollectGarbage(ctx)
			}
			if err != nil {
				return fmt.Errorf("gc: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "removed %d directories, %d chunk lists, %d chunks (%d bytes)\n",
				stats.Directories, stats.Blobs, stats.Chunks, stats.ChunkBytes)
			return nil
		})
	},
}

func init() {
	storeGCCmd.Flags().DurationVar(&gcGrace, "grace", s3store.DefaultGracePeriod, "s3:// stores: keep unreferenced objects younger than this (0: none, safe only with no writers)")
	storeCmd.AddCommand(storeGCCmd)
}
