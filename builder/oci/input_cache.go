package oci

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"golang.org/x/sys/unix"
	"google.golang.org/protobuf/proto"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
)

// inputCache materialises castore nodes as read-only trees on disk, once
// per distinct node, so that builds can bind-mount them. Entries are
// keyed by the sha256 of the node's deterministic encoding (name and
// digest), so two builds that use the same store path share one tree.
// An entry appears by rename when complete: a crash leaves only "tmp-*"
// directories, which are removed when the cache is opened.
type inputCache struct {
	dir   string
	blobs store.BlobService
	dirs  store.DirectoryService

	mu      sync.Mutex
	pending map[string]*pendingEntry
}

type pendingEntry struct {
	done chan struct{}
	err  error
}

func newInputCache(dir string, blobs store.BlobService, dirs store.DirectoryService) (*inputCache, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	stale, _ := filepath.Glob(filepath.Join(dir, "tmp-*"))
	for _, p := range stale {
		removeTree(p)
	}
	return &inputCache{dir: dir, blobs: blobs, dirs: dirs, pending: map[string]*pendingEntry{}}, nil
}

// Path returns the on-disk path of node (named by its node name),
// materialising it first if this is its first use.
func (c *inputCache) Path(ctx context.Context, node *castorev1.Node) (string, error) {
	enc, err := proto.MarshalOptions{Deterministic: true}.Marshal(node)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(enc)
	key := hex.EncodeToString(sum[:])
	name := string(store.NodeName(node))
	final := filepath.Join(c.dir, key, name)
	if _, err := os.Lstat(final); err == nil {
		return final, nil
	}

	c.mu.Lock()
	p, busy := c.pending[key]
	if !busy {
		p = &pendingEntry{done: make(chan struct{})}
		c.pending[key] = p
	}
	c.mu.Unlock()
	if busy {
		select {
		case <-p.done:
			return final, p.err
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	p.err = c.materialise(ctx, node, key, name)
	c.mu.Lock()
	delete(c.pending, key)
	c.mu.Unlock()
	close(p.done)
	return final, p.err
}

// pathsWorkers bounds the inputs Paths materialises at once: creating
// files is mostly waiting for the file system, and a build whose inputs
// were all built just before (a derivation over many others) would
// otherwise write them one after another.
const pathsWorkers = 4

// Paths returns the on-disk paths of nodes, materialising those not in
// the cache yet, several at a time.
func (c *inputCache) Paths(ctx context.Context, nodes []*castorev1.Node) ([]string, error) {
	paths := make([]string, len(nodes))
	errs := make([]error, len(nodes))
	sem := make(chan struct{}, pathsWorkers)
	var wg sync.WaitGroup
	for i, n := range nodes {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			paths[i], errs[i] = c.Path(ctx, n)
		}()
	}
	wg.Wait()
	return paths, errors.Join(errs...)
}

func (c *inputCache) materialise(ctx context.Context, node *castorev1.Node, key, name string) error {
	if _, err := os.Lstat(filepath.Join(c.dir, key)); err == nil {
		return nil
	}
	tmp, err := os.MkdirTemp(c.dir, "tmp-")
	if err != nil {
		return err
	}
	if err := c.write(ctx, filepath.Join(tmp, name), node); err != nil {
		removeTree(tmp)
		return fmt.Errorf("materialising input %s: %w", name, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		removeTree(tmp)
		return err
	}
	if err := os.Rename(tmp, filepath.Join(c.dir, key)); err != nil {
		removeTree(tmp)
		if errors.Is(err, fs.ErrExist) || errors.Is(err, unix.ENOTEMPTY) {
			return nil
		}
		return err
	}
	return nil
}

// storeMtime is the modification time Nix gives every store file.
var storeMtime = unix.NsecToTimespec(1e9)

func (c *inputCache) write(ctx context.Context, p string, node *castorev1.Node) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	switch {
	case node.GetSymlink() != nil:
		return os.Symlink(string(node.GetSymlink().Target), p)
	case node.GetFile() != nil:
		f := node.GetFile()
		d, err := store.DigestFromBytes(f.Digest)
		if err != nil {
			return err
		}
		r, err := c.blobs.Open(ctx, d)
		if err != nil {
			return err
		}
		defer r.Close()
		mode := os.FileMode(0o444)
		if f.Executable {
			mode = 0o555
		}
		out, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return err
		}
		n, err := io.Copy(out, r)
		if err == nil && uint64(n) != f.Size {
			err = fmt.Errorf("%s: blob has %d bytes, node says %d", p, n, f.Size)
		}
		if err == nil {
			err = out.Chmod(mode)
		}
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		return unix.UtimesNano(p, []unix.Timespec{storeMtime, storeMtime})
	case node.GetDirectory() != nil:
		dn := node.GetDirectory()
		d, err := store.DigestFromBytes(dn.Digest)
		if err != nil {
			return err
		}
		dir, err := c.dirs.Get(ctx, d)
		if err != nil {
			return err
		}
		if err := os.Mkdir(p, 0o755); err != nil {
			return err
		}
		for _, e := range dir.Directories {
			if err := c.write(ctx, filepath.Join(p, string(e.Name)), &castorev1.Node{Node: &castorev1.Node_Directory{Directory: e}}); err != nil {
				return err
			}
		}
		for _, e := range dir.Files {
			if err := c.write(ctx, filepath.Join(p, string(e.Name)), &castorev1.Node{Node: &castorev1.Node_File{File: e}}); err != nil {
				return err
			}
		}
		for _, e := range dir.Symlinks {
			if err := c.write(ctx, filepath.Join(p, string(e.Name)), &castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: e}}); err != nil {
				return err
			}
		}
		if err := os.Chmod(p, 0o555); err != nil {
			return err
		}
		return unix.UtimesNano(p, []unix.Timespec{storeMtime, storeMtime})
	}
	return fmt.Errorf("%s: empty node", p)
}

// removeTree deletes p even where a build or the cache made directories
// read-only.
func removeTree(p string) {
	filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(q, 0o755)
		}
		return nil
	})
	os.RemoveAll(p)
}
