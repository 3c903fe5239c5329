package main

import (
	"fmt"
	"os"

	"github.com/p2pnix/tvix/node/nodeclient"
	"github.com/spf13/cobra"
)

// selectedNode is the node a command talks to: --node, else $TVIX_NODE
// (empty when the command opens a store itself).
func selectedNode() string {
	if nodeAddr != "" {
		return nodeAddr
	}
	if storeURL == "" {
		return os.Getenv("TVIX_NODE")
	}
	return ""
}

// With --node (or $TVIX_NODE) and no key file named, `tvix key show` asks
// the node for its public key; otherwise it reads the secret key file
// ($TVIX_HOME/secret-key, the key of a node using that data directory).
func init() {
	fromFile := keyShowCmd.RunE
	keyShowCmd.RunE = func(cmd *cobra.Command, args []string) error {
		addr := selectedNode()
		if addr == "" || keyFile != "" {
			return fromFile(cmd, args)
		}
		line, err := nodeclient.PublicKey(cmd.Context(), addr)
		if err != nil {
			return fmt.Errorf("key show: %w", err)
		}
		fmt.Fprintln(cmd.OutOrStdout(), line)
		return nil
	}
}
