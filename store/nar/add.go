package nar

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/nix-community/go-nix/pkg/nixhash"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
	"google.golang.org/protobuf/proto"
)

// AddPath stores the file system tree at path in st under the store path
// `nix-store --add` gives it (a recursive sha256 fixed-output path named
// after path's base name) and returns the PathInfo it put. Nothing is
// registered if any file cannot be read.
func AddPath(ctx context.Context, st *store.Store, dir nixpath.StoreDir, path string) (*storev1.PathInfo, error) {
	info, registered, err := PrepareAddPath(ctx, st, dir, path)
	if err != nil || registered {
		return info, err
	}
	return put(ctx, st, dir, info)
}

// PrepareAddPath is AddPath without the registration: it stores the
// tree's content and returns the PathInfo AddPath would put, for the
// caller to put together with others in one commit
// (store.PutPathInfos). When the path is already registered with the
// same content, it returns that PathInfo and registered is true: it is
// to be left as it is.
func PrepareAddPath(ctx context.Context, st *store.Store, dir nixpath.StoreDir, path string) (info *storev1.PathInfo, registered bool, err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, false, err
	}
	name := filepath.Base(abs)
	if err := checkName(name); err != nil {
		return nil, false, fmt.Errorf("%s: %w", path, err)
	}
	node, size, sum, err := ImportTree(ctx, st.Blobs, st.Directories, abs)
	if err != nil {
		return nil, false, err
	}
	return sourceInfo(ctx, st, dir, name, node, size, sum)
}

// AddNAR stores the NAR read from r under the store path `nix-store --add`
// would give its content with the given name, and returns the PathInfo it
// put. input names r in errors. The whole NAR is checked before anything
// is stored: r is read twice if it is a seekable file, otherwise it is
// spooled to a temporary file first.
func AddNAR(ctx context.Context, st *store.Store, dir nixpath.StoreDir, name string, r io.Reader, input string) (*storev1.PathInfo, error) {
	if err := checkName(name); err != nil {
		return nil, fmt.Errorf("%s: %w", input, err)
	}
	var again io.Reader
	if f, ok := r.(*os.File); ok && isRegular(f) {
		if _, _, err := Validate(f, input); err != nil {
			return nil, err
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		again = f
	} else {
		tmp, err := os.CreateTemp("", "tvix-nar-*")
		if err != nil {
			return nil, err
		}
		defer os.Remove(tmp.Name())
		defer tmp.Close()
		if _, _, err := Validate(io.TeeReader(r, tmp), input); err != nil {
			return nil, err
		}
		if _, err := tmp.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		again = tmp
	}
	node, size, sum, err := Ingest(ctx, again, input, st.Blobs, st.Directories, name)
	if err != nil {
		return nil, err
	}
	return register(ctx, st, dir, name, node, size, sum)
}

// checkName rejects, before anything is stored, a name that Nix or the
// store's PathInfo validation would refuse.
func checkName(name string) error {
	if err := nixpath.ValidateName(name); err != nil {
		return err
	}
	if _, err := store.ParseStorePathName(strings.Repeat("0", nixpath.EncodedHashLen) + "-" + name); err != nil {
		msg := err.Error()
		if i := strings.LastIndex(msg, "\": "); i >= 0 {
			msg = msg[i+3:] // drop the quoted example path
		}
		return fmt.Errorf("the store refuses the name %q: %s", name, msg)
	}
	return nil
}

func isRegular(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode().IsRegular()
}

// register puts the PathInfo of a source path. A path that is already
// registered with the same content is left as it is (keeping its
// signatures), as Nix does.
func register(ctx context.Context, st *store.Store, dir nixpath.StoreDir, name string, node *castorev1.Node, size uint64, sum [32]byte) (*storev1.PathInfo, error) {
	info, registered, err := sourceInfo(ctx, st, dir, name, node, size, sum)
	if err != nil || registered {
		return info, err
	}
	return put(ctx, st, dir, info)
}

// sourceInfo returns the PathInfo of a source path with this content, or
// the one registered (registered true) when it has the same content.
func sourceInfo(ctx context.Context, st *store.Store, dir nixpath.StoreDir, name string, node *castorev1.Node, size uint64, sum [32]byte) (*storev1.PathInfo, bool, error) {
	sp, err := dir.MakeSourcePath(name, sum)
	if err != nil {
		return nil, false, err
	}
	SetNodeName(node, []byte(sp.Base()))
	old, err := st.PathInfos.Get(ctx, sp.Hash)
	switch {
	case err == nil && proto.Equal(old.GetNode(), node) && old.GetNarinfo().GetNarSize() == size && bytes.Equal(old.GetNarinfo().GetNarSha256(), sum[:]):
		return old, true, nil
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return nil, false, fmt.Errorf("looking up %s: %w", dir.Absolute(sp), err)
	}
	ca := nixpath.ContentAddress{Method: nixpath.Recursive, Hash: nixhash.MustNewHash(nixhash.SHA256, sum[:])}
	return &storev1.PathInfo{
		Node: node,
		Narinfo: &storev1.NARInfo{
			NarSize:   size,
			NarSha256: sum[:],
			Ca:        ca.Proto(),
		},
	}, false, nil
}

func put(ctx context.Context, st *store.Store, dir nixpath.StoreDir, info *storev1.PathInfo) (*storev1.PathInfo, error) {
	stored, err := st.PathInfos.Put(ctx, info)
	if err != nil {
		return nil, fmt.Errorf("registering %s/%s: %w", string(dir), store.NodeName(info.Node), err)
	}
	return stored, nil
}
