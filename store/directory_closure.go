package store

import (
	"context"
	"fmt"

	"github.com/p2pnix/tvix/proto/castorev1"
)

// DirectoryClosure checks a leaves-first upload of directories, as every
// DirectoryPutter must: each directory is valid, refers only to directories
// added before it or already stored, with the sizes those have, and at the
// end every added directory is reachable from the last one (the root).
// Backends embed it in their putters. It is not safe for concurrent use.
type DirectoryClosure struct {
	// StoredSize returns the DirectorySize of an already stored directory,
	// or an error wrapping ErrNotFound.
	StoredSize func(Digest) (uint64, error)

	sizes   map[Digest]uint64
	entries []ClosureEntry
	root    Digest
	err     error // the first rejection; the whole upload fails with it
}

// ClosureEntry is one directory accepted by a DirectoryClosure.
type ClosureEntry struct {
	Digest    Digest
	Directory *castorev1.Directory
	Encoded   []byte
}

// Add validates dir and records it; a directory already added is accepted
// again (and becomes the root candidate) but recorded once. After one
// rejection every later Add and Finish fails with the same error.
func (c *DirectoryClosure) Add(dir *castorev1.Directory) (Digest, error) {
	if c.err != nil {
		return Digest{}, c.err
	}
	d, err := c.add(dir)
	c.err = err
	return d, err
}

func (c *DirectoryClosure) add(dir *castorev1.Directory) (Digest, error) {
	if err := ValidateDirectory(dir); err != nil {
		return Digest{}, err
	}
	enc, d, err := EncodeDirectory(dir)
	if err != nil {
		return Digest{}, err
	}
	if c.sizes == nil {
		c.sizes = make(map[Digest]uint64)
	}
	if _, dup := c.sizes[d]; dup {
		c.root = d
		return d, nil
	}
	for _, child := range dir.Directories {
		cd := Digest(child.Digest)
		size, ok := c.sizes[cd]
		if !ok {
			if c.StoredSize == nil {
				return Digest{}, fmt.Errorf("%w directory %v: entry %q refers to %v, which was not put before it", ErrInvalid, d, child.Name, cd)
			}
			size, err = c.StoredSize(cd)
			if err != nil {
				return Digest{}, fmt.Errorf("%w directory %v: entry %q refers to %v, which was not put before it nor is stored (%v)", ErrInvalid, d, child.Name, cd, err)
			}
		}
		if size != child.Size {
			return Digest{}, fmt.Errorf("%w directory %v: entry %q has size %d, but directory %v has size %d", ErrInvalid, d, child.Name, child.Size, cd, size)
		}
	}
	c.sizes[d] = DirectorySize(dir)
	c.entries = append(c.entries, ClosureEntry{Digest: d, Directory: dir, Encoded: enc})
	c.root = d
	return d, nil
}

// Finish checks that something was added and that every added directory is
// reachable from the root, and returns the root and the new directories in
// the order they were added.
func (c *DirectoryClosure) Finish() (Digest, []ClosureEntry, error) {
	if c.err != nil {
		return Digest{}, nil, c.err
	}
	if len(c.entries) == 0 {
		return Digest{}, nil, fmt.Errorf("%w directory closure: no directories put", ErrInvalid)
	}
	byDigest := make(map[Digest]*castorev1.Directory, len(c.entries))
	for _, e := range c.entries {
		byDigest[e.Digest] = e.Directory
	}
	reached := map[Digest]bool{c.root: true}
	stack := []Digest{c.root}
	for len(stack) > 0 {
		dir := byDigest[stack[len(stack)-1]]
		stack = stack[:len(stack)-1]
		if dir == nil {
			continue // already stored, not part of this upload
		}
		for _, child := range dir.Directories {
			cd := Digest(child.Digest)
			if !reached[cd] {
				reached[cd] = true
				stack = append(stack, cd)
			}
		}
	}
	for _, e := range c.entries {
		if !reached[e.Digest] {
			return Digest{}, nil, fmt.Errorf("%w directory closure: directory %v is not reachable from the root %v", ErrInvalid, e.Digest, c.root)
		}
	}
	return c.root, c.entries, nil
}

// StoredDirectorySize returns a DirectoryClosure.StoredSize that asks ds.
func StoredDirectorySize(ctx context.Context, ds DirectoryService) func(Digest) (uint64, error) {
	return func(d Digest) (uint64, error) {
		dir, err := ds.Get(ctx, d)
		if err != nil {
			return 0, err
		}
		return DirectorySize(dir), nil
	}
}

// NewClosurePutter returns a DirectoryPutter that checks the upload with
// a DirectoryClosure (asking storedSize about directories it does not
// hold) and hands the accepted directories, leaves first, to commit on
// Close; commit stores them or fails.
func NewClosurePutter(ctx context.Context, storedSize func(Digest) (uint64, error), commit func([]ClosureEntry) error) DirectoryPutter {
	p := &closurePutter{ctx: ctx, commit: commit}
	p.closure.StoredSize = storedSize
	return p
}

type closurePutter struct {
	ctx     context.Context
	closure DirectoryClosure
	commit  func([]ClosureEntry) error
	closed  bool
}

func (p *closurePutter) Put(dir *castorev1.Directory) (Digest, error) {
	if p.closed {
		return Digest{}, fmt.Errorf("directory putter: put after close")
	}
	if err := p.ctx.Err(); err != nil {
		return Digest{}, err
	}
	return p.closure.Add(dir)
}

func (p *closurePutter) Close() (Digest, error) {
	if p.closed {
		return Digest{}, fmt.Errorf("directory putter: closed twice")
	}
	p.closed = true
	root, entries, err := p.closure.Finish()
	if err == nil {
		err = p.ctx.Err()
	}
	if err == nil {
		err = p.commit(entries)
	}
	if err != nil {
		return Digest{}, err
	}
	return root, nil
}
