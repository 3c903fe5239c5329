package nar

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
)

// copyBufSize is the buffer used to copy file contents.
const copyBufSize = 1 << 20

// Write renders the NAR serialisation of node (whose own name is not part
// of the NAR) to w, reading directories and blobs from dirs and blobs.
// The output is byte-identical to `nix-store --dump` of the same tree. It
// returns the number of bytes written. A blob whose length differs from
// its FileNode's size, or a missing directory or blob, is an error.
func Write(ctx context.Context, w io.Writer, blobs store.BlobService, dirs store.DirectoryService, node *castorev1.Node) (uint64, error) {
	if err := store.ValidateNode(node); err != nil {
		return 0, err
	}
	// A lone file (a .drv, a text) gets buffers of its size, as
	// ImportTree's do: a small NAR does not allocate and zero 1.25 MiB.
	encSize, bufSize := 256<<10, copyBufSize
	if f := node.GetFile(); f != nil {
		encSize, bufSize = clampSize(int64(f.Size)+4096, encSize), clampSize(int64(f.Size), bufSize)
	} else if node.GetSymlink() != nil {
		encSize, bufSize = clampSize(0, encSize), 0
	}
	r := renderer{ctx: ctx, blobs: blobs, enc: newBufferedEncoderSize(w, encSize), buf: make([]byte, bufSize)}
	if d := node.GetDirectory(); d != nil {
		dg, _ := store.DigestFromBytes(d.Digest)
		r.dirs = map[store.Digest]*castorev1.Directory{}
		err := dirs.GetRecursive(ctx, dg, func(k store.Digest, dir *castorev1.Directory) error {
			r.dirs[k] = dir
			return nil
		})
		if err != nil {
			return 0, fmt.Errorf("nar: loading directory %v: %w", dg, err)
		}
	}
	r.enc.header()
	if err := r.node(node, 0); err != nil {
		return r.enc.n, err
	}
	if r.enc.err != nil {
		return r.enc.n, r.enc.err
	}
	return r.enc.n, r.enc.flush()
}

// Calculate returns the size and sha256 of node's NAR serialisation
// without keeping it.
func Calculate(ctx context.Context, blobs store.BlobService, dirs store.DirectoryService, node *castorev1.Node) (narSize uint64, narSHA256 [32]byte, err error) {
	h := sha256.New()
	n, err := Write(ctx, h, blobs, dirs, node)
	if err != nil {
		return 0, narSHA256, err
	}
	copy(narSHA256[:], h.Sum(nil))
	return n, narSHA256, nil
}

type renderer struct {
	ctx   context.Context
	blobs store.BlobService
	dirs  map[store.Digest]*castorev1.Directory
	enc   encoder
	buf   []byte
}

// maxDepth bounds directory nesting, so that a cyclic or absurd closure
// cannot exhaust the stack.
const maxDepth = 4096

func (r *renderer) node(n *castorev1.Node, depth int) error {
	switch {
	case n.GetFile() != nil:
		return r.file(n.GetFile())
	case n.GetSymlink() != nil:
		r.enc.symlink(n.GetSymlink().Target)
		return r.enc.err
	default:
		return r.directory(n.GetDirectory(), depth)
	}
}

func (r *renderer) file(f *castorev1.FileNode) error {
	d, err := store.DigestFromBytes(f.Digest)
	if err != nil {
		return fmt.Errorf("nar: file %q: %w", f.Name, err)
	}
	r.enc.fileStart(f.Executable, f.Size)
	if r.enc.err != nil {
		return r.enc.err
	}
	if f.Size > 0 {
		rc, err := r.blobs.Open(r.ctx, d)
		if err != nil {
			return fmt.Errorf("nar: file %q: blob %v: %w", f.Name, d, err)
		}
		n, err := io.CopyBuffer(countingWriter{&r.enc}, io.LimitReader(onlyReader{rc}, int64(f.Size)), r.buf)
		if err == nil && uint64(n) == f.Size {
			// The blob must end here too.
			var one [1]byte
			if m, _ := io.ReadFull(rc, one[:]); m > 0 {
				n++
			}
		}
		rc.Close()
		if err != nil {
			return fmt.Errorf("nar: file %q: blob %v: %w", f.Name, d, err)
		}
		if uint64(n) != f.Size {
			return fmt.Errorf("nar: file %q: blob %v does not have the %d bytes its node records: %w", f.Name, d, f.Size, store.ErrCorrupt)
		}
	}
	r.enc.fileEnd(f.Size)
	return r.enc.err
}

func (r *renderer) directory(dn *castorev1.DirectoryNode, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("nar: directory %q: nested deeper than %d", dn.Name, maxDepth)
	}
	if err := r.ctx.Err(); err != nil {
		return err
	}
	dg, err := store.DigestFromBytes(dn.Digest)
	if err != nil {
		return fmt.Errorf("nar: directory %q: %w", dn.Name, err)
	}
	dir, ok := r.dirs[dg]
	if !ok {
		return fmt.Errorf("nar: directory %q (%v): %w", dn.Name, dg, store.ErrNotFound)
	}
	r.enc.dirStart()
	ds, fs, ss := dir.Directories, dir.Files, dir.Symlinks
	for len(ds)+len(fs)+len(ss) > 0 {
		// Emit whichever list head has the smallest name.
		var child castorev1.Node
		var name []byte
		if len(ds) > 0 {
			name, child.Node = ds[0].Name, &castorev1.Node_Directory{Directory: ds[0]}
		}
		if len(fs) > 0 && (name == nil || bytes.Compare(fs[0].Name, name) < 0) {
			name, child.Node = fs[0].Name, &castorev1.Node_File{File: fs[0]}
		}
		if len(ss) > 0 && (name == nil || bytes.Compare(ss[0].Name, name) < 0) {
			name, child.Node = ss[0].Name, &castorev1.Node_Symlink{Symlink: ss[0]}
		}
		switch child.Node.(type) {
		case *castorev1.Node_Directory:
			ds = ds[1:]
		case *castorev1.Node_File:
			fs = fs[1:]
		default:
			ss = ss[1:]
		}
		r.enc.entryStart(name)
		if err := r.node(&child, depth+1); err != nil {
			return err
		}
		r.enc.entryEnd()
	}
	r.enc.dirEnd()
	return r.enc.err
}

// countingWriter writes file contents through the encoder.
type countingWriter struct{ e *encoder }

func (c countingWriter) Write(p []byte) (int, error) {
	c.e.content(p)
	if c.e.err != nil {
		return 0, c.e.err
	}
	return len(p), nil
}

// onlyReader hides WriterTo so io.CopyBuffer uses its buffer.
type onlyReader struct{ io.Reader }
