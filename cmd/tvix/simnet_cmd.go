package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/signal"

	"github.com/p2pnix/tvix/simnet"
	"github.com/spf13/cobra"
)

var simnetCmd = &cobra.Command{
	Use:   "simnet",
	Short: "Simulate a build farm of many nodes on this machine (see simnet/testdata for scenarios)",
}

var (
	simnetSeed  uint64
	simnetJSON  bool
	simnetQuiet bool
)

var simnetRunCmd = &cobra.Command{
	Use:   "run SCENARIO",
	Short: "Run a scenario file and print its report (--json for JSON)",
	Args:  cobra.ExactArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		s, err := simnet.ParseFile(args[0])
		if err != nil {
			return err
		}
		ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
		defer stop()
		progress := func(line string) {
			if !simnetQuiet {
				fmt.Fprintln(cmd.ErrOrStderr(), "simnet:", line)
			}
		}
		r, err := simnet.Run(ctx, s, simnetSeed, progress)
		if err != nil {
			return fmt.Errorf("simnet run %s: %w", args[0], err)
		}
		out := cmd.OutOrStdout()
		if simnetJSON {
			enc := json.NewEncoder(out)
			enc.SetIndent("", "  ")
			return enc.Encode(r)
		}
		r.WriteText(out)
		return nil
	},
}

func init() {
	simnetRunCmd.Flags().Uint64Var(&simnetSeed, "seed", 1, "random seed; simulated results are a function of the scenario and the seed")
	simnetRunCmd.Flags().BoolVar(&simnetJSON, "json", false, "print the report as JSON")
	simnetRunCmd.Flags().BoolVarP(&simnetQuiet, "quiet", "q", false, "no progress lines on stderr")
	simnetCmd.AddCommand(simnetRunCmd)
	rootCmd.AddCommand(simnetCmd)
}
