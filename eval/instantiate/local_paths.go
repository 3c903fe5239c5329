package instantiate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
)

// LocalPath returns where the contents of store path p can be read
// (eval.StoreFiles): a source's own location, or a copy written once into
// a temporary directory of text files made here and of paths in the
// in-memory or target store. cleanup removes the copies.
func (c *computeStore) LocalPath(ctx context.Context, p string) (string, error) {
	if l, ok := c.local[p]; ok {
		return l, nil
	}
	if src, ok := c.sources[p]; ok {
		return src, nil
	}
	sp, err := c.dir.Parse(p)
	if err != nil {
		return "", nil
	}
	if c.tmp == "" {
		if c.tmp, err = os.MkdirTemp("", "tvix-eval-store-*"); err != nil {
			return "", err
		}
	}
	dst := filepath.Join(c.tmp, sp.Base())
	if data, ok := c.files[p]; ok {
		if err := os.WriteFile(dst, data, 0o444); err != nil {
			return "", err
		}
		c.local[p] = dst
		return dst, nil
	}
	var info *storev1.PathInfo
	from := c.st
	info, err = c.st.PathInfos.Get(ctx, sp.Hash)
	if errors.Is(err, store.ErrNotFound) {
		target, terr := c.targetStore(ctx)
		if terr != nil {
			return "", terr
		}
		if target != nil {
			from = target
			info, err = target.PathInfos.Get(ctx, sp.Hash)
		}
	}
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if err := materialise(ctx, from, info.GetNode(), dst); err != nil {
		os.RemoveAll(dst)
		return "", fmt.Errorf("copying %s out of the store: %w", p, err)
	}
	c.local[p] = dst
	return dst, nil
}

// Close removes the copies LocalPath made (NewComputeStore's users close
// it through io.Closer).
func (c *computeStore) Close() error {
	c.cleanup()
	return nil
}

// cleanup removes the copies LocalPath made.
func (c *computeStore) cleanup() {
	if c.tmp != "" {
		os.RemoveAll(c.tmp)
		c.tmp = ""
		c.local = map[string]string{}
	}
}

// materialise writes node n of st to dst.
func materialise(ctx context.Context, st *store.Store, n *castorev1.Node, dst string) error {
	switch {
	case n.GetSymlink() != nil:
		return os.Symlink(string(n.GetSymlink().Target), dst)
	case n.GetFile() != nil:
		f := n.GetFile()
		d, err := store.DigestFromBytes(f.Digest)
		if err != nil {
			return err
		}
		mode := os.FileMode(0o444)
		if f.Executable {
			mode = 0o555
		}
		out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, mode)
		if err != nil {
			return err
		}
		if f.Size > 0 {
			r, err := st.Blobs.Open(ctx, d)
			if err != nil {
				out.Close()
				return err
			}
			_, err = io.Copy(out, r)
			r.Close()
			if err != nil {
				out.Close()
				return err
			}
		}
		return out.Close()
	case n.GetDirectory() != nil:
		d, err := store.DigestFromBytes(n.GetDirectory().Digest)
		if err != nil {
			return err
		}
		dir, err := st.Directories.Get(ctx, d)
		if err != nil {
			return err
		}
		if err := os.Mkdir(dst, 0o755); err != nil {
			return err
		}
		for _, e := range dir.Directories {
			if err := materialise(ctx, st, &castorev1.Node{Node: &castorev1.Node_Directory{Directory: e}}, filepath.Join(dst, string(e.Name))); err != nil {
				return err
			}
		}
		for _, e := range dir.Files {
			if err := materialise(ctx, st, &castorev1.Node{Node: &castorev1.Node_File{File: e}}, filepath.Join(dst, string(e.Name))); err != nil {
				return err
			}
		}
		for _, e := range dir.Symlinks {
			if err := materialise(ctx, st, &castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: e}}, filepath.Join(dst, string(e.Name))); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("unknown node type")
}
