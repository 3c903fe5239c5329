package buildsession

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
)

// newCheckouts is the checkouts of st in home's checkout directory; as
// root they are also linked at their /nix/store paths.
func newCheckouts(home tvixhome.Dir, st *store.Store) *builder.Checkouts {
	return &builder.Checkouts{Store: st, StoreDir: nixpath.DefaultStoreDir, Dir: home.Checkouts(), LinkStoreDir: os.Geteuid() == 0}
}

func (lb *Session) checkouts() *builder.Checkouts { return newCheckouts(lb.home, lb.st) }

// LockCheckouts holds the checkouts' lock in home shared (see
// builder.Checkouts.LockShared) until the returned function is called:
// from before a build until its result links and their roots exist,
// CollectCheckouts must not run.
func LockCheckouts(home tvixhome.Dir) (func(), error) {
	return (&builder.Checkouts{Dir: home.Checkouts()}).LockShared()
}

// CollectCheckouts deletes the checkouts in home that no result link
// needs (see builder.Checkouts.Collect and liveCheckoutRoots), reading
// references from st, and returns the store paths of those it deleted.
func CollectCheckouts(ctx context.Context, home tvixhome.Dir, st *store.Store) ([]string, error) {
	return newCheckouts(home, st).Collect(ctx, func() ([]string, error) { return liveCheckoutRoots(home) })
}

// LinkResult makes name a symlink to target (a checkout), replacing a
// symlink that is there (as nix-build replaces result) but nothing else,
// and records it as a root of home's checkouts.
func LinkResult(home tvixhome.Dir, target, name string) error {
	if err := replaceSymlink(target, name); err != nil {
		return err
	}
	return registerOutLink(home, name)
}

// registerOutLink records link (a result link) as a root of the
// checkouts: <home>/gcroots/auto/<hash of its absolute path> points to
// it. The root appears by rename, whole.
func registerOutLink(home tvixhome.Dir, link string) error {
	abs, err := filepath.Abs(link)
	if err != nil {
		return err
	}
	dir := home.AutoRoots()
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

// liveCheckoutRoots follows the roots in home's gcroots/auto to the
// result links they name and returns the store paths of the checkouts
// those still point at. Roots whose link is gone or now points elsewhere
// are removed. Collect calls it under the checkouts' lock.
func liveCheckoutRoots(home tvixhome.Dir) ([]string, error) {
	dir := home.AutoRoots()
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
		sp, ok := checkoutOf(home, target)
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
func checkoutOf(home tvixhome.Dir, target string) (nixpath.StorePath, bool) {
	d := filepath.Dir(target)
	if d != home.Checkouts() && d != string(nixpath.DefaultStoreDir) {
		return nixpath.StorePath{}, false
	}
	sp, err := nixpath.ParseBase(filepath.Base(target))
	return sp, err == nil
}

// replaceSymlink makes name a symlink to target, replacing a symlink
// that is there but nothing else. The link appears by rename, whole.
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
