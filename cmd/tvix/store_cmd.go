package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixexport"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/p2pnix/tvix/store/pathinfo"
	"github.com/p2pnix/tvix/store/storeurl"
	"github.com/spf13/cobra"
)

// storeDirFlag is the Nix store directory store paths live in.
var storeDirFlag string

var storeCmd = &cobra.Command{
	Use:   "store",
	Short: "Add, export and inspect store paths (nix-store --add/--dump, nix path-info)",
}

func init() {
	def := os.Getenv("NIX_STORE_DIR")
	if def == "" {
		def = string(nixpath.DefaultStoreDir)
	}
	storeCmd.PersistentFlags().StringVar(&storeDirFlag, "store-dir", def, "Nix store directory the store paths are in (from $NIX_STORE_DIR when set)")
	storeCmd.AddCommand(storeAddCmd, storeDumpCmd, storeImportNARCmd, storePathInfoCmd, storeLsCmd, storeCatCmd, storeVerifyCmd, storeExportCmd, storeImportCmd, storeSignCmd)
	rootCmd.AddCommand(storeCmd)
}

func storeDir() (nixpath.StoreDir, error) {
	d := nixpath.StoreDir(strings.TrimSuffix(storeDirFlag, "/"))
	return d, d.Validate()
}

// withStore opens the store selected by --store / TVIX_STORE, runs fn and
// closes the store.
func withStore(cmd *cobra.Command, fn func(ctx context.Context, st *store.Store, dir nixpath.StoreDir) error) error {
	dir, err := storeDir()
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	st, err := openStore(ctx)
	if err != nil {
		return err
	}
	err = fn(ctx, st, dir)
	if st.Close != nil {
		if cerr := st.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

var storeAddCmd = &cobra.Command{
	Use:   "add PATH...",
	Short: "Add files or directories to the store and print their store paths (like nix-store --add)",
	Args:  cobra.MinimumNArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		return withStore(cmd, func(ctx context.Context, st *store.Store, dir nixpath.StoreDir) error {
			out := bufio.NewWriter(cmd.OutOrStdout())
			defer out.Flush()
			for _, p := range args {
				info, err := nar.AddPath(ctx, st, dir, p)
				if err != nil {
					return fmt.Errorf("add %s: %w", p, stripPrefix(err, p))
				}
				fmt.Fprintln(out, pathinfo.StorePath(dir, info))
			}
			return nil
		})
	},
}

// stripPrefix drops a leading "p: " from err's message, so that the
// input is named once.
func stripPrefix(err error, p string) error {
	if msg, ok := strings.CutPrefix(err.Error(), p+": "); ok {
		return errors.New(msg)
	}
	return err
}

var storeDumpCmd = &cobra.Command{
	Use:   "dump STOREPATH",
	Short: "Write the NAR serialisation of a store path to stdout (like nix-store --dump)",
	Args:  cobra.ExactArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		return withStore(cmd, func(ctx context.Context, st *store.Store, dir nixpath.StoreDir) error {
			node, err := pathinfo.Node(ctx, st, dir, args[0])
			if err != nil {
				return err
			}
			if _, err := nar.Write(ctx, cmd.OutOrStdout(), st.Blobs, st.Directories, node); err != nil {
				return fmt.Errorf("dump %s: %w", args[0], err)
			}
			return nil
		})
	},
}

var storeImportNARCmd = &cobra.Command{
	Use:   "import-nar NAME < NAR",
	Short: "Add the NAR read from stdin as a store path named NAME and print the path",
	Args:  cobra.ExactArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		return withStore(cmd, func(ctx context.Context, st *store.Store, dir nixpath.StoreDir) error {
			in := cmd.InOrStdin()
			info, err := nar.AddNAR(ctx, st, dir, args[0], in, "stdin")
			if err != nil {
				return fmt.Errorf("import-nar %s: %w", args[0], err)
			}
			fmt.Fprintln(cmd.OutOrStdout(), pathinfo.StorePath(dir, info))
			return nil
		})
	},
}

var (
	pathInfoJSON    bool
	pathInfoClosure bool
	pathInfoAll     bool
)

var storePathInfoCmd = &cobra.Command{
	Use:   "path-info [--json] [--closure] (--all | STOREPATH...)",
	Short: "Show store path metadata (like nix path-info)",
	RunE: func(cmd *cobra.Command, args []string) error {
		if pathInfoAll == (len(args) > 0) {
			return fmt.Errorf("path-info: give either --all or store paths")
		}
		return withStore(cmd, func(ctx context.Context, st *store.Store, dir nixpath.StoreDir) error {
			if pathInfoAll {
				all, err := pathinfo.All(ctx, st)
				if err != nil {
					return fmt.Errorf("path-info: %w", err)
				}
				for _, info := range all {
					args = append(args, pathinfo.StorePath(dir, info))
				}
			}
			infos, err := pathinfo.Collect(ctx, st, dir, args, pathInfoClosure)
			if err != nil {
				return err
			}
			out := bufio.NewWriter(cmd.OutOrStdout())
			defer out.Flush()
			if !pathInfoJSON {
				for _, info := range infos {
					fmt.Fprintln(out, pathinfo.StorePath(dir, info))
				}
				return nil
			}
			b, err := pathinfo.MarshalJSON(dir, infos)
			if err != nil {
				return err
			}
			out.Write(b)
			out.WriteString("\n")
			return nil
		})
	},
}

func init() {
	storePathInfoCmd.Flags().BoolVar(&pathInfoJSON, "json", false, "print a JSON array like nix path-info --json")
	storePathInfoCmd.Flags().BoolVar(&pathInfoAll, "all", false, "show every store path in the store")
	storePathInfoCmd.Flags().BoolVarP(&pathInfoClosure, "closure", "r", false, "include every path the given paths refer to, recursively")
}

var storeLsLong bool

var storeLsCmd = &cobra.Command{
	Use:   "ls STOREPATH[/SUB]",
	Short: "List a directory (or show a file or symlink) inside a store path",
	Args:  cobra.ExactArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		return withStore(cmd, func(ctx context.Context, st *store.Store, dir nixpath.StoreDir) error {
			out := bufio.NewWriter(cmd.OutOrStdout())
			defer out.Flush()
			return pathinfo.WriteLs(ctx, out, st, dir, args[0], storeLsLong)
		})
	},
}

func init() {
	storeLsCmd.Flags().BoolVarP(&storeLsLong, "long", "l", false, "show type, permissions and size, like nix store ls -l")
}

var storeCatCmd = &cobra.Command{
	Use:   "cat STOREPATH/FILE",
	Short: "Write the contents of a file inside a store path to stdout",
	Args:  cobra.ExactArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		return withStore(cmd, func(ctx context.Context, st *store.Store, dir nixpath.StoreDir) error {
			node, err := pathinfo.Node(ctx, st, dir, args[0])
			if err != nil {
				return err
			}
			f := node.GetFile()
			if f == nil {
				return fmt.Errorf("%s: not a regular file", args[0])
			}
			return pathinfo.WriteFile(ctx, st, f, cmd.OutOrStdout(), args[0])
		})
	},
}

var storeVerifyAll bool

var storeVerifyCmd = &cobra.Command{
	Use:   "verify [--all | STOREPATH...]",
	Short: "Check stored data against its digests and NAR hashes",
	Long: "verify recomputes the NAR hash and size of the given store paths (or with --all, of every\n" +
		"store path, after checking every chunk, blob and directory of the store) and prints one\n" +
		"line per problem. It exits non-zero if it found any.",
	RunE: func(cmd *cobra.Command, args []string) error {
		if storeVerifyAll == (len(args) > 0) {
			return fmt.Errorf("verify: give either --all or store paths")
		}
		return withStore(cmd, func(ctx context.Context, st *store.Store, dir nixpath.StoreDir) error {
			stderr := cmd.ErrOrStderr()
			problems := 0
			report := func(err error) {
				problems++
				fmt.Fprintln(stderr, "problem:", err)
			}
			var infos []*storev1.PathInfo
			var stats store.VerifyStats
			var err error
			if storeVerifyAll {
				if stats, err = store.VerifyAll(ctx, st, report); err == nil {
					infos, err = pathinfo.All(ctx, st)
				}
				if err != nil {
					return fmt.Errorf("verify: %w", err)
				}
			} else if infos, err = pathinfo.Collect(ctx, st, dir, args, false); err != nil {
				return err
			}
			pathinfo.Verify(ctx, st, dir, infos, report)
			if storeVerifyAll {
				fmt.Fprintf(cmd.OutOrStdout(), "checked %d chunks, %d blobs, %d directories, ", stats.Chunks, stats.Blobs, stats.Directories)
			} else {
				fmt.Fprint(cmd.OutOrStdout(), "checked ")
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%d store paths: %d problems\n", len(infos), problems)
			if problems > 0 {
				return &exitStatusError{err: fmt.Errorf("verify: %d problems", problems), code: 1}
			}
			return nil
		})
	},
}

func init() {
	storeVerifyCmd.Flags().BoolVar(&storeVerifyAll, "all", false, "check the whole store")
}

var (
	exportClosure bool
	exportOutput  string
)

var storeExportCmd = &cobra.Command{
	Use:   "export [--closure] [-o FILE] STOREPATH...",
	Short: "Write store paths as a nix-store --export stream (an air-gapped bundle), references first",
	Args:  cobra.MinimumNArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		return withStore(cmd, func(ctx context.Context, st *store.Store, dir nixpath.StoreDir) error {
			infos, err := pathinfo.Collect(ctx, st, dir, args, exportClosure)
			if err != nil {
				return err
			}
			infos = nixexport.SortReferencesFirst(infos)
			if exportOutput == "" || exportOutput == "-" {
				return nixexport.Export(ctx, cmd.OutOrStdout(), st, dir, infos)
			}
			if err := nixexport.ExportFile(ctx, exportOutput, st, dir, infos); err != nil {
				return fmt.Errorf("export to %s: %w", exportOutput, err)
			}
			return nil
		})
	},
}

var storeImportCmd = &cobra.Command{
	Use:   "import [FILE]",
	Short: "Add the paths of a nix-store --export stream (FILE or stdin) and print them",
	Args:  cobra.MaximumNArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		return withStore(cmd, func(ctx context.Context, st *store.Store, dir nixpath.StoreDir) error {
			var in io.Reader = cmd.InOrStdin()
			input := "stdin"
			if len(args) == 1 && args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return fmt.Errorf("import: %w", err)
				}
				defer f.Close()
				in, input = f, args[0]
			}
			infos, err := nixexport.Import(ctx, st, dir, in, input)
			if err != nil {
				return fmt.Errorf("import: %w", err)
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

func init() {
	storeExportCmd.Flags().BoolVarP(&exportClosure, "closure", "r", false, "include every path the given paths refer to, recursively")
	storeExportCmd.Flags().StringVarP(&exportOutput, "output", "o", "", "write to FILE instead of stdout")
}

var (
	signKeyFile string
	signClosure bool
)

var storeSignCmd = &cobra.Command{
	Use:   "sign [--key-file FILE] [--closure] STOREPATH...",
	Short: "Add a signature by the secret key (default $TVIX_HOME/secret-key) to store paths (like nix store sign)",
	Args:  cobra.MinimumNArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		p := signKeyFile
		if p == "" {
			p = defaultKeyFile()
		}
		sk, err := nixsig.ReadSecretKeyFile(p)
		if err != nil {
			return fmt.Errorf("sign: %w", err)
		}
		return withStore(cmd, func(ctx context.Context, st *store.Store, dir nixpath.StoreDir) error {
			infos, err := pathinfo.Collect(ctx, st, dir, args, signClosure)
			if err != nil {
				return err
			}
			for _, info := range infos {
				path := pathinfo.StorePath(dir, info)
				if err := nixsig.Sign(dir, sk, info); err != nil {
					return fmt.Errorf("sign %s: %w", path, err)
				}
				if _, err := st.PathInfos.Put(ctx, info); err != nil {
					return fmt.Errorf("sign %s: %w", path, err)
				}
			}
			return nil
		})
	},
}

func init() {
	storeSignCmd.Flags().StringVarP(&signKeyFile, "key-file", "k", "", "secret key file (Nix's name:base64 format)")
	storeSignCmd.Flags().BoolVarP(&signClosure, "closure", "r", false, "sign every path the given paths refer to, recursively, too")
}

// openStore opens the store named by --store, else $TVIX_STORE, else the
// local store in $TVIX_HOME.
func openStore(ctx context.Context) (*store.Store, error) {
	u := storeURL
	if u == "" {
		u = storeurl.DefaultURL()
	}
	return storeurl.Open(ctx, u)
}
