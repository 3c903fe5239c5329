package instantiate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"sort"

	"github.com/nix-community/go-nix/pkg/nixhash"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixpath"
)

// textInfos stores every source the evaluation copied and every text
// file it made (.drv files and builtins.toFile results) in st and
// appends their PathInfos to infos, the texts as text store paths with
// their references, as nix-instantiate writes them to the Nix store. The
// caller registers them all in one commit (store.PutPathInfos).
func (b *drvWriter) textInfos(ctx context.Context, st *store.Store, dir nixpath.StoreDir, infos []*storev1.PathInfo) ([]*storev1.PathInfo, error) {
	srcs := make([]string, 0, len(b.sources))
	for p := range b.sources {
		srcs = append(srcs, p)
	}
	sort.Strings(srcs)
	for _, p := range srcs {
		info, registered, err := nar.PrepareAddPath(ctx, st, dir, b.sources[p])
		if err != nil {
			return nil, fmt.Errorf("adding %s: %w", b.sources[p], err)
		}
		if got := string(dir) + "/" + string(store.NodeName(info.Node)); got != p {
			return nil, fmt.Errorf("%s changed while evaluating: now %s", b.sources[p], got)
		}
		if !registered {
			infos = append(infos, info)
		}
	}
	paths := make([]string, 0, len(b.files))
	for p := range b.files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		info, err := textInfo(ctx, st, dir, p, b.files[p], b.refs[p])
		if err != nil {
			return nil, fmt.Errorf("writing %s: %w", p, err)
		}
		infos = append(infos, info)
	}
	return infos, nil
}

// textInfo stores contents and returns the PathInfo of the text store
// path abs with refs.
func textInfo(ctx context.Context, st *store.Store, dir nixpath.StoreDir, abs string, contents []byte, refs []string) (*storev1.PathInfo, error) {
	sp, err := dir.Parse(abs)
	if err != nil {
		return nil, err
	}
	d, size, err := st.Blobs.Put(ctx, bytes.NewReader(contents))
	if err != nil {
		return nil, err
	}
	node := &castorev1.Node{Node: &castorev1.Node_File{File: &castorev1.FileNode{Name: []byte(sp.Base()), Digest: d[:], Size: size}}}
	narSize, narSum, err := nar.Calculate(ctx, st.Blobs, st.Directories, node)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(contents)
	ca := nixpath.ContentAddress{Method: nixpath.Text, Hash: nixhash.MustNewHash(nixhash.SHA256, sum[:])}
	info := &storev1.PathInfo{Node: node, Narinfo: &storev1.NARInfo{NarSize: narSize, NarSha256: narSum[:], Ca: ca.Proto()}}
	for _, r := range refs {
		rp, err := dir.Parse(r)
		if err != nil {
			return nil, err
		}
		info.References = append(info.References, append([]byte(nil), rp.Hash[:]...))
		info.Narinfo.ReferenceNames = append(info.Narinfo.ReferenceNames, rp.Base())
	}
	return info, nil
}

// PutText stores contents as the text store path abs with refs, as
// Nix's addTextToStore does; abs must be the path they determine.
func PutText(ctx context.Context, st *store.Store, dir nixpath.StoreDir, abs string, contents []byte, refs []string) error {
	info, err := textInfo(ctx, st, dir, abs, contents, refs)
	if err != nil {
		return err
	}
	_, err = st.PathInfos.Put(ctx, info)
	return err
}
