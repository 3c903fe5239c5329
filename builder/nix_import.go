package builder

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/nix-community/go-nix/pkg/nixhash"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/derivation"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/refscan"
)

// ImportDerivations copies .drv files and, recursively, their input
// derivations and input sources from a Nix store on this machine (the
// directory dir, e.g. /nix/store as nix-instantiate writes it) into st,
// so that they can be built. Outputs are not copied. Nothing is taken on
// trust: each path is ingested with store/nar and registered only if its
// store path, recomputed from its contents, is the one it has (a .drv or
// builtins.toFile text path, whose references are the paths it names, or
// a source path added with builtins.path or a path literal). Paths
// already in st are skipped.
func ImportDerivations(ctx context.Context, st *store.Store, dir nixpath.StoreDir, drvPaths []string) error {
	seen := map[string]bool{}
	var visit func(p string) error
	visit = func(p string) error {
		if seen[p] {
			return nil
		}
		seen[p] = true
		sp, err := dir.Parse(p)
		if err != nil {
			return err
		}
		if _, err := st.PathInfos.Get(ctx, sp.Hash); err == nil {
			return nil
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		drv, err := derivation.ParseATerm(p, data)
		if err != nil {
			return err
		}
		refs := slices.Clone(drv.InputSrcs)
		for _, src := range drv.InputSrcs {
			if err := importSource(ctx, st, dir, src); err != nil {
				return err
			}
		}
		for in := range drv.InputDrvs {
			if err := visit(in); err != nil {
				return err
			}
			refs = append(refs, in)
		}
		return importText(ctx, st, dir, p, data, refs)
	}
	for _, p := range drvPaths {
		if err := visit(p); err != nil {
			return fmt.Errorf("importing %s: %w", p, err)
		}
	}
	return nil
}

// importText registers the text file at p (a .drv or builtins.toFile
// output) with references refs, after checking its path.
func importText(ctx context.Context, st *store.Store, dir nixpath.StoreDir, p string, data []byte, refs []string) error {
	sp, err := dir.Parse(p)
	if err != nil {
		return err
	}
	slices.Sort(refs)
	refs = slices.Compact(refs)
	sum := sha256.Sum256(data)
	want, err := dir.MakeTextPath(sp.Name, sum, refs)
	if err != nil {
		return err
	}
	if want != sp {
		return fmt.Errorf("%s: contents and references give text path %s: %w", p, dir.Absolute(want), store.ErrCorrupt)
	}
	node, size, narSum, err := nar.ImportTree(ctx, st.Blobs, st.Directories, p)
	if err != nil {
		return err
	}
	ca := nixpath.ContentAddress{Method: nixpath.Text, Hash: nixhash.MustNewHash(nixhash.SHA256, sum[:])}
	return putImported(ctx, st, dir, node, size, narSum, refs, ca)
}

// importSource registers an input source: a path added recursively with
// no references, or a text file referring to some of the store paths it
// names.
func importSource(ctx context.Context, st *store.Store, dir nixpath.StoreDir, p string) error {
	sp, err := dir.Parse(p)
	if err != nil {
		return err
	}
	if _, err := st.PathInfos.Get(ctx, sp.Hash); err == nil {
		return nil
	}
	node, size, narSum, err := nar.ImportTree(ctx, st.Blobs, st.Directories, p)
	if err != nil {
		return err
	}
	if src, err := dir.MakeSourcePath(sp.Name, narSum); err == nil && src == sp {
		ca := nixpath.ContentAddress{Method: nixpath.Recursive, Hash: nixhash.MustNewHash(nixhash.SHA256, narSum[:])}
		return putImported(ctx, st, dir, node, size, narSum, nil, ca)
	}
	if node.GetFile() == nil {
		return fmt.Errorf("%s: not a source path (its NAR hash gives another path): %w", p, store.ErrCorrupt)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	refs, err := namedStorePaths(dir, data)
	if err != nil {
		return err
	}
	for _, r := range refs {
		if r != p {
			if err := importSource(ctx, st, dir, r); err != nil {
				return err
			}
		}
	}
	return importText(ctx, st, dir, p, data, refs)
}

// namedStorePaths returns the existing store paths whose hash parts occur
// in data.
func namedStorePaths(dir nixpath.StoreDir, data []byte) ([]string, error) {
	entries, err := os.ReadDir(string(dir))
	if err != nil {
		return nil, err
	}
	byHash := map[string]string{}
	var hashes []string
	for _, e := range entries {
		if sp, err := nixpath.ParseBase(e.Name()); err == nil {
			byHash[sp.HashPart()] = filepath.Join(string(dir), e.Name())
			hashes = append(hashes, sp.HashPart())
		}
	}
	s, err := refscan.NewScanner(hashes)
	if err != nil {
		return nil, err
	}
	s.Scan(data)
	var out []string
	for _, h := range s.Found() {
		out = append(out, byHash[h])
	}
	return out, nil
}

func putImported(ctx context.Context, st *store.Store, dir nixpath.StoreDir, node *castorev1.Node, size uint64, narSum [32]byte, refs []string, ca nixpath.ContentAddress) error {
	info := &storev1.PathInfo{Node: node, Narinfo: &storev1.NARInfo{NarSize: size, NarSha256: narSum[:], Ca: ca.Proto()}}
	for _, r := range refs {
		sp, err := dir.Parse(r)
		if err != nil {
			return err
		}
		info.References = append(info.References, sp.Hash[:])
		info.Narinfo.ReferenceNames = append(info.Narinfo.ReferenceNames, sp.Base())
	}
	_, err := st.PathInfos.Put(ctx, info)
	return err
}
