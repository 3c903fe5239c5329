package main

import (
	"bufio"
	"fmt"
	"io"
	"sort"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/spf13/cobra"
)

var buildDrvFlags = struct {
	buildSettings
	importOnly bool
}{buildSettings: defaultBuildSettings()}

var buildDrvCmd = &cobra.Command{
	Use:    "build-drv DRVPATH...",
	Short:  "Build .drv files from the local Nix store (/nix/store) and their dependencies in OCI sandboxes; print the output paths",
	Hidden: true,
	Args:   cobra.MinimumNArgs(1),
	RunE:   runBuildDrv,
}

func init() {
	f := buildDrvCmd.Flags()
	buildDrvFlags.addFlags(f)
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
	s := buildDrvFlags.buildSettings
	s.progress = true
	lb, err := newLocalBuilder(st, s, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer lb.close()
	results, err := lb.buildClosure(ctx, args, s.check)
	lb.progress.clear()
	if err != nil {
		return lb.failure(err)
	}
	byDrv := map[string]*builder.Result{}
	for _, r := range results {
		byDrv[r.DrvPath] = r
	}
	out := bufio.NewWriter(cmd.OutOrStdout())
	defer out.Flush()
	for _, a := range args {
		if err := printOutputPaths(out, byDrv[a].Outputs); err != nil {
			return err
		}
	}
	return nil
}

// printOutputPaths prints a derivation's output paths one per line, by
// output name.
func printOutputPaths(w io.Writer, outputs map[string]string) error {
	names := make([]string, 0, len(outputs))
	for n := range outputs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if _, err := fmt.Fprintln(w, outputs[n]); err != nil {
			return err
		}
	}
	return nil
}
