package nixdaemon

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/nix-community/go-nix/pkg/nixhash"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
)

// validPathInfo is Nix's ValidPathInfo as it travels on the wire.
type validPathInfo struct {
	Path             string
	Deriver          string // "" for none
	NarHash          string // base16 sha256, or any form Nix's Hash::parseAny reads
	References       []string
	RegistrationTime uint64
	NarSize          uint64
	Ultimate         bool
	Sigs             []string
	CA               string // "" for none
}

// readValidPathInfo reads the fields of a ValidPathInfo after its path,
// as AddToStoreNar and AddMultipleToStore send them.
func readUnkeyedPathInfo(d *decoder, vi *validPathInfo) {
	vi.Deriver = d.str("deriver")
	vi.NarHash = d.str("narHash")
	vi.References = d.strs("references")
	vi.RegistrationTime = d.u64("registrationTime")
	vi.NarSize = d.u64("narSize")
	vi.Ultimate = d.bool("ultimate")
	vi.Sigs = d.strs("sigs")
	vi.CA = d.str("ca")
}

// writeUnkeyedPathInfo writes info as QueryPathInfo answers (without the
// path), in the format of version v.
func writeUnkeyedPathInfo(e *encoder, v Version, dir nixpath.StoreDir, info *storev1.PathInfo) error {
	ni := info.GetNarinfo()
	deriver := ""
	if d := ni.GetDeriver(); d != nil {
		var h [nixpath.HashSize]byte
		copy(h[:], d.GetDigest())
		deriver = dir.Absolute(nixpath.StorePath{Hash: h, Name: d.GetName()}) + ".drv"
	}
	refs := make([]string, 0, len(ni.GetReferenceNames()))
	for _, r := range ni.GetReferenceNames() {
		refs = append(refs, string(dir)+"/"+r)
	}
	var sigs []string
	for _, s := range ni.GetSignatures() {
		sigs = append(sigs, nixsig.FormatSignature(s))
	}
	ca := ""
	if ni.GetCa() != nil {
		c, err := nixpath.ContentAddressFromProto(ni.GetCa())
		if err != nil {
			return err
		}
		ca = c.String()
	}
	e.str(deriver)
	e.str(hex.EncodeToString(ni.GetNarSha256()))
	e.set(refs)
	e.u64(0) // registration time: not kept
	e.u64(ni.GetNarSize())
	if v.AtLeast(16) {
		e.bool(false) // ultimate
		e.set(sigs)
		e.str(ca)
	}
	return nil
}

// toPathInfo checks vi and turns it into a PathInfo without a root node
// (the caller sets it once the NAR is stored). It returns the store path
// and the NAR's expected sha256.
func toPathInfo(dir nixpath.StoreDir, vi *validPathInfo) (*storev1.PathInfo, nixpath.StorePath, [32]byte, error) {
	var sum [32]byte
	sp, err := dir.Parse(vi.Path)
	if err != nil {
		return nil, sp, sum, fmt.Errorf("path '%s' is not a valid store path: %w", vi.Path, err)
	}
	algo := nixhash.SHA256
	h, err := nixhash.ParseAny(vi.NarHash, &algo)
	if err != nil || h.Algo() != nixhash.SHA256 {
		return nil, sp, sum, fmt.Errorf("path '%s': NAR hash %q is not a sha256 hash", vi.Path, vi.NarHash)
	}
	copy(sum[:], h.Digest())
	ni := &storev1.NARInfo{NarSize: vi.NarSize, NarSha256: sum[:]}
	info := &storev1.PathInfo{Narinfo: ni}
	for _, r := range vi.References {
		rp, err := dir.Parse(r)
		if err != nil {
			return nil, sp, sum, fmt.Errorf("path '%s': reference '%s': %w", vi.Path, r, err)
		}
		info.References = append(info.References, append([]byte(nil), rp.Hash[:]...))
		ni.ReferenceNames = append(ni.ReferenceNames, rp.Base())
	}
	if vi.Deriver != "" {
		dp, err := dir.Parse(vi.Deriver)
		if err != nil || !strings.HasSuffix(dp.Name, ".drv") {
			return nil, sp, sum, fmt.Errorf("path '%s': deriver '%s' is not a .drv store path", vi.Path, vi.Deriver)
		}
		ni.Deriver = &storev1.StorePath{Name: strings.TrimSuffix(dp.Name, ".drv"), Digest: append([]byte(nil), dp.Hash[:]...)}
	}
	for _, s := range vi.Sigs {
		sig, err := nixsig.ParseSignature(s)
		if err != nil {
			return nil, sp, sum, fmt.Errorf("path '%s': signature %q: %w", vi.Path, s, err)
		}
		ni.Signatures = append(ni.Signatures, sig)
	}
	if vi.CA != "" {
		ca, err := nixpath.ParseContentAddress(vi.CA)
		if err != nil {
			return nil, sp, sum, fmt.Errorf("path '%s': content address %q: %w", vi.Path, vi.CA, err)
		}
		ni.Ca = ca.Proto()
	}
	return info, sp, sum, nil
}

// lookup returns the PathInfo of the store path abs, or nil if it is not
// valid. A string that is not a store path is an error.
func (c *conn) lookup(ctx context.Context, abs string) (*storev1.PathInfo, error) {
	sp, err := c.parsePath(abs)
	if err != nil {
		return nil, err
	}
	return c.lookupPath(ctx, sp)
}

func (c *conn) lookupPath(ctx context.Context, sp nixpath.StorePath) (*storev1.PathInfo, error) {
	info, err := c.srv.cfg.Store.PathInfos.Get(ctx, sp.Hash)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if string(store.NodeName(info.GetNode())) != sp.Base() {
		return nil, nil // same hash, another name: not this path
	}
	return info, nil
}

func (c *conn) parsePath(abs string) (nixpath.StorePath, error) {
	sp, err := c.srv.cfg.StoreDir.Parse(abs)
	if err != nil {
		return sp, fmt.Errorf("path '%s' is not in the Nix store", abs)
	}
	return sp, nil
}
