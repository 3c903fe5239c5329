package nixpath

import (
	"fmt"
	"strings"

	"github.com/nix-community/go-nix/pkg/nixhash"
	"github.com/p2pnix/tvix/proto/storev1"
)

// ContentAddress is how a content-addressed store path was hashed, as in
// the "ca" field of narinfo files and `nix path-info --json`.
type ContentAddress struct {
	Method Method
	Hash   *nixhash.Hash
}

// String renders the content address as Nix does: "text:sha256:<b32>",
// "fixed:r:<algo>:<b32>" or "fixed:<algo>:<b32>".
func (ca ContentAddress) String() string {
	h := ca.Hash.Format(nixhash.NixBase32, true)
	switch ca.Method {
	case Text:
		return "text:" + h
	case Recursive:
		return "fixed:r:" + h
	default:
		return "fixed:" + h
	}
}

// ParseContentAddress parses the rendering of ContentAddress.String.
func ParseContentAddress(s string) (ContentAddress, error) {
	var ca ContentAddress
	var rest string
	switch {
	case strings.HasPrefix(s, "text:"):
		ca.Method, rest = Text, s[len("text:"):]
	case strings.HasPrefix(s, "fixed:r:"):
		ca.Method, rest = Recursive, s[len("fixed:r:"):]
	case strings.HasPrefix(s, "fixed:"):
		ca.Method, rest = Flat, s[len("fixed:"):]
	default:
		return ca, fmt.Errorf("content address %q: unknown method", s)
	}
	h, err := nixhash.ParseAny(rest, nil)
	if err != nil {
		return ca, fmt.Errorf("content address %q: %w", s, err)
	}
	if ca.Method == Text && h.Algo() != nixhash.SHA256 {
		return ca, fmt.Errorf("content address %q: text hashes must be sha256", s)
	}
	// go-nix checks only the encoded length; base64 can decode to more.
	if ca.Hash, err = nixhash.NewHash(h.Algo(), h.Digest()); err != nil {
		return ca, fmt.Errorf("content address %q: %d-byte digest for %v", s, len(h.Digest()), h.Algo())
	}
	return ca, nil
}

type caKind struct {
	method Method
	algo   nixhash.Algorithm
}

var caKinds = map[storev1.NARInfo_CA_Hash]caKind{
	storev1.NARInfo_CA_NAR_SHA256:  {Recursive, nixhash.SHA256},
	storev1.NARInfo_CA_NAR_SHA1:    {Recursive, nixhash.SHA1},
	storev1.NARInfo_CA_NAR_SHA512:  {Recursive, nixhash.SHA512},
	storev1.NARInfo_CA_NAR_MD5:     {Recursive, nixhash.MD5},
	storev1.NARInfo_CA_TEXT_SHA256: {Text, nixhash.SHA256},
	storev1.NARInfo_CA_FLAT_SHA1:   {Flat, nixhash.SHA1},
	storev1.NARInfo_CA_FLAT_MD5:    {Flat, nixhash.MD5},
	storev1.NARInfo_CA_FLAT_SHA256: {Flat, nixhash.SHA256},
	storev1.NARInfo_CA_FLAT_SHA512: {Flat, nixhash.SHA512},
}

// Proto converts ca to the NARInfo.CA message.
func (ca ContentAddress) Proto() *storev1.NARInfo_CA {
	for t, k := range caKinds {
		if k.method == ca.Method && k.algo == ca.Hash.Algo() {
			return &storev1.NARInfo_CA{Type: t, Digest: append([]byte(nil), ca.Hash.Digest()...)}
		}
	}
	panic(fmt.Sprintf("nixpath: no CA type for method %d algo %v", ca.Method, ca.Hash.Algo()))
}

// ContentAddressFromProto converts a NARInfo.CA message, checking the
// digest length.
func ContentAddressFromProto(m *storev1.NARInfo_CA) (ContentAddress, error) {
	k, ok := caKinds[m.GetType()]
	if !ok {
		return ContentAddress{}, fmt.Errorf("unknown CA type %d", m.GetType())
	}
	h, err := nixhash.NewHash(k.algo, m.GetDigest())
	if err != nil {
		return ContentAddress{}, fmt.Errorf("CA %v: %d-byte digest: %w", m.GetType(), len(m.GetDigest()), err)
	}
	return ContentAddress{Method: k.method, Hash: h}, nil
}
