package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
)

// checkoutDir is where tvix build materialises outputs for result links.
func checkoutDir() string { return tvixhome.Default().Checkouts() }

// autoRootsDir holds one symlink per result link tvix build made, as
// Nix's /nix/var/nix/gcroots/auto does.
func autoRootsDir() string { return tvixhome.Default().AutoRoots() }

// newCheckouts is the checkouts of st in checkoutDir; as root they are
// also linked at their /nix/store paths.
func newCheckouts(st *store.Store) *builder.Checkouts {
	return &builder.Checkouts{Store: st, StoreDir: nixpath.DefaultStoreDir, Dir: checkoutDir(), LinkStoreDir: os.Geteuid() == 0}
}

// lockCheckouts holds the checkouts' lock shared (see
// builder.Checkouts.LockShared) until the returned function is called.
func lockCheckouts() (func(), error) {
	return (&builder.Checkouts{Dir: checkoutDir()}).LockShared()
}

// registerOutLink records link (a result link) as a root of the
// checkouts: autoRootsDir()/<hash of its absolute path> points to it. The
// root appears by rename, whole.
func registerOutLink(link string) error {
	abs, err := filepath.Abs(link)
	if err != nil {
		return err
	}
	dir := autoRootsDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(abs))
	root := filepath.Join(dir, hex.EncodeToString(sum[:16]))
	if t, err := os.Readlink(root); err == nil && t == abs {
		return nil
	}
	return replaceSymlink(abs, root)
}

// liveCheckoutRoots follows the roots in autoRootsDir() to the result
// links they name and returns the store paths of the checkouts those
// still point at. Roots whose link is gone or now points elsewhere are
// removed. Collect calls it under the checkouts' lock.
func liveCheckoutRoots() ([]string, error) {
	dir := autoRootsDir()
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var live []string
	for _, e := range ents {
		root := filepath.Join(dir, e.Name())
		link, err := os.Readlink(root)
		if err != nil {
			return nil, fmt.Errorf("root %s: %w", root, err)
		}
		target, err := os.Readlink(link)
		sp, ok := checkoutOf(target)
		if err != nil || !ok {
			if err := os.Remove(root); err != nil {
				return nil, err
			}
			continue
		}
		live = append(live, nixpath.DefaultStoreDir.Absolute(sp))
	}
	return live, nil
}

// checkoutOf returns the store path whose checkout a result link's
// target is (or whose store path, which as root links to one).
func checkoutOf(target string) (nixpath.StorePath, bool) {
	d := filepath.Dir(target)
	if d != checkoutDir() && d != string(nixpath.DefaultStoreDir) {
		return nixpath.StorePath{}, false
	}
	sp, err := nixpath.ParseBase(filepath.Base(target))
	return sp, err == nil
}

var storeCollectCheckoutsCmd = &cobra.Command{
	Use:   "collect-checkouts",
	Short: "Delete the checkouts under $TVIX_HOME/checkout that no result link of tvix build needs",
	Long: `tvix build materialises each output it links as ./result (or -o) as a
read-only tree under $TVIX_HOME/checkout, with the output's closure, and
records the link as a root: $TVIX_HOME/gcroots/auto/<hash> is a symlink
to the link, as Nix's /nix/var/nix/gcroots/auto is.

collect-checkouts follows those roots. A root whose link is gone, or
points elsewhere now, is removed; the checkouts of the remaining links
and their closures (references read from the store) are kept, every
other checkout is deleted (and, as root, its /nix/store/<base> link).
Store paths stay in the store: only the copies on disk go. The paths of
the deleted checkouts are printed, one per line.

It refuses to run while a tvix build is running, and removes nothing if
a live checkout's closure is not in the store (--store/--node must name
the store the builds used).`,
	Args: cobra.NoArgs,
	RunE: func(cmd *cobra.Command, args []string) error {
		return withStore(cmd, func(ctx context.Context, st *store.Store, _ nixpath.StoreDir) error {
			removed, err := newCheckouts(st).Collect(ctx, liveCheckoutRoots)
			out := bufio.NewWriter(cmd.OutOrStdout())
			for _, p := range removed {
				fmt.Fprintln(out, p)
			}
			if ferr := out.Flush(); err == nil {
				err = ferr
			}
			return err
		})
	},
}

func init() { storeCmd.AddCommand(storeCollectCheckoutsCmd) }
