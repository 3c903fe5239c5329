package builder

import (
	"context"
	_ "crypto/md5" // fixed-output hash algorithms
	_ "crypto/sha1"
	_ "crypto/sha256"
	_ "crypto/sha512"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/nix-community/go-nix/pkg/nixhash"
	"github.com/p2pnix/tvix/proto/buildv1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/derivation"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
)

// hashPartLen is the length of a store path's nixbase32 hash part.
const hashPartLen = 32

// OutputRegistration is what RegisterOutputs needs besides the build.
type OutputRegistration struct {
	Store    *store.Store
	StoreDir nixpath.StoreDir
	DrvPath  string
	Drv      *derivation.Derivation
	// Inputs are the store paths of the build's input closure (base
	// names), the only paths besides the outputs an output may refer to.
	Inputs []string
	// SigningKey signs each PathInfo when not nil.
	SigningKey *nixsig.SecretKey

	// checkOnly compares the outputs with the stored ones instead of
	// registering them (Nix's --check).
	checkOnly bool
}

// RegisterOutputs turns a finished build of r.Drv into PathInfos and puts
// them into the store: references are the input closure paths and
// outputs whose hash parts the builder found; a fixed-output
// derivation's output must match its expected hash; allowedReferences,
// disallowedReferences, allowedRequisites and disallowedRequisites are
// enforced as Nix 2.8 does. Each PathInfo records the deriver, its NAR
// hash and size, and a signature by r.SigningKey. Nothing is put unless
// every output passes. A failed check returns a *Error (OutputRejected)
// worded as Nix words it. The result maps output names to PathInfos.
func RegisterOutputs(ctx context.Context, r OutputRegistration, b *buildv1.Build) (map[string]*storev1.PathInfo, error) {
	req := b.GetBuildRequest()
	if req == nil || len(b.Outputs) != len(req.Outputs) || len(b.OutputsNeedles) != len(req.Outputs) || len(b.OutputsNar) != len(req.Outputs) {
		return nil, fmt.Errorf("build result does not match its request: %w", store.ErrInvalid)
	}
	dir := r.StoreDir
	byHash := map[string]string{} // hash part -> base name
	for _, base := range r.Inputs {
		byHash[base[:hashPartLen]] = base
	}
	outputByBase := map[string]string{} // base name -> output name
	for name, o := range r.Drv.Outputs {
		sp, err := dir.Parse(o.Path)
		if err != nil {
			return nil, err
		}
		byHash[sp.HashPart()] = sp.Base()
		outputByBase[sp.Base()] = name
	}
	drvSP, err := dir.Parse(r.DrvPath)
	if err != nil {
		return nil, err
	}
	infos := map[string]*storev1.PathInfo{}
	for i, node := range b.Outputs {
		base := string(store.NodeName(node))
		name, ok := outputByBase[base]
		if !ok || req.Outputs[i] != strings.TrimPrefix(string(dir), "/")+"/"+base {
			return nil, fmt.Errorf("build returned output %q, which is not an output of %s: %w", base, r.DrvPath, store.ErrInvalid)
		}
		var refs []string
		for _, n := range b.OutputsNeedles[i].Needles {
			if n >= uint64(len(req.RefscanNeedles)) {
				return nil, fmt.Errorf("build result: needle index %d out of range: %w", n, store.ErrInvalid)
			}
			if ref, ok := byHash[req.RefscanNeedles[n]]; ok {
				refs = append(refs, ref)
			}
		}
		slices.Sort(refs)
		refs = slices.Compact(refs)
		narInfo := &storev1.NARInfo{
			NarSize:   b.OutputsNar[i].NarSize,
			NarSha256: b.OutputsNar[i].NarSha256,
			Deriver:   &storev1.StorePath{Name: r.Drv.Name, Digest: drvSP.Hash[:]},
		}
		info := &storev1.PathInfo{Node: node, Narinfo: narInfo}
		for _, ref := range refs {
			h, err := nixpath.ParseHashPart(ref[:hashPartLen])
			if err != nil {
				return nil, err
			}
			info.References = append(info.References, h[:])
			narInfo.ReferenceNames = append(narInfo.ReferenceNames, ref)
		}
		if o := r.Drv.Outputs[name]; o.IsFixed() {
			ca, err := checkFixedOutput(ctx, r, o, info)
			if err != nil {
				return nil, err
			}
			narInfo.Ca = ca.Proto()
		}
		infos[name] = info
	}
	if err := checkOutputCycles(r.DrvPath, infos); err != nil {
		return nil, err
	}
	if err := checkReferenceConstraints(ctx, r, infos); err != nil {
		return nil, err
	}
	if r.checkOnly {
		return infos, checkDeterministic(ctx, r, infos)
	}
	names := sortedKeys(infos)
	list := make([]*storev1.PathInfo, len(names))
	for i, name := range names {
		list[i] = infos[name]
		if r.SigningKey != nil {
			if err := nixsig.Sign(dir, *r.SigningKey, list[i]); err != nil {
				return nil, err
			}
		}
	}
	// All outputs in one commit where the store can (the local store).
	stored, err := store.PutPathInfos(ctx, r.Store.PathInfos, list)
	if err != nil {
		return nil, fmt.Errorf("registering the outputs of %s: %w", r.DrvPath, err)
	}
	for i, name := range names {
		infos[name] = stored[i]
	}
	return infos, nil
}

// checkFixedOutput verifies a fixed-output derivation's output against
// its expected hash and returns its content address.
func checkFixedOutput(ctx context.Context, r OutputRegistration, o derivation.Output, info *storev1.PathInfo) (nixpath.ContentAddress, error) {
	var ca nixpath.ContentAddress
	recursive := strings.HasPrefix(o.HashAlgo, "r:")
	algo, err := nixhash.ParseAlgorithm(strings.TrimPrefix(o.HashAlgo, "r:"))
	if err != nil {
		return ca, err
	}
	want, err := hex.DecodeString(o.Hash)
	if err != nil {
		return ca, fmt.Errorf("%s: bad output hash %q: %w", r.DrvPath, o.Hash, derivation.ErrInvalid)
	}
	if len(info.References) > 0 {
		return ca, Failed(OutputRejected, "fixed-output derivation '%s' produced output '%s' with references to other store paths:%s",
			r.DrvPath, o.Path, listPaths(r.StoreDir, info.Narinfo.ReferenceNames))
	}
	var got []byte
	switch {
	case recursive && algo == nixhash.SHA256:
		got = info.Narinfo.NarSha256
	case recursive:
		h := algo.Func().New()
		if _, err := nar.Write(ctx, h, r.Store.Blobs, r.Store.Directories, info.Node); err != nil {
			return ca, err
		}
		got = h.Sum(nil)
	default:
		f := info.Node.GetFile()
		if f == nil || f.Executable {
			return ca, Failed(OutputRejected, "output path '%s' should be a non-executable regular file since recursive hashing is not enabled (outputHashMode=flat)", o.Path)
		}
		d, err := store.DigestFromBytes(f.Digest)
		if err != nil {
			return ca, err
		}
		rd, err := r.Store.Blobs.Open(ctx, d)
		if err != nil {
			return ca, err
		}
		h := algo.Func().New()
		_, err = io.Copy(h, rd)
		rd.Close()
		if err != nil {
			return ca, err
		}
		got = h.Sum(nil)
	}
	wantH := nixhash.MustNewHash(algo, want)
	gotH := nixhash.MustNewHash(algo, got)
	if string(got) != string(want) {
		return ca, Failed(OutputRejected, "hash mismatch in fixed-output derivation '%s':\n  specified: %s\n     got:    %s",
			r.DrvPath, wantH.Format(nixhash.SRI, true), gotH.Format(nixhash.SRI, true))
	}
	ca.Method = nixpath.Flat
	if recursive {
		ca.Method = nixpath.Recursive
	}
	ca.Hash = gotH
	return ca, nil
}

func listPaths(dir nixpath.StoreDir, bases []string) string {
	var b strings.Builder
	for _, base := range bases {
		b.WriteString("\n  " + string(dir) + "/" + base)
	}
	return b.String()
}

// checkOutputCycles fails when outputs refer to each other in a cycle,
// which no order of registration can satisfy. Like Nix's topological
// sort it visits outputs by name, depth first, and names the first
// output found again on the current path and the one referring to it.
func checkOutputCycles(drvPath string, infos map[string]*storev1.PathInfo) error {
	byBase := map[string]string{}
	for name, info := range infos {
		byBase[string(store.NodeName(info.GetNode()))] = name
	}
	done := map[string]bool{}
	onPath := map[string]bool{}
	var visit func(name, parent string) error
	visit = func(name, parent string) error {
		if onPath[name] {
			return Failed(OutputRejected, "cycle detected in build of '%s' in the references of output '%s' from output '%s'", drvPath, name, parent)
		}
		if done[name] {
			return nil
		}
		onPath[name] = true
		self := string(store.NodeName(infos[name].GetNode()))
		for _, ref := range infos[name].GetNarinfo().GetReferenceNames() {
			if other, ok := byBase[ref]; ok && ref != self {
				if err := visit(other, name); err != nil {
					return err
				}
			}
		}
		delete(onPath, name)
		done[name] = true
		return nil
	}
	for _, name := range sortedKeys(infos) {
		if err := visit(name, ""); err != nil {
			return err
		}
	}
	return nil
}

// checkDeterministic compares rebuilt outputs with the stored ones.
func checkDeterministic(ctx context.Context, r OutputRegistration, infos map[string]*storev1.PathInfo) error {
	for _, name := range sortedKeys(infos) {
		info := infos[name]
		sp, err := nixpath.ParseBase(string(store.NodeName(info.GetNode())))
		if err != nil {
			return err
		}
		old, err := r.Store.PathInfos.Get(ctx, sp.Hash)
		if err != nil {
			return err
		}
		if string(old.GetNarinfo().GetNarSha256()) != string(info.GetNarinfo().GetNarSha256()) {
			return &OutputDiffers{
				Err:    Failed(OutputRejected, "derivation '%s' may not be deterministic: output '%s' differs", r.DrvPath, r.StoreDir.Absolute(sp)),
				Output: r.StoreDir.Absolute(sp), Stored: old.GetNode(), Rebuilt: info.GetNode(),
			}
		}
	}
	return nil
}
