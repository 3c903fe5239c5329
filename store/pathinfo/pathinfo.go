// Package pathinfo looks store paths up in a store the way the store
// commands name them: a PathInfo by absolute store path, a node inside a
// store path, the closure of paths, a file's content, a .drv; and
// describes them as Nix does (nix path-info --json, nix store ls). Errors
// name the input as the user gave it.
package pathinfo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/derivation"
	"github.com/p2pnix/tvix/store/nixpath"
)

// StorePath is the absolute store path info describes.
func StorePath(dir nixpath.StoreDir, info *storev1.PathInfo) string {
	return string(dir) + "/" + string(store.NodeName(info.Node))
}

// Get looks up the store path sp, named input by the user.
func Get(ctx context.Context, st *store.Store, sp nixpath.StorePath, input string) (*storev1.PathInfo, error) {
	info, err := st.PathInfos.Get(ctx, sp.Hash)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("%s: not in the store", input)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", input, err)
	}
	if got := string(store.NodeName(info.Node)); got != sp.Base() {
		return nil, fmt.Errorf("%s: not in the store (its hash belongs to %s)", input, got)
	}
	return info, nil
}

// Node resolves arg, STOREPATH[/SUB], to the node it names.
func Node(ctx context.Context, st *store.Store, dir nixpath.StoreDir, arg string) (*castorev1.Node, error) {
	sp, sub, err := dir.ParseWithSub(arg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", arg, err)
	}
	info, err := Get(ctx, st, sp, arg)
	if err != nil {
		return nil, err
	}
	node := info.Node
	if sub == "" {
		return node, nil
	}
	for _, name := range strings.Split(sub, "/") {
		dn := node.GetDirectory()
		if dn == nil {
			return nil, fmt.Errorf("%s: %s is not a directory", arg, store.NodeName(node))
		}
		d, err := store.DigestFromBytes(dn.Digest)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", arg, err)
		}
		dir, err := st.Directories.Get(ctx, d)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", arg, err)
		}
		node = findChild(dir, name)
		if node == nil {
			return nil, fmt.Errorf("%s: no such file or directory", arg)
		}
	}
	return node, nil
}

func findChild(dir *castorev1.Directory, name string) *castorev1.Node {
	for _, d := range dir.Directories {
		if string(d.Name) == name {
			return &castorev1.Node{Node: &castorev1.Node_Directory{Directory: d}}
		}
	}
	for _, f := range dir.Files {
		if string(f.Name) == name {
			return &castorev1.Node{Node: &castorev1.Node_File{File: f}}
		}
	}
	for _, l := range dir.Symlinks {
		if string(l.Name) == name {
			return &castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: l}}
		}
	}
	return nil
}

// ReadDir returns the entries of the directory dn (input names it), sorted
// by name.
func ReadDir(ctx context.Context, st *store.Store, dn *castorev1.DirectoryNode, input string) ([]*castorev1.Node, error) {
	d, err := store.DigestFromBytes(dn.Digest)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", input, err)
	}
	listing, err := st.Directories.Get(ctx, d)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", input, err)
	}
	var names []string
	byName := map[string]*castorev1.Node{}
	for _, c := range listing.Directories {
		byName[string(c.Name)] = &castorev1.Node{Node: &castorev1.Node_Directory{Directory: c}}
	}
	for _, c := range listing.Files {
		byName[string(c.Name)] = &castorev1.Node{Node: &castorev1.Node_File{File: c}}
	}
	for _, c := range listing.Symlinks {
		byName[string(c.Name)] = &castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: c}}
	}
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]*castorev1.Node, len(names))
	for i, n := range names {
		out[i] = byName[n]
	}
	return out, nil
}

// WriteFile writes the content of the file f (input names it) to w,
// checking its size.
func WriteFile(ctx context.Context, st *store.Store, f *castorev1.FileNode, w io.Writer, input string) error {
	if f.Size == 0 {
		return nil
	}
	d, err := store.DigestFromBytes(f.Digest)
	if err != nil {
		return fmt.Errorf("%s: %w", input, err)
	}
	rc, err := st.Blobs.Open(ctx, d)
	if err != nil {
		return fmt.Errorf("%s: %w", input, err)
	}
	defer rc.Close()
	n, err := io.Copy(w, rc)
	if err != nil {
		return fmt.Errorf("%s: %w", input, err)
	}
	if uint64(n) != f.Size {
		return fmt.Errorf("%s: blob %v has %d bytes, the file %d: %w", input, d, n, f.Size, store.ErrCorrupt)
	}
	return nil
}

// Collect looks up the store paths args (and with closure, everything
// they refer to), sorted by path as Nix prints them.
func Collect(ctx context.Context, st *store.Store, dir nixpath.StoreDir, args []string, closure bool) ([]*storev1.PathInfo, error) {
	seen := map[[nixpath.HashSize]byte]*storev1.PathInfo{}
	var queue []nixpath.StorePath
	var inputs []string
	for _, a := range args {
		sp, err := dir.Parse(a)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a, err)
		}
		queue = append(queue, sp)
		inputs = append(inputs, a)
	}
	for len(queue) > 0 {
		sp, input := queue[0], inputs[0]
		queue, inputs = queue[1:], inputs[1:]
		if seen[sp.Hash] != nil {
			continue
		}
		info, err := Get(ctx, st, sp, input)
		if err != nil {
			return nil, err
		}
		seen[sp.Hash] = info
		if !closure {
			continue
		}
		for _, rn := range info.Narinfo.GetReferenceNames() {
			rp, err := nixpath.ParseBase(rn)
			if err != nil {
				return nil, fmt.Errorf("%s: reference %q: %w", input, rn, err)
			}
			queue = append(queue, rp)
			inputs = append(inputs, dir.Absolute(rp)+" (referenced by "+input+")")
		}
	}
	list := make([]*storev1.PathInfo, 0, len(seen))
	for _, info := range seen {
		list = append(list, info)
	}
	sort.Slice(list, func(i, j int) bool {
		return string(store.NodeName(list[i].Node)) < string(store.NodeName(list[j].Node))
	})
	return list, nil
}

// ReadDerivation reads and parses the .drv file at drvPath from st.
func ReadDerivation(ctx context.Context, st *store.Store, dir nixpath.StoreDir, drvPath string) (*derivation.Derivation, error) {
	sp, err := dir.Parse(drvPath)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", drvPath, err)
	}
	if !strings.HasSuffix(sp.Name, ".drv") {
		return nil, fmt.Errorf("%s: not a derivation (.drv) store path", drvPath)
	}
	info, err := Get(ctx, st, sp, drvPath)
	if err != nil {
		return nil, err
	}
	f := info.GetNode().GetFile()
	if f == nil {
		return nil, fmt.Errorf("%s: not a regular file", drvPath)
	}
	d, err := store.DigestFromBytes(f.Digest)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", drvPath, err)
	}
	rc, err := st.Blobs.Open(ctx, d)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", drvPath, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, int64(f.Size)+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", drvPath, err)
	}
	if uint64(len(data)) != f.Size {
		return nil, fmt.Errorf("%s: blob has %d bytes, the file %d: %w", drvPath, len(data), f.Size, store.ErrCorrupt)
	}
	return derivation.ParseDrv(drvPath, data)
}

// All lists every PathInfo of st, in the order st.PathInfos.List gives.
func All(ctx context.Context, st *store.Store) ([]*storev1.PathInfo, error) {
	var infos []*storev1.PathInfo
	err := st.PathInfos.List(ctx, func(info *storev1.PathInfo) error {
		infos = append(infos, info)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing store paths: %w", err)
	}
	return infos, nil
}

// ReadDerivations reads the derivations at drvPaths from st, keyed by
// path; with recursive, every derivation they depend on too.
func ReadDerivations(ctx context.Context, st *store.Store, dir nixpath.StoreDir, drvPaths []string, recursive bool) (map[string]*derivation.Derivation, error) {
	get := func(p string) (*derivation.Derivation, error) { return ReadDerivation(ctx, st, dir, p) }
	drvs := map[string]*derivation.Derivation{}
	for _, p := range drvPaths {
		d, err := get(p)
		if err != nil {
			return nil, err
		}
		drvs[p] = d
	}
	if recursive {
		return derivation.Closure(drvPaths, get)
	}
	return drvs, nil
}
