package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/spf13/cobra"

	"github.com/p2pnix/tvix/eval/instantiate"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/p2p"
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
	opts      buildOptions
	outLink   string // "" with --no-out-link
	json      bool
	storeFlag string
	nodeFlag  string
}

// parseBuildArgs takes nix-build's build flags out of args and hands the
// rest to instantiate.ParseArgs.
func parseBuildArgs(args []string) (*buildCLI, error) {
	c := &buildCLI{outLink: "result", opts: buildOptions{settings: defaultBuildSettings()}}
	s := &c.opts.settings
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
			err = intValue(&s.jobs)
		case "--cores":
			err = intValue(&s.cores)
		case "-k", "--keep-going":
			s.keepGoing = true
		case "-K", "--keep-failed":
			s.keepFailed = true
		case "--local":
			s.local = true
		case "--check":
			s.check = true
		case "--timeout":
			err = durValue(&s.timeout)
		case "--max-silent-time":
			err = durValue(&s.maxSilent)
		case "-Q", "--no-build-output", "--quiet":
			s.quiet = true
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
	if s.jobs == 0 {
		s.jobs = 1
	}
	c.opts.inst = o
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
		c.opts.storeURL = c.storeFlag
	case c.nodeFlag != "":
		c.opts.storeURL = storeurl.NodeURL(c.nodeFlag)
	case storeURL != "":
		c.opts.storeURL = storeURL
	default:
		c.opts.storeURL = storeurl.DefaultURL()
	}
	c.opts.stderr = cmd.ErrOrStderr()
	c.opts.settings.progress = true
	c.opts.settings.describeBuildsRun = true
	tuneGCForEval(128 << 20)
	// Until the result links and their roots are made, collect-checkouts
	// must not run.
	unlock, err := lockCheckouts()
	if err != nil {
		return err
	}
	defer unlock()
	results, err := runBuild(cmd.Context(), c.opts)
	if err != nil {
		return quiet(err)
	}
	if c.json {
		return printBuildJSON(cmd.OutOrStdout(), results)
	}
	paths, links := nixBuildOutputs(results, c.outLink)
	for _, l := range links {
		if err := replaceSymlink(l.target, l.name); err != nil {
			return err
		}
		if err := registerOutLink(l.name); err != nil {
			return err
		}
	}
	out := bufio.NewWriter(cmd.OutOrStdout())
	for _, p := range paths {
		fmt.Fprintln(out, p)
	}
	return out.Flush()
}

type resultLink struct{ name, target string }

// nixBuildOutputs returns the output paths nix-build prints, in its
// order, and the result links it makes: outLink for the first
// derivation, outLink-2, outLink-3, ... for the next ones, each with
// "-<output>" added for outputs other than out. No links when outLink is
// empty.
func nixBuildOutputs(results []buildResult, outLink string) ([]string, []resultLink) {
	type asked struct {
		pos    int
		r      *buildResult
		output string
	}
	var all []asked
	for i := range results {
		for _, a := range results[i].Asked {
			all = append(all, asked{a.Pos, &results[i], a.Output})
		}
	}
	slices.SortFunc(all, func(a, b asked) int { return a.pos - b.pos })
	var paths []string
	var links []resultLink
	prefixes := map[string]string{}
	seen := map[string]bool{}
	for _, a := range all {
		paths = append(paths, a.r.Outputs[a.output])
		if outLink == "" {
			continue
		}
		prefix, ok := prefixes[a.r.DrvPath]
		if !ok {
			prefix = outLink
			if len(prefixes) > 0 {
				prefix += fmt.Sprintf("-%d", len(prefixes)+1)
			}
			prefixes[a.r.DrvPath] = prefix
		}
		name := prefix
		if a.output != "out" {
			name += "-" + a.output
		}
		if !seen[name] {
			seen[name] = true
			links = append(links, resultLink{name: name, target: a.r.Checkouts[a.output]})
		}
	}
	return paths, links
}

// replaceSymlink makes name a symlink to target, replacing a symlink
// that is there (as nix-build replaces result) but nothing else.
func replaceSymlink(target, name string) error {
	if fi, err := os.Lstat(name); err == nil && fi.Mode()&os.ModeSymlink == 0 {
		return fmt.Errorf("%s exists and is not a symlink; not replacing it", name)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		return err
	}
	tmp := fmt.Sprintf("%s.tmp-%d", abs, os.Getpid())
	os.Remove(tmp)
	if err := os.Symlink(target, tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, abs); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// buildRecord is one line of `tvix build --json` (see DESIGN.md).
type buildRecord struct {
	DrvPath         string            `json:"drvPath"`
	Outputs         map[string]string `json:"outputs"`
	BuiltOn         string            `json:"builtOn"`
	SubstitutedFrom string            `json:"substitutedFrom"`
	DurationMs      int64             `json:"durationMs"`
}

// printBuildJSON writes one JSON object per line for every derivation
// that was built or asked for, dependencies first. builtOn is this
// machine's peer ID (from its node identity, "local" without one) for
// derivations built now and empty for those already in the store.
func printBuildJSON(w io.Writer, results []buildResult) error {
	self := localBuilderID()
	enc := json.NewEncoder(w)
	for _, r := range results {
		if !r.Built && len(r.Asked) == 0 {
			continue
		}
		rec := buildRecord{DrvPath: r.DrvPath, Outputs: r.Outputs, DurationMs: r.Duration.Milliseconds()}
		if r.Built {
			rec.BuiltOn = self
		}
		if r.BuiltOn != "" || r.SubstitutedFrom != "" { // a node's answer
			rec.BuiltOn, rec.SubstitutedFrom = r.BuiltOn, r.SubstitutedFrom
		}
		if err := enc.Encode(rec); err != nil {
			return err
		}
	}
	return nil
}

// localBuilderID is the peer ID of the node identity in $TVIX_HOME, or
// "local" when there is none.
func localBuilderID() string {
	home := tvixhome.Default()
	if _, err := os.Stat(home.P2PIdentity()); err != nil {
		return "local"
	}
	key, err := p2p.LoadOrCreateIdentity(string(home))
	if err != nil {
		return "local"
	}
	id, err := peer.IDFromPrivateKey(key)
	if err != nil {
		return "local"
	}
	return id.String()
}
