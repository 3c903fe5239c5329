package nar

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
)

// ErrUnreadable is wrapped by the error ImportTree returns when some
// files of the tree cannot be read or have an unsupported type.
var ErrUnreadable = errors.New("unreadable files")

// fsNode is one entry of a tree found by scanTree.
type fsNode struct {
	name       string
	kind       fs.FileMode // 0 (regular), fs.ModeDir or fs.ModeSymlink
	executable bool
	size       int64
	target     string
	children   []*fsNode // sorted by name (os.ReadDir sorts bytewise)
}

// scanTree lists the tree at p without reading file contents, and checks
// that every file can be opened and every directory listed. All problems
// are collected so that they can be reported at once.
func scanTree(p string, problems *[]string) *fsNode {
	fi, err := os.Lstat(p)
	if err != nil {
		*problems = append(*problems, err.Error())
		return nil
	}
	n := &fsNode{name: fi.Name()}
	switch mode := fi.Mode(); {
	case mode.IsRegular():
		n.executable = mode&0o100 != 0
		n.size = fi.Size()
		f, err := os.Open(p)
		if err != nil {
			*problems = append(*problems, err.Error())
			return nil
		}
		f.Close()
	case mode&fs.ModeSymlink != 0:
		n.kind = fs.ModeSymlink
		if n.target, err = os.Readlink(p); err != nil {
			*problems = append(*problems, err.Error())
			return nil
		}
	case mode.IsDir():
		n.kind = fs.ModeDir
		entries, err := os.ReadDir(p)
		if err != nil {
			*problems = append(*problems, err.Error())
			return nil
		}
		for _, e := range entries {
			if c := scanTree(filepath.Join(p, e.Name()), problems); c != nil {
				n.children = append(n.children, c)
			}
		}
	default:
		*problems = append(*problems, fmt.Sprintf("%s: unsupported file type %v", p, mode.Type()))
		return nil
	}
	return n
}

// ImportTree stores the file system tree at path (a file, symlink or
// directory; symlinks are stored as they are, wherever they point) and
// returns its root node, named after path's base name, with the size and
// sha256 of its NAR serialisation. Every file is read once; the NAR sha256
// is computed on a second goroutine while the blob service hashes and
// chunks. If any file cannot be read, the error (wrapping ErrUnreadable)
// lists them and nothing is stored.
func ImportTree(ctx context.Context, blobs store.BlobService, dirs store.DirectoryService, path string) (*castorev1.Node, uint64, [32]byte, error) {
	var sum [32]byte
	var problems []string
	root := scanTree(path, &problems)
	if len(problems) > 0 {
		return nil, 0, sum, unreadableError(path, problems)
	}
	h := newAsyncHasher()
	im := &treeImporter{ctx: ctx, blobs: blobs, dirs: dirs, enc: encoder{w: h}}
	im.enc.header()
	node, err := im.node(path, root)
	if err == nil && im.putter != nil {
		_, err = im.putter.Close()
	}
	size, sum := h.finish()
	if err != nil {
		return nil, 0, sum, err
	}
	return node, size, sum, nil
}

func unreadableError(path string, problems []string) error {
	const show = 5
	list := problems
	more := ""
	if len(list) > show {
		more = fmt.Sprintf("; and %d more", len(list)-show)
		list = list[:show]
	}
	return fmt.Errorf("%s: %w (%d): %s%s", path, ErrUnreadable, len(problems), strings.Join(list, "; "), more)
}

type treeImporter struct {
	ctx    context.Context
	blobs  store.BlobService
	dirs   store.DirectoryService
	putter store.DirectoryPutter
	enc    encoder
}

func (im *treeImporter) node(p string, n *fsNode) (*castorev1.Node, error) {
	if err := im.ctx.Err(); err != nil {
		return nil, err
	}
	switch n.kind {
	case fs.ModeSymlink:
		im.enc.symlink([]byte(n.target))
		return &castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: &castorev1.SymlinkNode{Name: []byte(n.name), Target: []byte(n.target)}}}, nil
	case fs.ModeDir:
		dn, err := im.directory(p, n)
		if err != nil {
			return nil, err
		}
		return &castorev1.Node{Node: &castorev1.Node_Directory{Directory: dn}}, nil
	default:
		fn, err := im.file(p, n)
		if err != nil {
			return nil, err
		}
		return &castorev1.Node{Node: &castorev1.Node_File{File: fn}}, nil
	}
}

func (im *treeImporter) file(p string, n *fsNode) (*castorev1.FileNode, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	im.enc.fileStart(n.executable, uint64(n.size))
	before := im.enc.n
	// The blob service reads the file; every byte it reads is also fed to
	// the NAR hash. Reading more than the scanned size is caught below.
	d, size, err := im.blobs.Put(im.ctx, io.TeeReader(io.LimitReader(f, n.size+1), countingWriter{&im.enc}))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	if size != uint64(n.size) || im.enc.n-before != size {
		return nil, fmt.Errorf("%s: file changed while it was being added (%d bytes, was %d)", p, size, n.size)
	}
	im.enc.fileEnd(size)
	return &castorev1.FileNode{Name: []byte(n.name), Digest: d[:], Size: size, Executable: n.executable}, im.enc.err
}

func (im *treeImporter) directory(p string, n *fsNode) (*castorev1.DirectoryNode, error) {
	dir := &castorev1.Directory{}
	im.enc.dirStart()
	for _, c := range n.children {
		im.enc.entryStart([]byte(c.name))
		child, err := im.node(filepath.Join(p, c.name), c)
		if err != nil {
			return nil, err
		}
		im.enc.entryEnd()
		switch {
		case child.GetDirectory() != nil:
			dir.Directories = append(dir.Directories, child.GetDirectory())
		case child.GetFile() != nil:
			dir.Files = append(dir.Files, child.GetFile())
		default:
			dir.Symlinks = append(dir.Symlinks, child.GetSymlink())
		}
	}
	im.enc.dirEnd()
	if im.putter == nil {
		im.putter = im.dirs.NewPutter(im.ctx)
	}
	d, err := im.putter.Put(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return &castorev1.DirectoryNode{Name: []byte(n.name), Digest: d[:], Size: store.DirectorySize(dir)}, nil
}

// asyncHasher is an io.Writer that copies what it is given into batches
// and hashes them with sha256 on its own goroutine.
type asyncHasher struct {
	cur  []byte
	full chan []byte
	free chan []byte
	done chan [32]byte
	n    uint64
}

const hashBatch = 1 << 20

func newAsyncHasher() *asyncHasher {
	a := &asyncHasher{full: make(chan []byte, 4), free: make(chan []byte, 4), done: make(chan [32]byte)}
	for i := 0; i < 4; i++ {
		a.free <- make([]byte, 0, hashBatch)
	}
	a.cur = <-a.free
	go func() {
		h := sha256.New()
		for b := range a.full {
			h.Write(b)
			a.free <- b[:0]
		}
		var sum [32]byte
		copy(sum[:], h.Sum(nil))
		a.done <- sum
	}()
	return a
}

func (a *asyncHasher) Write(p []byte) (int, error) {
	n := len(p)
	a.n += uint64(n)
	for len(p) > 0 {
		k := copy(a.cur[len(a.cur):cap(a.cur)], p)
		a.cur = a.cur[:len(a.cur)+k]
		p = p[k:]
		if len(a.cur) == cap(a.cur) {
			a.full <- a.cur
			a.cur = <-a.free
		}
	}
	return n, nil
}

// finish hashes what is left and returns the byte count and sha256.
func (a *asyncHasher) finish() (uint64, [32]byte) {
	if len(a.cur) > 0 {
		a.full <- a.cur
	}
	close(a.full)
	return a.n, <-a.done
}
