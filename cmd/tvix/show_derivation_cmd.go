package main

import (
	"context"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/derivation"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/pathinfo"
	"github.com/spf13/cobra"
)

var showDrvRecursive bool

var showDerivationCmd = &cobra.Command{
	Use:   "show-derivation [-r] DRVPATH...",
	Short: "Print derivations from the store as JSON, like nix show-derivation",
	Long: `show-derivation reads each .drv from the store and prints them as one
JSON object keyed by drv path, as Nix 2.8's nix show-derivation does;
with -r/--recursive it includes every derivation they depend on.`,
	Args: cobra.MinimumNArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		return withStore(cmd, func(ctx context.Context, st *store.Store, dir nixpath.StoreDir) error {
			drvs, err := pathinfo.ReadDerivations(ctx, st, dir, args, showDrvRecursive)
			if err != nil {
				return err
			}
			_, err = cmd.OutOrStdout().Write(derivation.ShowDerivationJSON(drvs))
			return err
		})
	},
}

func init() {
	showDerivationCmd.Flags().BoolVarP(&showDrvRecursive, "recursive", "r", false, "include the derivations the given ones depend on")
	rootCmd.AddCommand(showDerivationCmd)
}
