package instantiate

import (
	"context"
	"crypto/sha256"
	"path/filepath"

	"github.com/p2pnix/tvix/eval"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixpath"
)

// computeStore is the StoreHooks of `instantiate --eval`: like
// nix-instantiate's read-only evaluation, paths get the store paths they
// would have, computed by importing them into an in-memory store that is
// thrown away afterwards.
type computeStore struct {
	st  *store.Store
	dir nixpath.StoreDir
	*drvBuilder
}

// NewComputeStore returns StoreHooks that compute store paths without
// writing anything to disk.
func NewComputeStore() eval.StoreHooks {
	return newComputeStore()
}

func newComputeStore() *computeStore {
	dir := nixpath.DefaultStoreDir
	return &computeStore{st: store.NewMemoryStore(), dir: dir, drvBuilder: newDrvBuilder(string(dir))}
}

func (c *computeStore) StoreDir() string { return string(c.dir) }

func (c *computeStore) AddPath(ctx context.Context, path, name string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	_, _, sum, err := nar.ImportTree(ctx, c.st.Blobs, c.st.Directories, abs)
	if err != nil {
		return "", err
	}
	sp, err := c.dir.MakeSourcePath(name, sum)
	if err != nil {
		return "", err
	}
	p := c.dir.Absolute(sp)
	if name == filepath.Base(abs) {
		c.sources[p] = abs
	}
	return p, nil
}

func (c *computeStore) AddText(ctx context.Context, name, contents string, refs []string) (string, error) {
	sp, err := c.dir.MakeTextPath(name, sha256.Sum256([]byte(contents)), refs)
	if err != nil {
		return "", err
	}
	p := c.dir.Absolute(sp)
	c.refs[p] = refs
	c.files[p] = []byte(contents)
	return p, nil
}
