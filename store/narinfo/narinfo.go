// Package narinfo converts between PathInfo and the .narinfo text files
// of Nix binary caches ("StorePath: ...", "NarHash: ...", "Sig: ...").
// Rendering and parsing go through go-nix's narinfo package, whose field
// order and spelling are those of Nix 2.8; this package maps them onto
// the store's PathInfo and checks what go-nix leaves unchecked.
package narinfo

import (
	"fmt"
	"io"
	"sort"
	"strings"

	gonix "github.com/nix-community/go-nix/pkg/narinfo"
	"github.com/nix-community/go-nix/pkg/narinfo/signature"
	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/nix-community/go-nix/pkg/nixhash"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixpath"
)

// NARFile says where a binary cache serves a path's NAR and how it is
// compressed. FileHash is the sha256 of the file as served.
type NARFile struct {
	URL         string
	Compression string
	FileHash    []byte
	FileSize    uint64
}

// Uncompressed describes serving info's NAR as it is, at
// nar/<nixbase32 NAR sha256>.nar, as `nix copy --to file://...?compression=none` does.
func Uncompressed(info *storev1.PathInfo) NARFile {
	ni := info.GetNarinfo()
	return NARFile{
		URL:         "nar/" + nixbase32.EncodeToString(ni.GetNarSha256()) + ".nar",
		Compression: "none",
		FileHash:    ni.GetNarSha256(),
		FileSize:    ni.GetNarSize(),
	}
}

// Render returns the .narinfo text of info (whose root node names the
// store path) under store directory dir.
func Render(dir nixpath.StoreDir, info *storev1.PathInfo, f NARFile) (string, error) {
	ni := info.GetNarinfo()
	if len(ni.GetNarSha256()) != 32 {
		return "", fmt.Errorf("narinfo: NAR sha256 has %d bytes", len(ni.GetNarSha256()))
	}
	base := string(store.NodeName(info.GetNode()))
	if _, err := nixpath.ParseBase(base); err != nil {
		return "", fmt.Errorf("narinfo: %w", err)
	}
	out := gonix.NarInfo{
		StorePath:   string(dir) + "/" + base,
		URL:         f.URL,
		Compression: f.Compression,
		NarHash:     nixhash.MustNewHashWithEncoding(nixhash.SHA256, ni.GetNarSha256(), nixhash.NixBase32, true),
		NarSize:     ni.GetNarSize(),
		References:  append([]string(nil), ni.GetReferenceNames()...),
	}
	if f.FileHash != nil {
		h, err := nixhash.NewHashWithEncoding(nixhash.SHA256, f.FileHash, nixhash.NixBase32, true)
		if err != nil {
			return "", fmt.Errorf("narinfo %s: file hash: %w", base, err)
		}
		out.FileHash, out.FileSize = h, f.FileSize
	}
	sort.Strings(out.References)
	if d := ni.GetDeriver(); d != nil {
		var h [nixpath.HashSize]byte
		if len(d.GetDigest()) != len(h) {
			return "", fmt.Errorf("narinfo %s: deriver digest has %d bytes", base, len(d.GetDigest()))
		}
		copy(h[:], d.GetDigest())
		out.Deriver = nixpath.StorePath{Hash: h, Name: d.GetName()}.Base() + ".drv"
	}
	for _, s := range ni.GetSignatures() {
		out.Signatures = append(out.Signatures, signature.Signature{Name: s.GetName(), Data: s.GetData()})
	}
	if ni.GetCa() != nil {
		ca, err := nixpath.ContentAddressFromProto(ni.GetCa())
		if err != nil {
			return "", fmt.Errorf("narinfo %s: %w", base, err)
		}
		out.CA = ca.String()
	}
	return out.String(), nil
}

// Parsed is a .narinfo file read back: info has everything but the root
// node (a narinfo does not describe the content; set it with SetNode
// after ingesting the NAR).
type Parsed struct {
	StorePath nixpath.StorePath
	Info      *storev1.PathInfo
	File      NARFile
	System    string
}

// Parse reads a .narinfo file. input names r in errors.
func Parse(dir nixpath.StoreDir, r io.Reader, input string) (*Parsed, error) {
	fail := func(format string, args ...any) (*Parsed, error) {
		return nil, fmt.Errorf("%s: invalid narinfo: %s", input, fmt.Sprintf(format, args...))
	}
	n, err := gonix.Parse(r)
	if err != nil {
		return fail("%v", err)
	}
	sp, err := dir.Parse(n.StorePath)
	if err != nil {
		return fail("StorePath: %v", err)
	}
	if n.NarHash == nil || n.NarHash.Algo() != nixhash.SHA256 || len(n.NarHash.Digest()) != 32 {
		return fail("NarHash: missing or not a sha256")
	}
	p := &Parsed{
		StorePath: sp,
		File:      NARFile{URL: n.URL, Compression: n.Compression, FileSize: n.FileSize},
		System:    n.System,
		Info: &storev1.PathInfo{Narinfo: &storev1.NARInfo{
			NarSize:   n.NarSize,
			NarSha256: n.NarHash.Digest(),
		}},
	}
	if n.URL == "" {
		return fail("URL: missing")
	}
	if n.FileHash != nil {
		if n.FileHash.Algo() != nixhash.SHA256 || len(n.FileHash.Digest()) != 32 {
			return fail("FileHash: not a sha256")
		}
		p.File.FileHash = n.FileHash.Digest()
	}
	ni := p.Info.Narinfo
	for _, ref := range n.References {
		rp, err := nixpath.ParseBase(ref)
		if err != nil {
			return fail("References: %v", err)
		}
		p.Info.References = append(p.Info.References, rp.Hash[:])
		ni.ReferenceNames = append(ni.ReferenceNames, ref)
	}
	if n.Deriver != "" {
		name, ok := strings.CutSuffix(n.Deriver, ".drv")
		dp, err := nixpath.ParseBase(name)
		if !ok || err != nil {
			return fail("Deriver: %q is not a .drv store path", n.Deriver)
		}
		ni.Deriver = &storev1.StorePath{Name: dp.Name, Digest: dp.Hash[:]}
	}
	for _, s := range n.Signatures {
		ni.Signatures = append(ni.Signatures, &storev1.NARInfo_Signature{Name: s.Name, Data: s.Data})
	}
	if n.CA != "" {
		ca, err := nixpath.ParseContentAddress(n.CA)
		if err != nil {
			return fail("CA: %v", err)
		}
		ni.Ca = ca.Proto()
	}
	return p, nil
}

// SetNode sets the root node of p's PathInfo, naming it after the store
// path.
func (p *Parsed) SetNode(n *castorev1.Node) {
	nar.SetNodeName(n, []byte(p.StorePath.Base()))
	p.Info.Node = n
}
