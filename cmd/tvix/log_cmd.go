package main

import (
	"github.com/spf13/cobra"

	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/node/buildsession"
)

var logCmd = &cobra.Command{
	Use:   "log DRVPATH|OUTPATH",
	Short: "Print the log of the build of a derivation, or of the derivation that produced an output (like nix-store -l)",
	Args:  cobra.ExactArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		data, err := buildsession.ReadLog(cmd.Context(), tvixhome.Default(), args[0], openStore)
		if err != nil {
			return err
		}
		_, err = cmd.OutOrStdout().Write(data)
		return err
	},
}

func init() { rootCmd.AddCommand(logCmd) }
