package main

import (
	"bufio"
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/node/buildsession"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
)

var storeCollectCheckoutsCmd = &cobra.Command{
	Use:   "collect-checkouts",
	Short: "Delete the checkouts under $TVIX_HOME/checkout that no result link of tvix build needs",
	Long: `tvix build materialises each output it links as ./result (or -o) as a
read-only tree under $TVIX_HOME/checkout, with the output's closure, and
records the link as a root: $TVIX_HOME/gcroots/auto/<hash> is a symlink
to the link, as Nix's /nix/var/nix/gcroots/auto is.

collect-checkouts follows those roots. A root whose link is gone, or
points elsewhere now, is removed; the checkouts of the remaining links
and their closures (references read from the store) are kept, every
other checkout is deleted (and, as root, its /nix/store/<base> link).
Store paths stay in the store: only the copies on disk go. The paths of
the deleted checkouts are printed, one per line.

It refuses to run while a tvix build is running, and removes nothing if
a live checkout's closure is not in the store (--store/--node must name
the store the builds used).`,
	Args: cobra.NoArgs,
	RunE: func(cmd *cobra.Command, args []string) error {
		return withStore(cmd, func(ctx context.Context, st *store.Store, _ nixpath.StoreDir) error {
			removed, err := buildsession.CollectCheckouts(ctx, tvixhome.Default(), st)
			out := bufio.NewWriter(cmd.OutOrStdout())
			for _, p := range removed {
				fmt.Fprintln(out, p)
			}
			if ferr := out.Flush(); err == nil {
				err = ferr
			}
			return err
		})
	},
}

func init() { storeCmd.AddCommand(storeCollectCheckoutsCmd) }
