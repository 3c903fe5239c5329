package main

import (
	"bufio"
	"fmt"
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
		r := byDrv[a]
		names := make([]string, 0, len(r.Outputs))
		for n := range r.Outputs {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintln(out, r.Outputs[n])
		}
	}
	return nil
}
