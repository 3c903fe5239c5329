package nar

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"

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
	children   []*fsNode    // sorted by name (os.ReadDir sorts bytewise)
	digest     store.Digest // of a regular file, once stored
	stamp      fileStamp    // of a regular file, when scanned
}

// fileStamp is what tells whether a file was changed: any write or
// chmod updates its ctime.
type fileStamp struct {
	size         int64
	mtime, ctime int64 // nanoseconds
	ino          uint64
}

func stampOf(fi fs.FileInfo) fileStamp {
	st := fileStamp{size: fi.Size(), mtime: fi.ModTime().UnixNano()}
	if sys, ok := fi.Sys().(*syscall.Stat_t); ok {
		st.ctime = sys.Ctim.Nano()
		st.ino = sys.Ino
	}
	return st
}

// checkUnchanged reports the first regular file below n whose stamp
// differs from the one taken by scanTree: it changed while it was read,
// so its blob and the NAR hash may disagree.
func checkUnchanged(p string, n *fsNode) error {
	switch n.kind {
	case fs.ModeDir:
		for _, c := range n.children {
			if err := checkUnchanged(filepath.Join(p, c.name), c); err != nil {
				return err
			}
		}
	case 0:
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		if stampOf(fi) != n.stamp {
			return fmt.Errorf("%s: file changed while it was being added", p)
		}
	}
	return nil
}

// testHookAfterRead, if set, runs after the files have been read.
var testHookAfterRead func()

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
		n.stamp = stampOf(fi)
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
// sha256 of its NAR serialisation. If any file cannot be read, the error
// (wrapping ErrUnreadable) lists them all and nothing is stored.
//
// Files are stored by several workers at once (blake3 and chunking in the
// blob service), while another goroutine streams the NAR of the same
// tree into sha256, reading each file a second time (from the page
// cache). A file whose size changes while it is added is an error.
func ImportTree(ctx context.Context, blobs store.BlobService, dirs store.DirectoryService, path string) (*castorev1.Node, uint64, [32]byte, error) {
	var sum [32]byte
	var problems []string
	root := scanTree(path, &problems)
	if len(problems) > 0 {
		return nil, 0, sum, unreadableError(path, problems)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type narResult struct {
		size uint64
		sum  [32]byte
		err  error
	}
	narDone := make(chan narResult, 1)
	go func() {
		h := sha256.New()
		// Most trees are small: buffers sized to the tree, not to the
		// largest tree, keep adding them cheap (no megabyte to zero and
		// collect for a one-line output).
		largest, total := root.sizes()
		nh := &narHasher{ctx: ctx, enc: newBufferedEncoderSize(h, clampSize(total+4096, 256<<10)), buf: make([]byte, clampSize(largest, copyBufSize))}
		nh.enc.header()
		err := nh.node(path, root)
		if err == nil {
			err = nh.enc.flush()
		}
		var r narResult
		r.size, r.err = nh.enc.n, err
		copy(r.sum[:], h.Sum(nil))
		narDone <- r
	}()

	err := putFiles(ctx, blobs, path, root)
	if err != nil {
		cancel()
	}
	nr := <-narDone
	if err == nil {
		err = nr.err
	}
	if testHookAfterRead != nil {
		testHookAfterRead()
	}
	if err == nil {
		err = checkUnchanged(path, root)
	}
	if err != nil {
		return nil, 0, sum, err
	}
	var putter store.DirectoryPutter
	node, err := buildNode(ctx, dirs, &putter, root)
	if err == nil && putter != nil {
		_, err = putter.Close()
	}
	if err != nil {
		return nil, 0, sum, err
	}
	return node, nr.size, nr.sum, nil
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

// putFiles stores every regular file of the tree with a few workers and
// records each file's digest in its fsNode.
func putFiles(ctx context.Context, blobs store.BlobService, path string, root *fsNode) error {
	type job struct {
		path string
		n    *fsNode
	}
	jobs := make(chan job)
	errs := make(chan error, 1)
	workers := max(2, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if err := putFile(ctx, blobs, j.path, j.n); err != nil {
					select {
					case errs <- err:
					default:
					}
					return
				}
			}
		}()
	}
	var walk func(p string, n *fsNode) bool
	walk = func(p string, n *fsNode) bool {
		switch n.kind {
		case fs.ModeDir:
			for _, c := range n.children {
				if !walk(filepath.Join(p, c.name), c) {
					return false
				}
			}
		case 0:
			select {
			case jobs <- job{p, n}:
			case <-ctx.Done():
				return false
			case err := <-errs:
				errs <- err
				return false
			}
		}
		return true
	}
	walk(path, root)
	close(jobs)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return ctx.Err()
	}
}

func putFile(ctx context.Context, blobs store.BlobService, p string, n *fsNode) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	d, size, err := blobs.Put(ctx, io.LimitReader(f, n.size+1))
	if err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	if size != uint64(n.size) {
		return fmt.Errorf("%s: file changed while it was being added (%d bytes, was %d)", p, size, n.size)
	}
	n.digest = d
	return nil
}

// buildNode makes the castore node of n, putting directories leaves
// first.
func buildNode(ctx context.Context, dirs store.DirectoryService, putter *store.DirectoryPutter, n *fsNode) (*castorev1.Node, error) {
	switch n.kind {
	case fs.ModeSymlink:
		return &castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: &castorev1.SymlinkNode{Name: []byte(n.name), Target: []byte(n.target)}}}, nil
	case 0:
		return &castorev1.Node{Node: &castorev1.Node_File{File: &castorev1.FileNode{
			Name: []byte(n.name), Digest: bytes.Clone(n.digest[:]), Size: uint64(n.size), Executable: n.executable}}}, nil
	}
	dir := &castorev1.Directory{}
	for _, c := range n.children {
		child, err := buildNode(ctx, dirs, putter, c)
		if err != nil {
			return nil, err
		}
		switch {
		case child.GetDirectory() != nil:
			dir.Directories = append(dir.Directories, child.GetDirectory())
		case child.GetFile() != nil:
			dir.Files = append(dir.Files, child.GetFile())
		default:
			dir.Symlinks = append(dir.Symlinks, child.GetSymlink())
		}
	}
	if *putter == nil {
		*putter = dirs.NewPutter(ctx)
	}
	d, err := (*putter).Put(dir)
	if err != nil {
		return nil, err
	}
	return &castorev1.Node{Node: &castorev1.Node_Directory{Directory: &castorev1.DirectoryNode{
		Name: []byte(n.name), Digest: d[:], Size: store.DirectorySize(dir)}}}, nil
}

// sizes returns the size of the largest regular file below n and the
// sum of all their sizes.
func (n *fsNode) sizes() (largest, total int64) {
	if n.kind == 0 {
		return n.size, n.size
	}
	for _, c := range n.children {
		l, t := c.sizes()
		largest = max(largest, l)
		total += t
	}
	return largest, total
}

// clampSize bounds a buffer size to [4 KiB, limit].
func clampSize(n int64, limit int) int {
	return int(min(max(n, 4096), int64(limit)))
}

// narHasher streams the NAR of a scanned tree, reading file contents from
// disk.
type narHasher struct {
	ctx context.Context
	enc encoder
	buf []byte
}

func (h *narHasher) node(p string, n *fsNode) error {
	if err := h.ctx.Err(); err != nil {
		return err
	}
	switch n.kind {
	case fs.ModeSymlink:
		h.enc.symlink([]byte(n.target))
	case fs.ModeDir:
		h.enc.dirStart()
		for _, c := range n.children {
			h.enc.entryStart([]byte(c.name))
			if err := h.node(filepath.Join(p, c.name), c); err != nil {
				return err
			}
			h.enc.entryEnd()
		}
		h.enc.dirEnd()
	default:
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		h.enc.fileStart(n.executable, uint64(n.size))
		k, err := io.CopyBuffer(countingWriter{&h.enc}, io.LimitReader(onlyReader{f}, n.size+1), h.buf)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		if k != n.size {
			return fmt.Errorf("%s: file changed while it was being added (%d bytes, was %d)", p, k, n.size)
		}
		h.enc.fileEnd(uint64(n.size))
	}
	return h.enc.err
}
