package builder

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"

	gonar "github.com/nix-community/go-nix/pkg/nar"
	"golang.org/x/sys/unix"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixpath"
)

// Checkouts materialises store paths from a Store as ordinary read-only
// trees on disk, once each: Dir/<store path base name>, laid out as Nix
// lays out a store path (files 0444 or 0555, directories 0555, mtime 1).
// That is what `result` links point at, and what import-from-derivation
// reads. With LinkStoreDir, each checked-out path is also made visible
// at its real store path (StoreDir/<base>, normally /nix/store) by a
// symlink into Dir, unless something is already there: absolute
// references between outputs then resolve. A store directory that cannot
// take links (read-only, not ours) gets none; import-from-derivation
// does not need them, as the evaluator reads what is not on disk through
// the store. A path already present
// in StoreDir (e.g. built by Nix) is left alone: its contents are the
// same, as store paths are named after them. It is safe for concurrent
// use.
type Checkouts struct {
	Store        *store.Store
	StoreDir     nixpath.StoreDir
	Dir          string
	LinkStoreDir bool

	mu sync.Mutex
}

// Path materialises storePath and its closure and returns where
// storePath's tree is (Dir/<base>).
func (c *Checkouts) Path(ctx context.Context, storePath string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	infos, err := closure(ctx, c.Store, c.StoreDir, []string{storePath})
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return "", err
	}
	for _, info := range infos {
		base := string(store.NodeName(info.GetNode()))
		dst := filepath.Join(c.Dir, base)
		if _, err := os.Lstat(dst); errors.Is(err, fs.ErrNotExist) {
			if err := Checkout(ctx, c.Store, info.GetNode(), dst); err != nil {
				return "", fmt.Errorf("checking out %s/%s: %w", c.StoreDir, base, err)
			}
		} else if err != nil {
			return "", err
		}
		if c.LinkStoreDir {
			if err := c.link(dst, base); err != nil {
				return "", err
			}
		}
	}
	return filepath.Join(c.Dir, filepath.Base(storePath)), nil
}

// link makes StoreDir/base a symlink to the checkout dst unless
// something is there. A store directory that cannot take the link
// (read-only, or not ours) is left as it is: the link is a convenience,
// and the evaluator reads store paths that are not on disk through the
// store (eval.StoreFiles).
func (c *Checkouts) link(dst, base string) error {
	link := filepath.Join(string(c.StoreDir), base)
	if fi, err := os.Lstat(link); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if _, err := os.Stat(link); err != nil {
			os.Remove(link) // a link into a checkout that is gone
		}
	}
	if _, err := os.Lstat(link); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	err := os.MkdirAll(string(c.StoreDir), 0o755)
	if err == nil {
		err = os.Symlink(dst, link)
	}
	if err == nil || errors.Is(err, fs.ErrExist) || errors.Is(err, unix.EROFS) || errors.Is(err, fs.ErrPermission) {
		return nil
	}
	return err
}

// Checkout writes the tree of node to dst, which must not exist: it
// renders the node's NAR from st and unpacks it, so what appears is
// exactly what `nix-store --restore` would make of `nix-store --dump`.
// The tree appears at dst by rename when complete; a failure leaves
// nothing at dst.
func Checkout(ctx context.Context, st *store.Store, node *castorev1.Node, dst string) error {
	tmp := fmt.Sprintf("%s.tmp-%d", dst, os.Getpid())
	os.RemoveAll(tmp)
	pr, pw := io.Pipe()
	go func() {
		_, err := nar.Write(ctx, pw, st.Blobs, st.Directories, node)
		pw.CloseWithError(err)
	}()
	dirs, err := unpackNAR(pr, tmp)
	pr.CloseWithError(errors.New("checkout stopped")) // ends the writer if unpacking failed
	if err == nil {
		err = os.Rename(tmp, dst)
	}
	if err != nil {
		os.RemoveAll(tmp) // still writable: directories are sealed last
		return err
	}
	// Seal directories deepest first, once in place (a read-only
	// directory could not be renamed by a user other than root).
	for _, d := range slices.Backward(dirs) {
		p := filepath.Join(dst, d)
		if err := os.Chmod(p, 0o555); err != nil {
			return err
		}
		if err := unix.UtimesNano(p, storeTime); err != nil {
			return err
		}
	}
	return nil
}

// storeTime is the modification time of every file in a Nix store.
var storeTime = []unix.Timespec{unix.NsecToTimespec(1e9), unix.NsecToTimespec(1e9)}

// unpackNAR restores the NAR read from r at root and returns its
// directories (relative to root, parents first), still writable.
func unpackNAR(r io.Reader, root string) ([]string, error) {
	nr, err := gonar.NewReader(r)
	if err != nil {
		return nil, err
	}
	defer nr.Close()
	var dirs []string
	for {
		h, err := nr.Next()
		if errors.Is(err, io.EOF) {
			return dirs, nil
		}
		if err != nil {
			return nil, err
		}
		rel := filepath.FromSlash(h.Path)
		p := filepath.Join(root, rel)
		switch h.Type {
		case gonar.TypeDirectory:
			err = os.Mkdir(p, 0o755)
			dirs = append(dirs, rel)
		case gonar.TypeSymlink:
			err = os.Symlink(h.LinkTarget, p)
		case gonar.TypeRegular:
			err = writeStoreFile(p, nr, h.Executable)
		default:
			err = fmt.Errorf("%s: unknown NAR entry type %q", h.Path, h.Type)
		}
		if err == nil {
			err = unix.UtimesNanoAt(unix.AT_FDCWD, p, storeTime, unix.AT_SYMLINK_NOFOLLOW)
		}
		if err != nil {
			return nil, err
		}
	}
}

func writeStoreFile(p string, r io.Reader, executable bool) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	mode := os.FileMode(0o444)
	if executable {
		mode = 0o555
	}
	if err == nil {
		err = f.Chmod(mode)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
