package main

import (
	"bufio"
	"context"
	"fmt"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/p2pnix/tvix/store/upstream"
	"github.com/spf13/cobra"
)

var (
	importCacheKeys    []string
	exportCacheKeyFile string
	exportCacheComp    string
)

var storeImportCacheCmd = &cobra.Command{
	Use:   "import-cache --trusted-public-keys KEY DIR",
	Short: "Import a binary cache directory (as nix copy --to file://DIR writes it) into the store, checking signatures",
	Long: `Import-cache adds every path of the binary cache directory DIR (on a USB disk
from another site, say) to the store tvix opens: the running node's when there
is one, so the paths become the cluster's. Each path must be signed by one of
the --trusted-public-keys and match its NAR hash, as a substitution does; a
refused path stops the import with one line naming it. It prints the paths
added, one per line.`,
	Args: cobra.ExactArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		var keys []nixsig.PublicKey
		for _, k := range importCacheKeys {
			pk, err := nixsig.ParsePublicKey(k)
			if err != nil {
				return fmt.Errorf("import-cache: --trusted-public-keys %q: %w", k, err)
			}
			keys = append(keys, pk)
		}
		return withStore(cmd, func(ctx context.Context, st *store.Store, dir nixpath.StoreDir) error {
			added, err := upstream.ImportDir(ctx, args[0], keys, dir, st)
			printLines(cmd, added)
			return err
		})
	},
}

var storeExportCacheCmd = &cobra.Command{
	Use:   "export-cache [--compression xz|zstd|none] [--key-file FILE] DIR STOREPATH...",
	Short: "Write the closure of store paths as a binary cache directory that nix copy --from file://DIR reads",
	Args:  cobra.MinimumNArgs(2),
	RunE: func(cmd *cobra.Command, args []string) error {
		o := upstream.ExportOptions{Compression: exportCacheComp}
		if exportCacheKeyFile != "" {
			sk, err := nixsig.ReadSecretKeyFile(exportCacheKeyFile)
			if err != nil {
				return fmt.Errorf("export-cache: %w", err)
			}
			o.SigningKey = &sk
		}
		return withStore(cmd, func(ctx context.Context, st *store.Store, dir nixpath.StoreDir) error {
			written, err := upstream.ExportDir(ctx, st, dir, args[1:], args[0], o)
			printLines(cmd, written)
			return err
		})
	},
}

// printLines prints each of lines on stdout.
func printLines(cmd *cobra.Command, lines []string) {
	out := bufio.NewWriter(cmd.OutOrStdout())
	defer out.Flush()
	for _, l := range lines {
		fmt.Fprintln(out, l)
	}
}

func init() {
	storeImportCacheCmd.Flags().StringSliceVar(&importCacheKeys, "trusted-public-keys", nil, "Nix public keys (name:base64) one of which must sign every path; repeatable or comma-separated")
	storeExportCacheCmd.Flags().StringVar(&exportCacheComp, "compression", "xz", "compression of the NARs: xz, zstd or none")
	storeExportCacheCmd.Flags().StringVarP(&exportCacheKeyFile, "key-file", "k", "", "secret key file (Nix's name:base64 format) that signs every narinfo too (the paths' own signatures are kept)")
	storeCmd.AddCommand(storeImportCacheCmd, storeExportCacheCmd)
}
