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
// One goroutine reads every file once, in NAR order, hashing the NAR
// with sha256 as it goes, and hands each file's pieces to one of a few
// workers that store it (chunking and blake3 in the blob service). A file
// whose size changes while it is added is an error.
func ImportTree(ctx context.Context, blobs store.BlobService, dirs store.DirectoryService, path string) (*castorev1.Node, uint64, [32]byte, error) {
	var sum [32]byte
	var problems []string
	root := scanTree(path, &problems)
	if len(problems) > 0 {
		return nil, 0, sum, unreadableError(path, problems)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	h := sha256.New()
	// Most trees are small: buffers sized to the tree, not to the
	// largest tree, keep adding them cheap (no megabyte to zero and
	// collect for a one-line output).
	largest, total := root.sizes()
	nh := &narHasher{
		ctx: ctx, enc: newBufferedEncoderSize(h, clampSize(total+4096, 256<<10)),
		pieceLen: clampSize(largest, pieceSize), free: make(chan []byte, piecesInFlight),
		jobs: make(chan *fileJob),
	}
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for i := 0; i < max(2, runtime.GOMAXPROCS(0)); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range nh.jobs {
				if err := putFile(ctx, blobs, j, nh.free); err != nil {
					select {
					case errs <- err:
					default:
					}
					cancel()
					return
				}
			}
		}()
	}
	nh.enc.header()
	err := nh.node(path, root)
	if err == nil {
		err = nh.enc.flush()
	}
	close(nh.jobs)
	wg.Wait()
	select {
	case werr := <-errs:
		err = werr // the workers' error is the cause of a cancelled read
	default:
	}
	if err != nil {
		return nil, 0, sum, err
	}
	h.Sum(sum[:0])
	if testHookAfterRead != nil {
		testHookAfterRead()
	}
	if err := checkUnchanged(path, root); err != nil {
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
	return node, nh.enc.n, sum, nil
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

// pieceSize is how much of a file the NAR hasher reads at a time and
// hands to the worker storing it; piecesInFlight bounds the pieces read
// and not yet stored.
const (
	pieceSize      = 256 << 10
	piecesInFlight = 16
)

// fileJob is one regular file for a worker to store: its pieces, in
// order, closed at the end of the file (err set first if it could not be
// read whole).
type fileJob struct {
	path   string
	n      *fsNode
	pieces chan []byte
	err    error
}

// putFile stores j's file and records its digest in its fsNode, giving
// every piece back to free.
func putFile(ctx context.Context, blobs store.BlobService, j *fileJob, free chan<- []byte) error {
	r := &pieceReader{ctx: ctx, job: j, free: free}
	d, size, err := blobs.Put(ctx, r)
	r.giveBack()
	if err != nil {
		return fmt.Errorf("%s: %w", j.path, err)
	}
	if size != uint64(j.n.size) {
		return fmt.Errorf("%s: file changed while it was being added (%d bytes, was %d)", j.path, size, j.n.size)
	}
	j.n.digest = d
	return nil
}

// pieceReader reads a file's pieces as the NAR hasher sends them.
type pieceReader struct {
	ctx  context.Context
	job  *fileJob
	free chan<- []byte
	buf  []byte // the current piece
	cur  []byte // its unread rest
}

func (r *pieceReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		r.giveBack()
		select {
		case b, ok := <-r.job.pieces:
			if !ok {
				if r.job.err != nil {
					return 0, r.job.err
				}
				return 0, io.EOF
			}
			r.buf, r.cur = b, b
		case <-r.ctx.Done():
			return 0, r.ctx.Err()
		}
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

// giveBack returns the current piece to the free list (which has room
// for every piece).
func (r *pieceReader) giveBack() {
	if r.buf != nil {
		r.free <- r.buf[:cap(r.buf)]
		r.buf, r.cur = nil, nil
	}
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
// disk and handing them to the workers that store them.
type narHasher struct {
	ctx      context.Context
	enc      encoder
	pieceLen int
	made     int // pieces allocated
	free     chan []byte
	jobs     chan *fileJob
}

// piece returns a free piece, waiting for one once piecesInFlight exist.
func (h *narHasher) piece() ([]byte, error) {
	select {
	case b := <-h.free:
		return b, nil
	default:
	}
	if h.made < piecesInFlight {
		h.made++
		return make([]byte, h.pieceLen), nil
	}
	select {
	case b := <-h.free:
		return b, nil
	case <-h.ctx.Done():
		return nil, h.ctx.Err()
	}
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
		defer f.Close()
		j := &fileJob{path: p, n: n, pieces: make(chan []byte, 4)}
		select {
		case h.jobs <- j:
		case <-h.ctx.Done():
			return h.ctx.Err()
		}
		h.enc.fileStart(n.executable, uint64(n.size))
		err = h.send(f, j)
		if err != nil {
			j.err = err
		}
		close(j.pieces)
		if err != nil {
			return err
		}
		h.enc.fileEnd(uint64(n.size))
	}
	return h.enc.err
}

// send reads f to the end, hashing and sending it to j in pieces.
func (h *narHasher) send(f *os.File, j *fileJob) error {
	lr := io.LimitReader(f, j.n.size+1)
	var k int64
	for {
		b, err := h.piece()
		if err != nil {
			return err
		}
		m, rerr := io.ReadFull(lr, b)
		if m == 0 {
			h.free <- b
		} else {
			k += int64(m)
			h.enc.content(b[:m])
			select {
			case j.pieces <- b[:m]:
			case <-h.ctx.Done():
				return h.ctx.Err()
			}
		}
		switch {
		case rerr == io.EOF || rerr == io.ErrUnexpectedEOF:
			if k != j.n.size {
				return fmt.Errorf("%s: file changed while it was being added (%d bytes, was %d)", j.path, k, j.n.size)
			}
			return h.enc.err
		case rerr != nil:
			return fmt.Errorf("%s: %w", j.path, rerr)
		}
	}
}
