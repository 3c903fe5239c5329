package pathinfo

import (
	"context"
	"fmt"
	"io"
	"path"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
)

// WriteLs writes to w what `nix store ls` prints for arg (a store path,
// or a path inside one): the entries of a directory, or the file or
// symlink itself, one name per line. With long each line has the type
// and permissions, the size and, for a symlink, its target, as
// `nix store ls -l` prints them.
func WriteLs(ctx context.Context, w io.Writer, st *store.Store, dir nixpath.StoreDir, arg string, long bool) error {
	node, err := Node(ctx, st, dir, arg)
	if err != nil {
		return err
	}
	dn := node.GetDirectory()
	if dn == nil {
		writeLsEntry(w, node, path.Base(arg), long)
		return nil
	}
	entries, err := ReadDir(ctx, st, dn, arg)
	if err != nil {
		return err
	}
	for _, e := range entries {
		writeLsEntry(w, e, string(store.NodeName(e)), long)
	}
	return nil
}

func writeLsEntry(w io.Writer, n *castorev1.Node, name string, long bool) {
	if !long {
		fmt.Fprintln(w, name)
		return
	}
	switch {
	case n.GetDirectory() != nil:
		fmt.Fprintf(w, "dr-xr-xr-x %20d %s\n", 0, name)
	case n.GetFile() != nil:
		mode := "-r--r--r--"
		if n.GetFile().Executable {
			mode = "-r-xr-xr-x"
		}
		fmt.Fprintf(w, "%s %20d %s\n", mode, n.GetFile().Size, name)
	default:
		fmt.Fprintf(w, "lrwxrwxrwx %20d %s -> %s\n", 0, name, n.GetSymlink().Target)
	}
}
