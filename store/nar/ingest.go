package nar

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
)

// Validate reads a whole NAR from r and checks it without storing
// anything. input names r in errors. It returns the NAR's size and sha256.
func Validate(r io.Reader, input string) (narSize uint64, narSHA256 [32]byte, err error) {
	return parseHashed(bufio.NewReaderSize(r, 256<<10), true, input, 0, discardVisitor{})
}

// Ingest reads a whole NAR from r, stores its files as blobs and its
// directories in dirs, and returns the root node named name with the NAR's
// size and sha256. input names r in errors. Directories become visible
// only when the whole NAR has been read and checked; blobs stored before
// an error are unreferenced.
func Ingest(ctx context.Context, r io.Reader, input string, blobs store.BlobService, dirs store.DirectoryService, name string) (*castorev1.Node, uint64, [32]byte, error) {
	return ingest(ctx, bufio.NewReaderSize(r, 256<<10), true, input, 0, blobs, dirs, name)
}

// ValidateFrom checks one NAR embedded in a stream, reading from br no
// byte past its end; offset is where the NAR starts in the stream (for
// error messages).
func ValidateFrom(br *bufio.Reader, input string, offset int64) (narSize uint64, narSHA256 [32]byte, err error) {
	return parseHashed(br, false, input, offset, discardVisitor{})
}

// IngestFrom is Ingest for one NAR embedded in a stream, reading from br
// no byte past its end; offset is where the NAR starts in the stream.
func IngestFrom(ctx context.Context, br *bufio.Reader, input string, offset int64, blobs store.BlobService, dirs store.DirectoryService, name string) (*castorev1.Node, uint64, [32]byte, error) {
	return ingest(ctx, br, false, input, offset, blobs, dirs, name)
}

func ingest(ctx context.Context, br *bufio.Reader, whole bool, input string, offset int64, blobs store.BlobService, dirs store.DirectoryService, name string) (*castorev1.Node, uint64, [32]byte, error) {
	s := &castoreSink{ctx: ctx, blobs: blobs, dirs: dirs}
	size, sum, err := parseHashed(br, whole, input, offset, s)
	if err != nil {
		return nil, 0, sum, err
	}
	root, err := s.finish(name)
	if err != nil {
		return nil, 0, sum, fmt.Errorf("%s: %w", input, err)
	}
	return root, size, sum, nil
}

func parseHashed(br *bufio.Reader, whole bool, input string, offset int64, v visitor) (uint64, [32]byte, error) {
	h := newAsyncSHA256()
	p := &parser{r: br, h: h, input: input, off: offset, start: offset, v: v, whole: whole}
	err := p.parse()
	sum := h.finish()
	if err != nil {
		return 0, [32]byte{}, err
	}
	return uint64(p.off - p.start), sum, nil
}

type discardVisitor struct{}

func (discardVisitor) file(_ []byte, _ bool, _ uint64, r io.Reader) error {
	_, err := io.Copy(io.Discard, r)
	return err
}
func (discardVisitor) symlink(_, _ []byte) error { return nil }
func (discardVisitor) enterDir([]byte) error     { return nil }
func (discardVisitor) leaveDir() error           { return nil }

// castoreSink builds castore nodes from parser events. Directories are
// complete when they are left, so they reach the putter leaves first.
type castoreSink struct {
	ctx    context.Context
	blobs  store.BlobService
	dirs   store.DirectoryService
	putter store.DirectoryPutter
	stack  []pendingDir
	root   *castorev1.Node
}

type pendingDir struct {
	name []byte
	dir  *castorev1.Directory
}

func (s *castoreSink) top() *castorev1.Directory { return s.stack[len(s.stack)-1].dir }

func (s *castoreSink) file(name []byte, executable bool, size uint64, r io.Reader) error {
	d, n, err := s.blobs.Put(s.ctx, r)
	if err != nil {
		return err
	}
	if n != size {
		return fmt.Errorf("blob store took %d bytes of a %d-byte file", n, size)
	}
	f := &castorev1.FileNode{Name: name, Digest: d[:], Size: size, Executable: executable}
	if len(s.stack) == 0 {
		s.root = &castorev1.Node{Node: &castorev1.Node_File{File: f}}
		return nil
	}
	s.top().Files = append(s.top().Files, f)
	return nil
}

func (s *castoreSink) symlink(name, target []byte) error {
	l := &castorev1.SymlinkNode{Name: name, Target: target}
	if len(s.stack) == 0 {
		s.root = &castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: l}}
		return nil
	}
	s.top().Symlinks = append(s.top().Symlinks, l)
	return nil
}

func (s *castoreSink) enterDir(name []byte) error {
	if s.putter == nil {
		s.putter = s.dirs.NewPutter(s.ctx)
	}
	s.stack = append(s.stack, pendingDir{name: name, dir: &castorev1.Directory{}})
	return nil
}

func (s *castoreSink) leaveDir() error {
	pd := s.stack[len(s.stack)-1]
	s.stack = s.stack[:len(s.stack)-1]
	d, err := s.putter.Put(pd.dir)
	if err != nil {
		return err
	}
	dn := &castorev1.DirectoryNode{Name: pd.name, Digest: d[:], Size: store.DirectorySize(pd.dir)}
	if len(s.stack) == 0 {
		s.root = &castorev1.Node{Node: &castorev1.Node_Directory{Directory: dn}}
		return nil
	}
	s.top().Directories = append(s.top().Directories, dn)
	return nil
}

// finish commits the directories and names the root node.
func (s *castoreSink) finish(name string) (*castorev1.Node, error) {
	if s.putter != nil {
		if _, err := s.putter.Close(); err != nil {
			return nil, err
		}
	}
	SetNodeName(s.root, []byte(name))
	return s.root, nil
}

// SetNodeName sets the name of whichever kind n is.
func SetNodeName(n *castorev1.Node, name []byte) {
	switch {
	case n.GetDirectory() != nil:
		n.GetDirectory().Name = name
	case n.GetFile() != nil:
		n.GetFile().Name = name
	case n.GetSymlink() != nil:
		n.GetSymlink().Name = name
	}
}
