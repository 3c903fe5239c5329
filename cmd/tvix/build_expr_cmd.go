package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

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
-Q/--no-build-output. Evaluation flags are nix-instantiate's: -E, -A, -I,
--arg, --argstr, --show-trace.`,
	DisableFlagParsing: true,
	RunE:               runBuildExpr,
}

func init() { rootCmd.AddCommand(buildCmd) }

// buildCLI is the parsed `tvix build` command line.
type buildCLI struct {
	inst      *instantiate.Options
	settings  buildsession.Settings
	storeURL  string
	outLink   string // "" with --no-out-link
	json      bool
	storeFlag string
	nodeFlag  string
}

// parseBuildArgs takes nix-build's build flags out of args and hands the
// rest to instantiate.ParseArgs.
func parseBuildArgs(args []string) (*buildCLI, error) {
	c := &buildCLI{outLink: "result", settings: buildsession.DefaultSettings()}
	s := &c.settings
	var rest []string
	for i := 0; i < len(args); i++ {
		a, val, hasVal := args[i], "", false
		if strings.HasPrefix(a, "--") {
			if k, v, ok := strings.Cut(a, "="); ok {
				a, val, hasVal = k, v, true
			}
		}
		value := func() (string, error) {
			if hasVal {
				return val, nil
			}
			if i+1 >= len(args) {
				return "", fmt.Errorf("flag '%s' requires 1 argument(s)", a)
			}
			i++
			return args[i], nil
		}
		intValue := func(dst *int) error {
			v, err := value()
			if err != nil {
				return err
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return fmt.Errorf("flag '%s': '%s' is not a non-negative integer", a, v)
			}
			*dst = n
			return nil
		}
		durValue := func(dst *time.Duration) error {
			v, err := value()
			if err != nil {
				return err
			}
			if n, err := strconv.Atoi(v); err == nil && n >= 0 {
				*dst = time.Duration(n) * time.Second // Nix's unit
				return nil
			}
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return fmt.Errorf("flag '%s': '%s' is neither seconds nor a duration", a, v)
			}
			*dst = d
			return nil
		}
		var err error
		switch a {
		case "-o", "--out-link":
			c.outLink, err = value()
		case "--no-out-link":
			c.outLink = ""
		case "-j", "--max-jobs":
			err = intValue(&s.Jobs)
		case "--cores":
			err = intValue(&s.Cores)
		case "-k", "--keep-going":
			s.KeepGoing = true
		case "-K", "--keep-failed":
			s.KeepFailed = true
		case "--local":
			s.Local = true
		case "--check":
			s.Check = true
		case "--timeout":
			err = durValue(&s.Timeout)
		case "--max-silent-time":
			err = durValue(&s.MaxSilent)
		case "-Q", "--no-build-output", "--quiet":
			s.Quiet = true
		case "--json":
			c.json = true
		case "--store":
			c.storeFlag, err = value()
		case "--node":
			c.nodeFlag, err = value()
		case "-A", "--attr", "-I", "--include":
			rest = append(rest, args[i:min(i+2, len(args))]...)
			i++
		case "--arg", "--argstr", "--option":
			rest = append(rest, args[i:min(i+3, len(args))]...)
			i += 2
		default:
			rest = append(rest, args[i])
		}
		if err != nil {
			return nil, err
		}
	}
	for _, a := range rest {
		if a == "--eval" || a == "--eval-only" || a == "--parse" || a == "--parse-only" || a == "--xml" || a == "--strict" {
			return nil, fmt.Errorf("unrecognised flag '%s'", a)
		}
	}
	o, err := instantiate.ParseArgs(rest)
	if err != nil {
		return nil, err
	}
	if s.Jobs == 0 {
		s.Jobs = 1
	}
	c.inst = o
	return c, nil
}

func runBuildExpr(cmd *cobra.Command, args []string) error {
	c, err := parseBuildArgs(args)
	if err == instantiate.ErrHelp {
		return cmd.Help()
	}
	if err != nil {
		return &exitStatusError{err: err, code: 1}
	}
	// Flags are parsed here, so the root's --store and --node are too.
	switch {
	case c.storeFlag != "" && c.nodeFlag != "":
		return fmt.Errorf("--store and --node name two stores: give one")
	case c.storeFlag != "":
		c.storeURL = c.storeFlag
	case c.nodeFlag != "":
		c.storeURL = storeurl.NodeURL(c.nodeFlag)
	case storeURL != "":
		c.storeURL = storeURL
	default:
		c.storeURL = storeurl.DefaultURL()
	}
	c.settings.Progress = true
	c.settings.DescribeBuilds = true
	instantiate.TuneGCForEval(128 << 20)
	home := tvixhome.Default()
	// Until the result links and their roots are made, collect-checkouts
	// must not run.
	unlock, err := buildsession.LockCheckouts(home)
	if err != nil {
		return err
	}
	defer unlock()
	ctx := cmd.Context()
	s, err := buildsession.Open(ctx, buildsession.Options{Home: home, StoreURL: c.storeURL, Settings: c.settings, Stderr: cmd.ErrOrStderr()})
	if err != nil {
		return quiet(err)
	}
	results, err := s.Build(ctx, *c.inst)
	s.Close()
	if err != nil {
		return quiet(err)
	}
	if c.json {
		enc := json.NewEncoder(cmd.OutOrStdout())
		for _, rec := range buildsession.Records(home, results) {
			if err := enc.Encode(rec); err != nil {
				return err
			}
		}
		return nil
	}
	paths, links := buildsession.NixBuildOutputs(results, c.outLink)
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
