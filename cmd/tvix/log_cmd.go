package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/spf13/cobra"

	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/store/nixpath"
)

var logCmd = &cobra.Command{
	Use:   "log DRVPATH|OUTPATH",
	Short: "Print the log of the build of a derivation, or of the derivation that produced an output (like nix-store -l)",
	Args:  cobra.ExactArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		dir := nixpath.DefaultStoreDir
		p := args[0]
		if !strings.HasPrefix(p, "/") {
			// A result link or a relative path to one.
			if t, err := filepath.EvalSymlinks(p); err == nil {
				p = "/nix/store/" + filepath.Base(t)
			}
		}
		sp, err := dir.Parse(p)
		if err != nil {
			return fmt.Errorf("%s: %w", args[0], err)
		}
		drvPath := dir.Absolute(sp)
		if !strings.HasSuffix(drvPath, ".drv") {
			st, err := openStore(ctx)
			if err != nil {
				return err
			}
			info, err := st.PathInfos.Get(ctx, sp.Hash)
			if st.Close != nil {
				st.Close()
			}
			if err != nil {
				return fmt.Errorf("path '%s' is not valid: %w", drvPath, err)
			}
			d := info.GetNarinfo().GetDeriver()
			if d == nil {
				return fmt.Errorf("path '%s' has no deriver, so no build log", drvPath)
			}
			drvPath = fmt.Sprintf("%s/%s-%s.drv", dir, nixbase32.EncodeToString(d.GetDigest()), d.GetName())
		}
		data, err := os.ReadFile(tvixhome.Default().BuildLog(drvPath))
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("build log of '%s' is not available", drvPath)
		}
		if err != nil {
			return err
		}
		_, err = cmd.OutOrStdout().Write(data)
		return err
	},
}

func init() { rootCmd.AddCommand(logCmd) }
