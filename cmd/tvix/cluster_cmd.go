package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/p2pnix/tvix/internal/atomicfile"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/node/buildsession"
	"github.com/p2pnix/tvix/node/nodeclient"
	"github.com/p2pnix/tvix/p2p"
	"github.com/spf13/cobra"
	"google.golang.org/protobuf/encoding/protojson"
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

var clusterPSKFile string

var clusterKeyCmd = &cobra.Command{
	Use:   "key --psk-file FILE",
	Short: "Print the cluster's public signing key (derived from the PSK), the one line stock Nix needs in trusted-public-keys",
	Args:  cobra.NoArgs,
	RunE: func(cmd *cobra.Command, args []string) error {
		k, err := p2p.ReadPSKFile(clusterPSKFile)
		if err != nil {
			return fmt.Errorf("cluster key: %w", err)
		}
		_, err = fmt.Fprintln(cmd.OutOrStdout(), k.ClusterKey().ToPublicKey())
		return err
	},
}

var clusterRotateCmd = &cobra.Command{
	Use:   "rotate --psk-file FILE",
	Short: "Replace the PSK in FILE with a new one (to expel a node) and print the new cluster key; copy FILE to the remaining nodes and restart them",
	Args:  cobra.NoArgs,
	RunE: func(cmd *cobra.Command, args []string) error {
		old, err := p2p.ReadPSKFile(clusterPSKFile)
		if err != nil {
			return fmt.Errorf("cluster rotate: %w (tvix cluster new-psk makes a first one)", err)
		}
		k, err := p2p.NewPSK()
		if err != nil {
			return fmt.Errorf("cluster rotate: %w", err)
		}
		if err := atomicfile.WriteFile(clusterPSKFile, k.Format(), 0o600); err != nil {
			return fmt.Errorf("cluster rotate: %w", err)
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "cluster rotate: %s holds a new PSK: copy it to every node that stays and restart them; in trusted-public-keys replace %s with:\n", clusterPSKFile, old.ClusterKey().ToPublicKey())
		_, err = fmt.Fprintln(cmd.OutOrStdout(), k.ClusterKey().ToPublicKey())
		return err
	},
}

var clusterPeersJSON bool

var clusterPeersCmd = &cobra.Command{
	Use:   "peers",
	Short: "List the peers the node is connected to (--node, $TVIX_NODE or the node on $TVIX_HOME)",
	Args:  cobra.NoArgs,
	RunE: func(cmd *cobra.Command, args []string) error {
		addr := clusterNode()
		b, err := nodeclient.Get(cmd.Context(), addr, nodeclient.PeersPath)
		if err != nil {
			return fmt.Errorf("cluster peers: %w", err)
		}
		var peers []nodeclient.PeerInfo
		if err := json.Unmarshal(b, &peers); err != nil {
			return fmt.Errorf("cluster peers: node %s: %w", addr, err)
		}
		out := cmd.OutOrStdout()
		if clusterPeersJSON {
			if peers == nil {
				peers = []nodeclient.PeerInfo{}
			}
			enc := json.NewEncoder(out)
			enc.SetIndent("", "  ")
			return enc.Encode(peers)
		}
		return nodeclient.WritePeers(out, peers)
	},
}

// clusterNode is the node cluster commands talk to: --node, $TVIX_NODE,
// else the node on $TVIX_HOME's socket.
func clusterNode() string {
	if addr := selectedNode(); addr != "" {
		return addr
	}
	return tvixhome.Default().NodeSocket()
}

var clusterStatusJSON bool

var clusterStatusCmd = &cobra.Command{
	Use:   "status",
	Short: "Show the build farm as the node sees it: peers with their slots and load, running and queued builds",
	Args:  cobra.NoArgs,
	RunE: func(cmd *cobra.Command, args []string) error {
		addr := clusterNode()
		c, err := nodeclient.DialBuildClient(addr)
		if err != nil {
			return fmt.Errorf("cluster status: %w", err)
		}
		defer c.Close()
		ctx, cancel := context.WithTimeout(cmd.Context(), 10*time.Second)
		defer cancel()
		st, err := c.Status(ctx)
		if err != nil {
			return fmt.Errorf("cluster status: node %s: %w", addr, err)
		}
		out := cmd.OutOrStdout()
		if clusterStatusJSON {
			b, err := protojson.MarshalOptions{Multiline: true, EmitUnpopulated: true}.Marshal(st)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(out, "%s\n", b)
			return err
		}
		return nodeclient.WriteStatus(out, st)
	},
}

var clusterBuildCmd = &cobra.Command{
	Use:   "build DRVPATH...",
	Short: "Ask the node to build derivations already in its store, across the cluster; print the output paths",
	Args:  cobra.MinimumNArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		res, err := buildsession.BuildOnNode(cmd.Context(), clusterNode(), args, cmd.ErrOrStderr(), buildsession.NodeOptions{Logs: clusterBuildLogs, KeepGoing: true})
		if err != nil {
			return fmt.Errorf("cluster build: %w", err)
		}
		return printNodeResults(cmd.OutOrStdout(), args, res, clusterBuildJSON)
	},
}

var clusterBuildJSON, clusterBuildLogs bool

// printNodeResults prints the output paths of drvPaths one per line (as
// nix-build does), or with asJSON one JSON object per derivation.
func printNodeResults(w io.Writer, drvPaths []string, res []buildsession.NodeResult, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		for _, r := range res {
			if r.Outputs == nil {
				r.Outputs = map[string]string{}
			}
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	for _, outputs := range buildsession.RootOutputs(res, drvPaths) {
		if err := printOutputPaths(w, outputs); err != nil {
			return err
		}
	}
	return nil
}

func init() {
	clusterPeersCmd.Flags().BoolVar(&clusterPeersJSON, "json", false, "print the peers as JSON")
	clusterStatusCmd.Flags().BoolVar(&clusterStatusJSON, "json", false, "print the status as JSON")
	clusterBuildCmd.Flags().BoolVar(&clusterBuildJSON, "json", false, "print one JSON record per derivation")
	clusterBuildCmd.Flags().BoolVarP(&clusterBuildLogs, "print-build-logs", "L", false, "print the build logs")
	for _, c := range []*cobra.Command{clusterKeyCmd, clusterRotateCmd} {
		c.Flags().StringVar(&clusterPSKFile, "psk-file", "", "the cluster's swarm.key (as given to tvix-node --psk-file)")
		c.MarkFlagRequired("psk-file")
	}
	clusterCmd.AddCommand(clusterNewPSKCmd, clusterKeyCmd, clusterRotateCmd, clusterPeersCmd, clusterStatusCmd, clusterBuildCmd)
	rootCmd.AddCommand(clusterCmd)
}
