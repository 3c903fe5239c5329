package pathinfo

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
)

// JSON is one element of `nix path-info --json`, with the fields in Nix's
// order; optional ones are left out when empty, as Nix does.
type JSON struct {
	Path       string   `json:"path"`
	NarHash    string   `json:"narHash"`
	NarSize    uint64   `json:"narSize"`
	References []string `json:"references"`
	CA         string   `json:"ca,omitempty"`
	Deriver    string   `json:"deriver,omitempty"`
	Signatures []string `json:"signatures,omitempty"`
}

// ToJSON describes info as nix path-info --json does.
func ToJSON(dir nixpath.StoreDir, info *storev1.PathInfo) (JSON, error) {
	ni := info.GetNarinfo()
	o := JSON{
		Path:       StorePath(dir, info),
		NarHash:    "sha256-" + base64.StdEncoding.EncodeToString(ni.GetNarSha256()),
		NarSize:    ni.GetNarSize(),
		References: []string{},
	}
	for _, r := range ni.GetReferenceNames() {
		o.References = append(o.References, string(dir)+"/"+r)
	}
	sort.Strings(o.References)
	if ni.GetCa() != nil {
		ca, err := nixpath.ContentAddressFromProto(ni.GetCa())
		if err != nil {
			return o, fmt.Errorf("%s: %w", o.Path, err)
		}
		o.CA = ca.String()
	}
	if d := ni.GetDeriver(); d != nil {
		var h [nixpath.HashSize]byte
		copy(h[:], d.GetDigest())
		o.Deriver = dir.Absolute(nixpath.StorePath{Hash: h, Name: d.GetName()}) + ".drv"
	}
	for _, s := range ni.GetSignatures() {
		o.Signatures = append(o.Signatures, nixsig.FormatSignature(s))
	}
	return o, nil
}

// MarshalJSON encodes infos as the JSON array nix path-info --json
// prints (without its final newline).
func MarshalJSON(dir nixpath.StoreDir, infos []*storev1.PathInfo) ([]byte, error) {
	list := make([]JSON, len(infos))
	for i, info := range infos {
		var err error
		if list[i], err = ToJSON(dir, info); err != nil {
			return nil, err
		}
	}
	return json.Marshal(list)
}
