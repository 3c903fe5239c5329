package store

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/p2pnix/tvix/proto/castorev1"
)

// TreeChange is one path at which two trees differ.
type TreeChange struct {
	// Path is relative to the roots, "" for the roots themselves.
	Path string
	// What says how: "content", "executable bit", "symlink target",
	// "type (regular file, now directory)", "only in the first",
	// "only in the second"; content and executable bit may come together.
	What string
}

func (c TreeChange) String() string {
	if c.Path == "" {
		return "(" + c.What + ")"
	}
	return c.Path + " (" + c.What + ")"
}

// DiffTrees lists, in path order, where the trees under nodes a and b
// differ in content, type, mode or symlink target; the roots' own names
// are not compared. A directory only one side has is one change, not one
// per file below it; equal directories are not read. dirs must hold the
// directories of both trees.
func DiffTrees(ctx context.Context, dirs DirectoryService, a, b *castorev1.Node) ([]TreeChange, error) {
	var out []TreeChange
	err := diffNodes(ctx, dirs, "", a, b, &out)
	return out, err
}

func nodeKind(n *castorev1.Node) string {
	switch {
	case n.GetDirectory() != nil:
		return "directory"
	case n.GetSymlink() != nil:
		return "symlink"
	}
	return "regular file"
}

func diffNodes(ctx context.Context, dirs DirectoryService, p string, a, b *castorev1.Node, out *[]TreeChange) error {
	if ka, kb := nodeKind(a), nodeKind(b); ka != kb {
		*out = append(*out, TreeChange{Path: p, What: fmt.Sprintf("type (%s, now %s)", ka, kb)})
		return nil
	}
	switch {
	case a.GetFile() != nil:
		fa, fb := a.GetFile(), b.GetFile()
		var what []string
		if !bytes.Equal(fa.GetDigest(), fb.GetDigest()) || fa.GetSize() != fb.GetSize() {
			what = append(what, "content")
		}
		if fa.GetExecutable() != fb.GetExecutable() {
			what = append(what, "executable bit")
		}
		if len(what) > 0 {
			*out = append(*out, TreeChange{Path: p, What: strings.Join(what, ", ")})
		}
	case a.GetSymlink() != nil:
		if !bytes.Equal(a.GetSymlink().GetTarget(), b.GetSymlink().GetTarget()) {
			*out = append(*out, TreeChange{Path: p, What: "symlink target"})
		}
	default:
		da, db := a.GetDirectory(), b.GetDirectory()
		if bytes.Equal(da.GetDigest(), db.GetDigest()) {
			return nil
		}
		ca, err := childNodes(ctx, dirs, da)
		if err != nil {
			return err
		}
		cb, err := childNodes(ctx, dirs, db)
		if err != nil {
			return err
		}
		names := make([]string, 0, len(ca)+len(cb))
		for n := range ca {
			names = append(names, n)
		}
		for n := range cb {
			if _, ok := ca[n]; !ok {
				names = append(names, n)
			}
		}
		sort.Strings(names)
		for _, n := range names {
			cp := path.Join(p, n)
			x, inA := ca[n]
			y, inB := cb[n]
			switch {
			case !inB:
				*out = append(*out, TreeChange{Path: cp, What: "only in the first"})
			case !inA:
				*out = append(*out, TreeChange{Path: cp, What: "only in the second"})
			default:
				if err := diffNodes(ctx, dirs, cp, x, y, out); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// childNodes reads directory node d and returns its children by name.
func childNodes(ctx context.Context, dirs DirectoryService, d *castorev1.DirectoryNode) (map[string]*castorev1.Node, error) {
	dg, err := DigestFromBytes(d.GetDigest())
	if err != nil {
		return nil, err
	}
	dir, err := dirs.Get(ctx, dg)
	if err != nil {
		return nil, fmt.Errorf("directory %s: %w", dg, err)
	}
	m := map[string]*castorev1.Node{}
	for _, c := range dir.GetDirectories() {
		m[string(c.GetName())] = &castorev1.Node{Node: &castorev1.Node_Directory{Directory: c}}
	}
	for _, c := range dir.GetFiles() {
		m[string(c.GetName())] = &castorev1.Node{Node: &castorev1.Node_File{File: c}}
	}
	for _, c := range dir.GetSymlinks() {
		m[string(c.GetName())] = &castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: c}}
	}
	return m, nil
}
