package instantiate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/nix-community/go-nix/pkg/nixhash"
	"github.com/p2pnix/tvix/eval"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
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
	*drvWriter
	// added holds every path AddPath returned.
	added map[string]bool
	// target, when set, is the store instantiation writes to; paths in
	// it are valid too. openTarget, when set, opens it the first time
	// it is needed.
	target     *store.Store
	openTarget func(context.Context) (*store.Store, error)
	// tmp holds the copies LocalPath made, local where each one is.
	tmp   string
	local map[string]string
	// readOnly is Capabilities().ReadOnly: set for --eval.
	readOnly bool
}

var (
	_ eval.StoreHooks  = (*computeStore)(nil)
	_ eval.DrvWriter   = (*computeStore)(nil)
	_ eval.SourceStore = (*computeStore)(nil)
	_ eval.StoreFiles  = (*computeStore)(nil)
)

// Capabilities implements eval.StoreHooks: a compute store writes
// derivations, adds sources and reads store paths through its store.
func (c *computeStore) Capabilities() eval.Capabilities {
	return eval.Capabilities{Derivations: c, Sources: c, Files: c, ReadOnly: c.readOnly}
}

// NewComputeStore returns StoreHooks that compute store paths without
// writing anything to disk.
func NewComputeStore() eval.StoreHooks {
	return newComputeStore()
}

func newComputeStore() *computeStore {
	dir := nixpath.DefaultStoreDir
	return &computeStore{st: store.NewMemoryStore(), dir: dir, drvWriter: newDrvWriter(string(dir)), added: map[string]bool{}, local: map[string]string{}}
}

func (c *computeStore) StoreDir() string { return string(c.dir) }

func (c *computeStore) AddPath(ctx context.Context, path, name string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	if sp, sub, err := c.dir.ParseWithSub(abs); err == nil {
		// A path inside a store path that is not on disk is read from
		// the local copy of it.
		p := c.dir.Absolute(sp)
		if _, err := os.Lstat(p); err != nil {
			if l, err := c.LocalPath(ctx, p); err == nil && l != "" {
				abs = filepath.Join(l, sub)
			}
		}
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
	c.added[p] = true
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

// FixedPath is the path of content with the given sha256: a source path
// when recursive, else a flat fixed-output path (eval.SourceStore).
func (c *computeStore) FixedPath(name string, recursive bool, sum [32]byte) (string, error) {
	method := nixpath.Flat
	if recursive {
		method = nixpath.Recursive
	}
	sp, err := c.dir.MakeFixedOutputPath(method, nixhash.MustNewHash(nixhash.SHA256, sum[:]), name, nil, false)
	if err != nil {
		return "", err
	}
	return c.dir.Absolute(sp), nil
}

// IsValidPath reports whether p was made by this evaluation or is in the
// store instantiation writes to.
func (c *computeStore) IsValidPath(ctx context.Context, p string) (bool, error) {
	if _, ok := c.files[p]; ok || c.added[p] {
		return true, nil
	}
	sp, err := c.dir.Parse(p)
	if err != nil {
		return false, nil
	}
	if _, err := c.st.PathInfos.Get(ctx, sp.Hash); err == nil {
		return true, nil
	}
	target, err := c.targetStore(ctx)
	if target == nil {
		return false, err
	}
	_, err = target.PathInfos.Get(ctx, sp.Hash)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// AddSource imports src into the in-memory store with its PathInfo, to be
// copied to the target store when instantiation writes (eval.SourceStore).
func (c *computeStore) AddSource(ctx context.Context, src *eval.Source) (string, [32]byte, error) {
	var node *castorev1.Node
	var narSize uint64
	var narSum, sum [32]byte
	var sp nixpath.StorePath
	var ca nixpath.ContentAddress
	var err error
	if src.Recursive {
		node, narSize, narSum, err = c.ingestTree(ctx, src.Path, src.Keep)
		if err != nil {
			return "", sum, err
		}
		sum = narSum
		if err := c.checkName("source", sum, src.Name); err != nil {
			return "", sum, err
		}
		sp, err = c.dir.MakeSourcePath(src.Name, sum)
		ca.Method = nixpath.Recursive
	} else {
		node, sum, err = c.putFlat(ctx, src.Path)
		if err != nil {
			return "", sum, err
		}
		narSize, narSum, err = nar.Calculate(ctx, c.st.Blobs, c.st.Directories, node)
		if err != nil {
			return "", sum, err
		}
		if err := c.checkName("output:out", sha256.Sum256([]byte("fixed:out:sha256:"+hex.EncodeToString(sum[:])+":")), src.Name); err != nil {
			return "", sum, err
		}
		var p string
		p, err = c.FixedPath(src.Name, false, sum)
		if err == nil {
			sp, err = c.dir.Parse(p)
		}
		ca.Method = nixpath.Flat
	}
	if err != nil {
		return "", sum, err
	}
	p := c.dir.Absolute(sp)
	if src.Expected != "" && p != src.Expected {
		return "", sum, &eval.MismatchError{Path: p, SHA256: sum}
	}
	ca.Hash = nixhash.MustNewHash(nixhash.SHA256, sum[:])
	nar.SetNodeName(node, []byte(sp.Base()))
	info := &storev1.PathInfo{Node: node, Narinfo: &storev1.NARInfo{NarSize: narSize, NarSha256: narSum[:], Ca: ca.Proto()}}
	if _, err := c.st.PathInfos.Put(ctx, info); err != nil {
		return "", sum, err
	}
	return p, sum, nil
}

// ingestTree stores the NAR of the (filtered) tree at path.
func (c *computeStore) ingestTree(ctx context.Context, path string, keep map[string]bool) (*castorev1.Node, uint64, [32]byte, error) {
	pr, pw := io.Pipe()
	dumped := make(chan error, 1)
	go func() {
		err := dumpNAR(pw, path, keep)
		pw.CloseWithError(err)
		dumped <- err
	}()
	node, size, sum, err := nar.Ingest(ctx, pr, path, c.st.Blobs, c.st.Directories, "source")
	pr.CloseWithError(errors.New("ingest stopped"))
	if derr := <-dumped; derr != nil {
		return nil, 0, sum, derr
	}
	return node, size, sum, err
}

// putFlat stores the regular file at path as a non-executable file node
// and returns it with the sha256 of its bytes.
func (c *computeStore) putFlat(ctx context.Context, path string) (*castorev1.Node, [32]byte, error) {
	var sum [32]byte
	f, err := os.Open(path)
	if err != nil {
		return nil, sum, err
	}
	defer f.Close()
	h := sha256.New()
	d, size, err := c.st.Blobs.Put(ctx, io.TeeReader(f, h))
	if err != nil {
		return nil, sum, err
	}
	copy(sum[:], h.Sum(nil))
	return &castorev1.Node{Node: &castorev1.Node_File{File: &castorev1.FileNode{Name: []byte("source"), Digest: d[:], Size: size}}}, sum, nil
}

// sourceInfos copies every PathInfo AddSource made, with its blobs and
// directories, to dst and appends it to infos, for the caller to
// register.
func (c *computeStore) sourceInfos(ctx context.Context, dst *store.Store, infos []*storev1.PathInfo) ([]*storev1.PathInfo, error) {
	err := c.st.PathInfos.List(ctx, func(info *storev1.PathInfo) error {
		if err := copyNode(ctx, c.st, dst, info.GetNode()); err != nil {
			return fmt.Errorf("writing %s: %w", store.NodeName(info.GetNode()), err)
		}
		infos = append(infos, info)
		return nil
	})
	return infos, err
}

// copyNode copies the blobs and directories below n from src to dst,
// directories leaves first.
func copyNode(ctx context.Context, src, dst *store.Store, n *castorev1.Node) error {
	copyBlob := func(digest []byte) error {
		d, err := store.DigestFromBytes(digest)
		if err != nil {
			return err
		}
		if ok, err := dst.Blobs.Has(ctx, d); err != nil || ok {
			return err
		}
		r, err := src.Blobs.Open(ctx, d)
		if err != nil {
			return err
		}
		defer r.Close()
		got, _, err := dst.Blobs.Put(ctx, r)
		if err == nil && got != d {
			err = fmt.Errorf("blob %x copied as %x", d[:], got[:])
		}
		return err
	}
	if f := n.GetFile(); f != nil {
		return copyBlob(f.Digest)
	}
	dn := n.GetDirectory()
	if dn == nil {
		return nil
	}
	root, err := store.DigestFromBytes(dn.Digest)
	if err != nil {
		return err
	}
	var dirs []*castorev1.Directory
	err = src.Directories.GetRecursive(ctx, root, func(_ store.Digest, d *castorev1.Directory) error {
		for _, f := range d.Files {
			if err := copyBlob(f.Digest); err != nil {
				return err
			}
		}
		dirs = append(dirs, d)
		return nil
	})
	if err != nil {
		return err
	}
	put := dst.Directories.NewPutter(ctx)
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := put.Put(dirs[i]); err != nil {
			put.Close()
			return err
		}
	}
	_, err = put.Close()
	return err
}

// checkName fails, as Nix 2.8 words it, when name is not a valid store
// path name; Nix names the whole path, whose hash part is computed from
// the path type typ and the content hash inner regardless.
func (c *computeStore) checkName(typ string, inner [32]byte, name string) error {
	if nixpath.ValidateName(name) == nil {
		return nil
	}
	s := typ + ":sha256:" + hex.EncodeToString(inner[:]) + ":" + string(c.dir) + ":" + name
	sum := sha256.Sum256([]byte(s))
	base := nixbase32.EncodeToString(nixhash.CompressHash(sum[:], nixpath.HashSize)) + "-" + name
	if len(name) > nixpath.MaxNameLen {
		return fmt.Errorf("store path '%s' has a name longer than %d characters", base, nixpath.MaxNameLen)
	}
	for i := 0; i < len(name); i++ {
		if ch := name[i]; ch >= 0x80 || !strings.ContainsRune("+-._?=", rune(ch)) && !('a' <= ch && ch <= 'z' || 'A' <= ch && ch <= 'Z' || '0' <= ch && ch <= '9') {
			return fmt.Errorf("store path '%s' contains illegal character '%s'", base, []byte{ch})
		}
	}
	return fmt.Errorf("invalid store path name '%s'", name)
}

// targetStore returns the target store, opening it if need be; nil when
// there is none.
func (c *computeStore) targetStore(ctx context.Context) (*store.Store, error) {
	if c.target == nil && c.openTarget != nil {
		open := c.openTarget
		c.openTarget = nil
		t, err := open(ctx)
		if err != nil {
			return nil, err
		}
		c.target = t
	}
	return c.target, nil
}
