package main

import (
	"bufio"
	"context"
	"fmt"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixexport"
	"github.com/p2pnix/tvix/store/nixlocal"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/pathinfo"
	"github.com/spf13/cobra"
)

var storeImportNixCmd = &cobra.Command{
	Use:   "import-nix STOREPATH...",
	Short: "Copy store paths and their closures from the local Nix store (nix-store --dump/--query) and print them",
	Args:  cobra.MinimumNArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		return withStore(cmd, func(ctx context.Context, st *store.Store, dir nixpath.StoreDir) error {
			infos, err := nixlocal.Import(ctx, st, dir, args)
			if err != nil {
				return fmt.Errorf("import-nix: %w", err)
			}
			out := bufio.NewWriter(cmd.OutOrStdout())
			defer out.Flush()
			for _, info := range infos {
				fmt.Fprintln(out, pathinfo.StorePath(dir, info))
			}
			return nil
		})
	},
}

var exportNixImport bool

var storeExportNixCmd = &cobra.Command{
	Use:   "export-nix [--import] STOREPATH... > FILE",
	Short: "Write store paths with their closures as a nix-store --import stream, references first (--import: into the local Nix store)",
	Args:  cobra.MinimumNArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		return withStore(cmd, func(ctx context.Context, st *store.Store, dir nixpath.StoreDir) error {
			infos, err := pathinfo.Collect(ctx, st, dir, args, true)
			if err != nil {
				return err
			}
			infos = nixexport.SortReferencesFirst(infos)
			if !exportNixImport {
				w := bufio.NewWriterSize(cmd.OutOrStdout(), 1<<20)
				if err := nixexport.Export(ctx, w, st, dir, infos); err != nil {
					return fmt.Errorf("export-nix: %w", err)
				}
				return w.Flush()
			}
			if err := nixlocal.Export(ctx, st, dir, infos, cmd.OutOrStdout()); err != nil {
				return fmt.Errorf("export-nix: %w", err)
			}
			return nil
		})
	},
}

func init() {
	storeExportNixCmd.Flags().BoolVar(&exportNixImport, "import", false, "pipe the stream into nix-store --import (which prints the imported paths)")
	storeCmd.AddCommand(storeImportNixCmd, storeExportNixCmd)
}
