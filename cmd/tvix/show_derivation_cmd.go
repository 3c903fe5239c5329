package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/derivation"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/spf13/cobra"
)

var showDrvRecursive bool

var showDerivationCmd = &cobra.Command{
	Use:   "show-derivation [-r] DRVPATH...",
	Short: "Print derivations from the store as JSON, like nix show-derivation",
	Long: `show-derivation reads each .drv from the store and prints them as one
JSON object keyed by drv path, as Nix 2.8's nix show-derivation does;
with -r/--recursive it includes every derivation they depend on.`,
	Args: cobra.MinimumNArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		return withStore(cmd, func(ctx context.Context, st *store.Store, dir nixpath.StoreDir) error {
			get := func(p string) (*derivation.Derivation, error) { return readDrv(ctx, st, dir, p) }
			drvs := map[string]*derivation.Derivation{}
			for _, a := range args {
				d, err := get(a)
				if err != nil {
					return err
				}
				drvs[a] = d
			}
			if showDrvRecursive {
				var err error
				if drvs, err = derivation.Closure(args, get); err != nil {
					return err
				}
			}
			_, err := cmd.OutOrStdout().Write(derivation.ShowDerivationJSON(drvs))
			return err
		})
	},
}

func init() {
	showDerivationCmd.Flags().BoolVarP(&showDrvRecursive, "recursive", "r", false, "include the derivations the given ones depend on")
	rootCmd.AddCommand(showDerivationCmd)
}

// readDrv reads and parses the .drv file at drvPath from st.
func readDrv(ctx context.Context, st *store.Store, dir nixpath.StoreDir, drvPath string) (*derivation.Derivation, error) {
	sp, err := dir.Parse(drvPath)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", drvPath, err)
	}
	if !strings.HasSuffix(sp.Name, ".drv") {
		return nil, fmt.Errorf("%s: not a derivation (.drv) store path", drvPath)
	}
	info, err := getPathInfo(ctx, st, dir, sp, drvPath)
	if err != nil {
		return nil, err
	}
	f := info.GetNode().GetFile()
	if f == nil {
		return nil, fmt.Errorf("%s: not a regular file", drvPath)
	}
	d, err := store.DigestFromBytes(f.Digest)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", drvPath, err)
	}
	rc, err := st.Blobs.Open(ctx, d)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", drvPath, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, int64(f.Size)+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", drvPath, err)
	}
	if uint64(len(data)) != f.Size {
		return nil, fmt.Errorf("%s: blob has %d bytes, the file %d: %w", drvPath, len(data), f.Size, store.ErrCorrupt)
	}
	return derivation.ParseDrv(drvPath, data)
}
