// Package nixlocal moves store paths between a local C++ Nix store and
// ours through Nix's command-line tools: the closure from
// `nix-store --query --requisites`, the registration (NAR hash and size,
// deriver, references) from `nix-store --dump-db`, the content from
// `nix-store --dump`; the other way, a `nix-store --import` stream.
package nixlocal

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/nix-community/go-nix/pkg/nixhash"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixexport"
	"github.com/p2pnix/tvix/store/nixpath"
)

// Registration is what a Nix store's database says about a valid path.
type Registration struct {
	Path       nixpath.StorePath
	NarSHA256  [32]byte
	NarSize    uint64
	Deriver    *nixpath.StorePath // nil when unknown
	References []nixpath.StorePath
}

// run runs a Nix tool and returns its stdout; its stderr ends up in the
// error.
func run(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %s", strings.Join(args[:2], " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// Closure returns the given paths and everything they refer to, as
// nix-store --query --requisites lists them.
func Closure(ctx context.Context, paths []string) ([]string, error) {
	out, err := run(ctx, append([]string{"nix-store", "--query", "--requisites"}, paths...)...)
	if err != nil {
		return nil, err
	}
	return strings.Fields(string(out)), nil
}

// QueryRegistrations reads the registration of each path from the Nix
// database (nix-store --dump-db).
func QueryRegistrations(ctx context.Context, dir nixpath.StoreDir, paths []string) ([]Registration, error) {
	out, err := run(ctx, append([]string{"nix-store", "--dump-db"}, paths...)...)
	if err != nil {
		return nil, err
	}
	return ParseDumpDB(dir, out)
}

// ParseDumpDB parses nix-store --dump-db output: per path its absolute
// path, base16 NAR sha256, NAR size, deriver (empty line if none), the
// number of references and the references, one per line.
func ParseDumpDB(dir nixpath.StoreDir, b []byte) ([]Registration, error) {
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(b) == 0 {
		lines = nil
	}
	var regs []Registration
	i := 0
	next := func() (string, error) {
		if i >= len(lines) {
			return "", errors.New("nix-store --dump-db: output ends early")
		}
		i++
		return lines[i-1], nil
	}
	bad := func(what, s string, err error) error {
		return fmt.Errorf("nix-store --dump-db: line %d: %s %q: %v", i, what, s, err)
	}
	for i < len(lines) {
		var r Registration
		s, _ := next()
		sp, err := dir.Parse(s)
		if err != nil {
			return nil, bad("path", s, err)
		}
		r.Path = sp
		if s, err = next(); err != nil {
			return nil, err
		}
		h, err := hex.DecodeString(s)
		if err != nil || len(h) != 32 {
			return nil, bad("NAR hash", s, fmt.Errorf("not 64 hex digits"))
		}
		copy(r.NarSHA256[:], h)
		if s, err = next(); err != nil {
			return nil, err
		}
		if r.NarSize, err = strconv.ParseUint(s, 10, 64); err != nil {
			return nil, bad("NAR size", s, err)
		}
		if s, err = next(); err != nil {
			return nil, err
		}
		if s != "" {
			d, err := dir.Parse(s)
			if err != nil {
				return nil, bad("deriver", s, err)
			}
			r.Deriver = &d
		}
		if s, err = next(); err != nil {
			return nil, err
		}
		nrefs, err := strconv.Atoi(s)
		if err == nil && (nrefs < 0 || nrefs > len(lines)) {
			err = errors.New("out of range")
		}
		if err != nil {
			return nil, bad("reference count", s, err)
		}
		for range nrefs {
			if s, err = next(); err != nil {
				return nil, err
			}
			rp, err := dir.Parse(s)
			if err != nil {
				return nil, bad("reference", s, err)
			}
			r.References = append(r.References, rp)
		}
		regs = append(regs, r)
	}
	return regs, nil
}

// Import copies the closure of paths from the local Nix store into st and
// returns the PathInfos, references first. Each path's NAR is checked
// against the hash and size in Nix's database before its PathInfo is put;
// paths st already has with the same NAR hash are left alone.
func Import(ctx context.Context, st *store.Store, dir nixpath.StoreDir, paths []string) ([]*storev1.PathInfo, error) {
	closure, err := Closure(ctx, paths)
	if err != nil {
		return nil, err
	}
	regs, err := QueryRegistrations(ctx, dir, closure)
	if err != nil {
		return nil, err
	}
	infos := make([]*storev1.PathInfo, 0, len(regs))
	for _, r := range regs {
		infos = append(infos, pathInfo(dir, r))
	}
	infos = nixexport.SortReferencesFirst(infos)
	byName := map[string]Registration{}
	for _, r := range regs {
		byName[r.Path.Base()] = r
	}
	for i, info := range infos {
		r := byName[string(store.NodeName(info.GetNode()))]
		if old, err := st.PathInfos.Get(ctx, r.Path.Hash); err == nil && bytes.Equal(old.GetNarinfo().GetNarSha256(), r.NarSHA256[:]) {
			infos[i] = old
			continue
		}
		if infos[i], err = importOne(ctx, st, dir, r, info); err != nil {
			return nil, err
		}
	}
	return infos, nil
}

// pathInfo is the PathInfo of r without content (a placeholder root node
// carries the name until the NAR is ingested).
func pathInfo(dir nixpath.StoreDir, r Registration) *storev1.PathInfo {
	ni := &storev1.NARInfo{NarSize: r.NarSize, NarSha256: append([]byte(nil), r.NarSHA256[:]...)}
	info := &storev1.PathInfo{Narinfo: ni}
	for _, ref := range r.References {
		info.References = append(info.References, append([]byte(nil), ref.Hash[:]...))
		ni.ReferenceNames = append(ni.ReferenceNames, ref.Base())
	}
	if r.Deriver != nil {
		name, _ := strings.CutSuffix(r.Deriver.Name, ".drv")
		ni.Deriver = &storev1.StorePath{Name: name, Digest: append([]byte(nil), r.Deriver.Hash[:]...)}
	}
	info.Node = placeholderNode(r.Path.Base())
	return info
}

// importOne streams one path's NAR from nix-store --dump into st.
func importOne(ctx context.Context, st *store.Store, dir nixpath.StoreDir, r Registration, info *storev1.PathInfo) (*storev1.PathInfo, error) {
	abs := dir.Absolute(r.Path)
	cmd := exec.CommandContext(ctx, "nix-store", "--dump", abs)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("nix-store --dump %s: %w", abs, err)
	}
	node, size, sum, ierr := nar.Ingest(ctx, bufio.NewReaderSize(stdout, 1<<20), "nix-store --dump "+abs, st.Blobs, st.Directories, r.Path.Base())
	if ierr != nil {
		io.Copy(io.Discard, stdout)
	}
	werr := cmd.Wait()
	switch {
	case werr != nil:
		return nil, fmt.Errorf("nix-store --dump %s: %w: %s", abs, werr, strings.TrimSpace(stderr.String()))
	case ierr != nil:
		return nil, ierr
	case size != r.NarSize || sum != r.NarSHA256:
		return nil, fmt.Errorf("%s: its NAR (%d bytes) does not match the hash and size in Nix's database (%d bytes): %w", abs, size, r.NarSize, store.ErrCorrupt)
	}
	info.Node = node
	if ca := contentAddress(dir, r, abs); ca != nil {
		info.Narinfo.Ca = ca.Proto()
	}
	stored, err := st.PathInfos.Put(ctx, info)
	if err != nil {
		return nil, fmt.Errorf("registering %s: %w", abs, err)
	}
	return stored, nil
}

// contentAddress recognises the two kinds of content-addressed paths Nix
// makes without a build: nix-store --add (NAR hash, no references) and
// text files such as .drv (file hash, references); nil otherwise.
func contentAddress(dir nixpath.StoreDir, r Registration, abs string) *nixpath.ContentAddress {
	if len(r.References) == 0 {
		if sp, err := dir.MakeSourcePath(r.Path.Name, r.NarSHA256); err == nil && sp == r.Path {
			return &nixpath.ContentAddress{Method: nixpath.Recursive, Hash: nixhash.MustNewHash(nixhash.SHA256, r.NarSHA256[:])}
		}
	}
	fi, err := os.Lstat(abs)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > 16<<20 {
		return nil
	}
	b, err := os.ReadFile(abs)
	if err != nil {
		return nil
	}
	sum := sha256.Sum256(b)
	refs := make([]string, len(r.References))
	for i, ref := range r.References {
		refs[i] = dir.Absolute(ref)
	}
	if sp, err := dir.MakeTextPath(r.Path.Name, sum, refs); err == nil && sp == r.Path {
		return &nixpath.ContentAddress{Method: nixpath.Text, Hash: nixhash.MustNewHash(nixhash.SHA256, sum[:])}
	}
	return nil
}

// placeholderNode names a path whose content is not ingested yet.
func placeholderNode(name string) *castorev1.Node {
	return &castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: &castorev1.SymlinkNode{Name: []byte(name), Target: []byte("placeholder")}}}
}
