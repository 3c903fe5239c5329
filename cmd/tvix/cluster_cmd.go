package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/p2pnix/tvix/node"
	"github.com/p2pnix/tvix/p2p"
	"github.com/p2pnix/tvix/store/storeurl"
	"github.com/spf13/cobra"
)

var clusterCmd = &cobra.Command{
	Use:   "cluster",
	Short: "Manage the peer-to-peer cluster of tvix-nodes",
}

var clusterNewPSKCmd = &cobra.Command{
	Use:   "new-psk",
	Short: "Print a new pre-shared key (swarm.key) for a private network; give every node the file with --psk-file",
	Args:  cobra.NoArgs,
	RunE: func(cmd *cobra.Command, args []string) error {
		k, err := p2p.NewPSK()
		if err != nil {
			return fmt.Errorf("cluster new-psk: %w", err)
		}
		_, err = cmd.OutOrStdout().Write(k.Format())
		return err
	},
}

var clusterPeersJSON bool

var clusterPeersCmd = &cobra.Command{
	Use:   "peers",
	Short: "List the peers the node is connected to (--node, $TVIX_NODE or the node on $TVIX_HOME)",
	Args:  cobra.NoArgs,
	RunE: func(cmd *cobra.Command, args []string) error {
		addr := selectedNode()
		if addr == "" {
			addr = filepath.Join(storeurl.Home(), storeurl.NodeSocketName)
		}
		b, err := nodeGet(cmd.Context(), addr, node.PeersPath)
		if err != nil {
			return fmt.Errorf("cluster peers: %w", err)
		}
		var peers []node.PeerInfo
		if err := json.Unmarshal(b, &peers); err != nil {
			return fmt.Errorf("cluster peers: node %s: %w", addr, err)
		}
		out := cmd.OutOrStdout()
		if clusterPeersJSON {
			if peers == nil {
				peers = []node.PeerInfo{}
			}
			enc := json.NewEncoder(out)
			enc.SetIndent("", "  ")
			return enc.Encode(peers)
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "PEER\tFOUND\tLATENCY\tADDRESSES")
		for _, p := range peers {
			found := p.Found
			if found == "" {
				found = "-"
			}
			latency := "-"
			if p.LatencyMS > 0 {
				latency = fmt.Sprintf("%.2fms", p.LatencyMS)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.ID, found, latency, strings.Join(p.Addrs, ","))
		}
		return tw.Flush()
	},
}

func init() {
	clusterPeersCmd.Flags().BoolVar(&clusterPeersJSON, "json", false, "print the peers as JSON")
	clusterCmd.AddCommand(clusterNewPSKCmd, clusterPeersCmd)
	rootCmd.AddCommand(clusterCmd)
}
