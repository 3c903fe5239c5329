package main

import (
	"bufio"
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/builder/oci"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/node/buildsession"
	"github.com/p2pnix/tvix/store/nixpath"
)

// The OCI builder re-executes this binary as each container's init; that
// must happen before anything else runs.
func init() { oci.MaybeInit() }

var buildDrvFlags = struct {
	buildsession.Settings
	importOnly bool
}{Settings: buildsession.DefaultSettings()}

var buildDrvCmd = &cobra.Command{
	Use:    "build-drv DRVPATH...",
	Short:  "Build .drv files from the local Nix store (/nix/store) and their dependencies in OCI sandboxes; print the output paths",
	Hidden: true,
	Args:   cobra.MinimumNArgs(1),
	RunE:   runBuildDrv,
}

// addBuildFlags registers the settings as flags (tvix build-drv; tvix
// build parses the same names itself).
func addBuildFlags(f *pflag.FlagSet, s *buildsession.Settings) {
	f.IntVarP(&s.Jobs, "max-jobs", "j", s.Jobs, "builds to run at once")
	f.IntVar(&s.Cores, "cores", s.Cores, "NIX_BUILD_CORES for each build")
	f.BoolVarP(&s.KeepGoing, "keep-going", "k", false, "keep building what does not depend on a failed build")
	f.BoolVarP(&s.KeepFailed, "keep-failed", "K", false, "keep the sandbox of a failed build")
	f.DurationVar(&s.Timeout, "timeout", 0, "kill a build that runs longer (0: no limit)")
	f.DurationVar(&s.MaxSilent, "max-silent-time", 0, "kill a build silent for longer (0: no limit)")
	f.BoolVarP(&s.Quiet, "quiet", "Q", false, "do not show build logs")
	f.BoolVar(&s.Check, "check", false, "rebuild the given derivations and fail if an output differs from the stored one")
}

func init() {
	f := buildDrvCmd.Flags()
	addBuildFlags(f, &buildDrvFlags.Settings)
	f.BoolVar(&buildDrvFlags.importOnly, "import-only", false, "only copy the .drv closures into the store (what nix-instantiate did for Nix), build nothing")
	rootCmd.AddCommand(buildDrvCmd)
}

func runBuildDrv(cmd *cobra.Command, args []string) error {
	ctx := cmd.Context()
	st, err := openStore(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if st.Close != nil {
			st.Close()
		}
	}()
	if err := builder.ImportDerivations(ctx, st, nixpath.DefaultStoreDir, args); err != nil {
		return fmt.Errorf("build-drv: %w", err)
	}
	if buildDrvFlags.importOnly {
		return nil
	}
	s := buildDrvFlags.Settings
	s.Progress = true
	lb, err := buildsession.NewLocal(st, tvixhome.Default(), s, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer lb.Close()
	results, err := lb.BuildClosure(ctx, args, s.Check)
	lb.ClearProgress()
	if err != nil {
		return err
	}
	out := bufio.NewWriter(cmd.OutOrStdout())
	defer out.Flush()
	for _, outputs := range buildsession.OutputsOf(results, args) {
		if err := printOutputPaths(out, outputs); err != nil {
			return err
		}
	}
	return nil
}

// printOutputPaths prints a derivation's output paths one per line, by
// output name.
func printOutputPaths(w io.Writer, outputs map[string]string) error {
	for _, p := range buildsession.OutputPaths(outputs) {
		if _, err := fmt.Fprintln(w, p); err != nil {
			return err
		}
	}
	return nil
}
