package builder

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/derivation"
	"github.com/p2pnix/tvix/store/nixpath"
)

// LoadDerivation reads and parses the .drv file at drvPath from st.
func LoadDerivation(ctx context.Context, st *store.Store, dir nixpath.StoreDir, drvPath string) (*derivation.Derivation, error) {
	sp, err := dir.Parse(drvPath)
	if err != nil {
		return nil, err
	}
	name, err := derivation.NameFromDrvPath(drvPath)
	if err != nil {
		return nil, err
	}
	info, err := st.PathInfos.Get(ctx, sp.Hash)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", drvPath, err)
	}
	f := info.GetNode().GetFile()
	if f == nil {
		return nil, fmt.Errorf("%s: not a regular file: %w", drvPath, store.ErrInvalid)
	}
	d, err := store.DigestFromBytes(f.Digest)
	if err != nil {
		return nil, err
	}
	r, err := st.Blobs.Open(ctx, d)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", drvPath, err)
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", drvPath, err)
	}
	drv, err := derivation.ParseATerm(drvPath, data)
	if err != nil {
		return nil, err
	}
	drv.Name = name
	return drv, nil
}

// inputPaths returns the store paths a derivation's build reads directly:
// its input sources and the outputs it uses of its input derivations,
// sorted and unique. drvs returns a parsed input derivation.
func inputPaths(drv *derivation.Derivation, drvs func(string) (*derivation.Derivation, error)) ([]string, error) {
	paths := slices.Clone(drv.InputSrcs)
	for drvPath, outs := range drv.InputDrvs {
		in, err := drvs(drvPath)
		if err != nil {
			return nil, err
		}
		for _, o := range outs {
			out, ok := in.Outputs[o]
			if !ok || out.Path == "" {
				return nil, fmt.Errorf("%s has no output %q: %w", drvPath, o, derivation.ErrInvalid)
			}
			paths = append(paths, out.Path)
		}
	}
	slices.Sort(paths)
	return slices.Compact(paths), nil
}

// closure returns the PathInfos of roots and everything they refer to,
// transitively, sorted by store path. A missing path is an error
// wrapping store.ErrNotFound.
func closure(ctx context.Context, st *store.Store, dir nixpath.StoreDir, roots []string) ([]*storev1.PathInfo, error) {
	seen := map[[nixpath.HashSize]byte]*storev1.PathInfo{}
	var queue []string // absolute store paths
	queue = append(queue, roots...)
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		sp, err := dir.Parse(p)
		if err != nil {
			return nil, err
		}
		if _, ok := seen[sp.Hash]; ok {
			continue
		}
		info, err := st.PathInfos.Get(ctx, sp.Hash)
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", p, err)
		}
		seen[sp.Hash] = info
		for _, rn := range info.GetNarinfo().GetReferenceNames() {
			queue = append(queue, string(dir)+"/"+rn)
		}
	}
	out := make([]*storev1.PathInfo, 0, len(seen))
	for _, info := range seen {
		out = append(out, info)
	}
	slices.SortFunc(out, func(a, b *storev1.PathInfo) int {
		return slices.Compare(store.NodeName(a.Node), store.NodeName(b.Node))
	})
	return out, nil
}
