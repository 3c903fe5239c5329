package main

import (
	"bufio"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/p2pnix/tvix/eval/instantiate"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/node/buildsession"
	"github.com/p2pnix/tvix/store/storeurl"
)

var buildCmd = &cobra.Command{
	Use:   "build [FILE | DRV[!OUTPUT] | -E EXPR] [-A ATTR] [--arg N V] [--argstr N V] [-o LINK | --no-out-link] [-j N] [--json]",
	Short: "Evaluate a Nix expression and build its derivations in OCI sandboxes, like nix-build",
	Long: `Evaluates FILE (default ./default.nix) or EXPR with the attribute paths
and arguments given, as nix-build does, writes the derivations into the
store, builds every missing one in an OCI sandbox (up to -j at a time;
the sandbox needs root) and prints the output paths one per line.

Each output asked for is materialised as a read-only tree under
$TVIX_HOME/checkout/<store path base>; as root it also appears at its
/nix/store path (a symlink into the checkout) unless something is there
already. Unless --no-out-link, ./result (or -o NAME) links to it, with
result-<output> for outputs other than out and result-2, result-3, ...
for further derivations, as nix-build names them; each link is recorded
as a root in $TVIX_HOME/gcroots/auto, and tvix store collect-checkouts
deletes the checkouts no such link needs. Import from derivation
builds on demand; the evaluator reads the output at its store path, or
through the store where nothing is there (no root, a read-only
/nix/store). --json prints one object per derivation built or asked
for instead of the paths.

A .drv store path as argument is built as nix-build builds it (the out
output, or DRV!OUTPUT); one missing from the store is imported, with
its closure, from /nix/store.

Build flags: -j/--max-jobs N, --cores N, -k/--keep-going,
-K/--keep-failed, --check, --timeout SECONDS, --max-silent-time SECONDS,
-Q/--no-build-output. --check-reproducible (through a node only) has the
farm build every derivation it builds, and each one asked for, on a
second peer as well and fails, in Nix's words, where an output's NAR
hash differs, listing the files that differ. Evaluation flags are nix-instantiate's: -E, -A, -I,
--arg, --argstr, --show-trace.`,
	DisableFlagParsing: true,
	RunE:               runBuildExpr,
}

func init() { rootCmd.AddCommand(buildCmd) }

func runBuildExpr(cmd *cobra.Command, args []string) error {
	c, err := buildsession.ParseArgs(args)
	if err == instantiate.ErrHelp {
		return cmd.Help()
	}
	if err != nil {
		return &exitStatusError{err: err, code: 1}
	}
	// Flags are parsed here, so the root's --store and --node are too.
	var url string
	switch {
	case c.Store != "" && c.Node != "":
		return fmt.Errorf("--store and --node name two stores: give one")
	case c.Store != "":
		url = c.Store
	case c.Node != "":
		url = storeurl.NodeURL(c.Node)
	case storeURL != "":
		url = storeURL
	default:
		url = storeurl.DefaultURL()
	}
	c.Settings.Progress = true
	c.Settings.DescribeBuilds = true
	instantiate.TuneGCForEval(instantiate.EvalGCFloor)
	home := tvixhome.Default()
	// Until the result links and their roots are made, collect-checkouts
	// must not run.
	unlock, err := buildsession.LockCheckouts(home)
	if err != nil {
		return err
	}
	defer unlock()
	ctx := cmd.Context()
	s, err := buildsession.Open(ctx, buildsession.Options{Home: home, StoreURL: url, Settings: c.Settings, Stderr: cmd.ErrOrStderr()})
	if err != nil {
		return quiet(err)
	}
	results, err := s.Build(ctx, *c.Eval)
	s.Close()
	if err != nil {
		return quiet(err)
	}
	if c.JSON {
		enc := json.NewEncoder(cmd.OutOrStdout())
		for _, rec := range buildsession.Records(home, results) {
			if err := enc.Encode(rec); err != nil {
				return err
			}
		}
		return nil
	}
	paths, links := buildsession.NixBuildOutputs(results, c.OutLink)
	for _, l := range links {
		if err := buildsession.LinkResult(home, l.Target, l.Name); err != nil {
			return err
		}
	}
	out := bufio.NewWriter(cmd.OutOrStdout())
	for _, p := range paths {
		fmt.Fprintln(out, p)
	}
	return out.Flush()
}
