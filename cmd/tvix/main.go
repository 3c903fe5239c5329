// Command tvix is the user-facing CLI: store, evaluation and key commands.
// Each command group lives in its own file and registers itself in init.
package main

import (
	"fmt"
	"os"

	"github.com/p2pnix/tvix/store/storeurl"
	"github.com/spf13/cobra"
)

var rootCmd = &cobra.Command{
	Use:           "tvix",
	Short:         "Evaluate, build and store Nix derivations on a peer-to-peer build farm",
	SilenceUsage:  true,
	SilenceErrors: true,
}

// storeURL is the --store flag; empty means $TVIX_STORE or the default
// local store under $TVIX_HOME.
var storeURL string

// nodeAddr is the --node flag: the API address (or unix socket) of a
// running tvix-node that store commands talk to.
var nodeAddr string

func init() {
	rootCmd.PersistentFlags().StringVar(&storeURL, "store", "", "store URL (memory:, local:/path, grpc+http://host:port, grpc+unix:/path); default $TVIX_STORE, $TVIX_NODE, the node running on $TVIX_HOME, or the local store in $TVIX_HOME")
	rootCmd.PersistentFlags().StringVar(&nodeAddr, "node", "", "talk to the tvix-node at ADDR (host:port of its --api-listen, or its socket path) instead of opening the store; default $TVIX_NODE")
	rootCmd.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if nodeAddr == "" {
			return nil
		}
		if storeURL != "" {
			return fmt.Errorf("--store and --node name two stores: give one")
		}
		storeURL = storeurl.NodeURL(nodeAddr)
		return nil
	}
}

func main() {
	if err := rootCmd.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(exitCode(err))
	}
}

// exitStatusError carries a specific exit status (nix-instantiate exits 1
// on evaluation errors, 100 for some others).
type exitStatusError struct {
	err  error
	code int
}

func (e *exitStatusError) Error() string { return e.err.Error() }
func (e *exitStatusError) Unwrap() error { return e.err }

func exitCode(err error) int {
	if e, ok := err.(*exitStatusError); ok {
		return e.code
	}
	return 1
}
