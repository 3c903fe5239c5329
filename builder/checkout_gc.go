package builder

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"golang.org/x/sys/unix"

	"github.com/p2pnix/tvix/store"
)

// ErrCheckoutsBusy is returned by Collect while another process holds the
// checkouts' lock (see LockShared).
var ErrCheckoutsBusy = errors.New("checkouts are in use by a running build")

// LockShared takes the checkouts' lock (the file Dir+".lock") shared,
// waiting while Collect runs, and returns the function that releases it.
// Callers hold it from the first Path until whatever must keep the
// checkouts alive (a result link and its root) is in place, so that
// Collect never removes a checkout that is being made or read.
func (c *Checkouts) LockShared() (unlock func(), err error) {
	return c.lock(unix.LOCK_SH)
}

func (c *Checkouts) lock(how int) (func(), error) {
	if err := os.MkdirAll(filepath.Dir(c.Dir), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(c.Dir+".lock", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), how); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, ErrCheckoutsBusy
		}
		return nil, fmt.Errorf("locking %s.lock: %w", c.Dir, err)
	}
	return func() { f.Close() }, nil
}

// Collect removes every checkout in Dir that is not in the closure (in
// Store) of the store paths roots returns, and the links at
// StoreDir/<base> that pointed at a removed checkout. It takes the
// checkouts' lock exclusively, and only then calls roots, so that no
// build is between making a checkout and recording its root; it fails
// with ErrCheckoutsBusy, removing nothing, while a build holds the lock
// shared. It also removes nothing when roots fails or a live path's
// closure cannot be read from Store. Each checkout is renamed away
// before it is deleted, so none is ever seen half removed. It returns
// the removed checkouts' paths (in Dir), sorted.
func (c *Checkouts) Collect(ctx context.Context, roots func() ([]string, error)) ([]string, error) {
	unlock, err := c.lock(unix.LOCK_EX | unix.LOCK_NB)
	if err != nil {
		return nil, err
	}
	defer unlock()
	live, err := roots()
	if err != nil {
		return nil, err
	}
	infos, err := closure(ctx, c.Store, c.StoreDir, live)
	if err != nil {
		return nil, fmt.Errorf("reading the closure of the live checkouts: %w; nothing removed", err)
	}
	keep := map[string]bool{}
	for _, info := range infos {
		keep[string(store.NodeName(info.GetNode()))] = true
	}
	ents, err := os.ReadDir(c.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var removed []string
	for _, e := range ents {
		if keep[e.Name()] {
			continue
		}
		dst := filepath.Join(c.Dir, e.Name())
		link := filepath.Join(string(c.StoreDir), e.Name())
		if t, err := os.Readlink(link); err == nil && t == dst {
			if err := os.Remove(link); err != nil {
				return removed, err
			}
		}
		gone := fmt.Sprintf("%s.removing-%d", dst, os.Getpid())
		if err := os.Rename(dst, gone); err != nil {
			return removed, err
		}
		if err := removeTree(gone); err != nil {
			return removed, err
		}
		removed = append(removed, dst)
	}
	slices.Sort(removed)
	return removed, nil
}

// removeTree deletes a read-only checkout tree: directories are made
// writable first (RemoveAll cannot empty a 0555 directory unless root).
func removeTree(root string) error {
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(p, 0o755)
		}
		return nil
	})
	return os.RemoveAll(root)
}
