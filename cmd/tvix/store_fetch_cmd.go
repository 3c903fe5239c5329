package main

import (
	"bufio"
	"fmt"

	"github.com/p2pnix/tvix/store/pathinfo"
	"github.com/p2pnix/tvix/store/storeurl"
	"github.com/spf13/cobra"
)

var storeFetchCmd = &cobra.Command{
	Use:   "fetch STOREPATH...",
	Short: "Substitute store paths and their closure from the cluster into the node's store, and print them",
	Long: `Fetch makes the given store paths and everything they refer to local to the
running tvix-node (--node, $TVIX_NODE, or the node on $TVIX_HOME): each path
the node's shard lacks is found through the DHT, its signed PathInfo checked
against the trusted keys and its content fetched and verified. It prints the
closure's paths, one per line, sorted.`,
	Args: cobra.MinimumNArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		dir, err := storeDir()
		if err != nil {
			return err
		}
		addr, ok := storeurl.NodeAddr(selectedStoreURL())
		if !ok {
			return fmt.Errorf("fetch: no tvix-node to fetch through: start one (tvix-node) or name it with --node")
		}
		ctx := cmd.Context()
		st, err := storeurl.Open(ctx, storeurl.NodeURL(addr))
		if err != nil {
			return fmt.Errorf("fetch: %w", err)
		}
		defer st.Close()
		// Each PathInfo read through the node fetches the path (content
		// included) when its shard lacks it.
		infos, err := pathinfo.Collect(ctx, st, dir, args, true)
		if err != nil {
			return fmt.Errorf("fetch: %w", err)
		}
		out := bufio.NewWriter(cmd.OutOrStdout())
		defer out.Flush()
		for _, info := range infos {
			fmt.Fprintln(out, pathinfo.StorePath(dir, info))
		}
		return nil
	},
}

func init() {
	storeCmd.AddCommand(storeFetchCmd)
}
