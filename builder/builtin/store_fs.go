package builtin

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
)

// errNotExist is a path that does not resolve to anything.
var errNotExist = errors.New("no such file or directory")

// maxSymlinks bounds the symlinks one lookup follows, as Linux does.
const maxSymlinks = 40

// storeFS reads the request's inputs (store paths in the castore) as a
// read-only file system rooted at the store directory, resolving
// symlinks, absolute ones included, between them.
type storeFS struct {
	ctx    context.Context
	blobs  store.BlobService
	dirs   store.DirectoryService
	root   []string // the store directory's components
	inputs map[string]*castorev1.Node
	cache  map[store.Digest]*castorev1.Directory
}

func newStoreFS(j *job) *storeFS {
	fs := &storeFS{ctx: j.ctx, blobs: j.opts.Blobs, dirs: j.opts.Directories, root: split(j.storeDir),
		inputs: map[string]*castorev1.Node{}, cache: map[store.Digest]*castorev1.Directory{}}
	for _, in := range j.req.Inputs {
		fs.inputs[string(store.NodeName(in))] = in
	}
	return fs
}

func split(p string) []string {
	var out []string
	for _, c := range strings.Split(p, "/") {
		if c != "" && c != "." {
			out = append(out, c)
		}
	}
	return out
}

// fsEntry is what a path resolves to: a node, or a directory above the
// store paths (node nil).
type fsEntry struct {
	node *castorev1.Node
}

func (e fsEntry) isDir() bool { return e.node == nil || e.node.GetDirectory() != nil }

// at returns the entry at the symlink-free path comps.
func (fs *storeFS) at(comps []string) (fsEntry, error) {
	for i := range min(len(comps), len(fs.root)) {
		if comps[i] != fs.root[i] {
			return fsEntry{}, errNotExist
		}
	}
	if len(comps) <= len(fs.root) {
		return fsEntry{}, nil
	}
	n := fs.inputs[comps[len(fs.root)]]
	if n == nil {
		return fsEntry{}, errNotExist
	}
	for _, c := range comps[len(fs.root)+1:] {
		d, err := fs.dir(n)
		if err != nil {
			return fsEntry{}, err
		}
		if n = child(d, c); n == nil {
			return fsEntry{}, errNotExist
		}
	}
	return fsEntry{node: n}, nil
}

// dir returns the Directory of a directory node; other nodes do not
// exist as directories.
func (fs *storeFS) dir(n *castorev1.Node) (*castorev1.Directory, error) {
	dn := n.GetDirectory()
	if dn == nil {
		return nil, errNotExist
	}
	dg, err := store.DigestFromBytes(dn.Digest)
	if err != nil {
		return nil, err
	}
	if d := fs.cache[dg]; d != nil {
		return d, nil
	}
	d, err := fs.dirs.Get(fs.ctx, dg)
	if err != nil {
		return nil, err
	}
	fs.cache[dg] = d
	return d, nil
}

// child returns d's entry name, or nil.
func child(d *castorev1.Directory, name string) *castorev1.Node {
	for _, e := range d.Directories {
		if string(e.Name) == name {
			return &castorev1.Node{Node: &castorev1.Node_Directory{Directory: e}}
		}
	}
	for _, e := range d.Files {
		if string(e.Name) == name {
			return &castorev1.Node{Node: &castorev1.Node_File{File: e}}
		}
	}
	for _, e := range d.Symlinks {
		if string(e.Name) == name {
			return &castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: e}}
		}
	}
	return nil
}

// resolve returns the canonical form of the absolute path p and what it
// names, following every symlink on the way and, with follow, the last
// component's too (stat rather than lstat).
func (fs *storeFS) resolve(p string, follow bool) (string, fsEntry, error) {
	todo := strings.Split(p, "/")
	var cur []string
	links := 0
	e := fsEntry{}
	for len(todo) > 0 {
		c := todo[0]
		todo = todo[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if len(cur) > 0 {
				cur = cur[:len(cur)-1]
			}
			var err error
			if e, err = fs.at(cur); err != nil {
				return "", e, err
			}
			continue
		}
		if !e.isDir() {
			return "", e, errNotExist
		}
		cur = append(cur, c)
		var err error
		if e, err = fs.at(cur); err != nil {
			return "", e, err
		}
		l := e.node.GetSymlink()
		if l == nil || (len(todo) == 0 && !follow) {
			continue
		}
		if links++; links > maxSymlinks {
			return "", e, fmt.Errorf("%s: too many levels of symbolic links", p)
		}
		cur = cur[:len(cur)-1]
		target := string(l.Target)
		if strings.HasPrefix(target, "/") {
			cur = nil
		}
		todo = append(strings.Split(target, "/"), todo...)
		if e, err = fs.at(cur); err != nil {
			return "", e, err
		}
	}
	return "/" + path.Join(cur...), e, nil
}

// open opens the file at p, following symlinks.
func (fs *storeFS) open(p string) (io.ReadCloser, error) {
	_, e, err := fs.resolve(p, true)
	if err != nil {
		return nil, err
	}
	f := e.node.GetFile()
	if f == nil {
		return nil, errNotExist
	}
	d, err := store.DigestFromBytes(f.Digest)
	if err != nil {
		return nil, err
	}
	return fs.blobs.Open(fs.ctx, d)
}

// readFile returns the content of the file at p, following symlinks.
func (fs *storeFS) readFile(p string) ([]byte, error) {
	r, err := fs.open(p)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// readDir returns the names in the directory at p, following symlinks,
// sorted.
func (fs *storeFS) readDir(p string) ([]string, error) {
	_, e, err := fs.resolve(p, true)
	if err != nil {
		return nil, err
	}
	d, err := fs.dir(e.node)
	if err != nil {
		return nil, errNotDir
	}
	var names []string
	for _, x := range d.Directories {
		names = append(names, string(x.Name))
	}
	for _, x := range d.Files {
		names = append(names, string(x.Name))
	}
	for _, x := range d.Symlinks {
		names = append(names, string(x.Name))
	}
	slices.Sort(names)
	return names, nil
}

// errNotDir is a directory read of something else.
var errNotDir = errors.New("not a directory")
