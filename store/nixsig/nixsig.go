// Package nixsig signs and verifies store path metadata exactly as Nix
// does: ed25519 keys and signatures in Nix's "name:base64" text form (the
// format of nix-store --generate-binary-cache-key) over the fingerprint
// "1;<path>;sha256:<nixbase32 NAR hash>;<NAR size>;<refs, comma-separated>".
package nixsig

import (
	"crypto/rand"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/nix-community/go-nix/pkg/narinfo/signature"
	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store/nixpath"
)

// SecretKey is an ed25519 signing key with its name.
type SecretKey = signature.SecretKey

// PublicKey is an ed25519 verification key with its name.
type PublicKey = signature.PublicKey

// Signature is a named ed25519 signature.
type Signature = signature.Signature

// GenerateKey returns a new key pair named name, as
// nix-store --generate-binary-cache-key does.
func GenerateKey(name string) (SecretKey, PublicKey, error) {
	if name == "" || strings.Contains(name, ":") {
		return SecretKey{}, PublicKey{}, fmt.Errorf("key name %q: must be non-empty without ':'", name)
	}
	return signature.GenerateKeypair(name, rand.Reader)
}

// ParseSecretKey parses "name:base64(64-byte ed25519 key)". Surrounding
// white space (a trailing newline in a key file) is ignored.
func ParseSecretKey(s string) (SecretKey, error) {
	return signature.LoadSecretKey(strings.TrimSpace(s))
}

// ParsePublicKey parses "name:base64(32-byte ed25519 key)".
func ParsePublicKey(s string) (PublicKey, error) {
	return signature.ParsePublicKey(strings.TrimSpace(s))
}

// Fingerprint is the string Nix signs for a store path: absolute path,
// NAR sha256, NAR size and the absolute paths of the references in sorted
// order.
func Fingerprint(path string, narSHA256 []byte, narSize uint64, refs []string) string {
	sorted := append([]string(nil), refs...)
	sort.Strings(sorted)
	return "1;" + path + ";sha256:" + nixbase32.EncodeToString(narSHA256) + ";" +
		strconv.FormatUint(narSize, 10) + ";" + strings.Join(sorted, ",")
}

// PathInfoFingerprint computes the fingerprint of info under store
// directory dir. The store path is the root node's name and the
// references are info's reference_names.
func PathInfoFingerprint(dir nixpath.StoreDir, info *storev1.PathInfo) (string, error) {
	name, err := rootName(info)
	if err != nil {
		return "", err
	}
	ni := info.GetNarinfo()
	if len(ni.GetNarSha256()) != 32 {
		return "", fmt.Errorf("store path %s: NAR sha256 has %d bytes, want 32", name, len(ni.GetNarSha256()))
	}
	refs := make([]string, len(ni.GetReferenceNames()))
	for i, r := range ni.GetReferenceNames() {
		refs[i] = string(dir) + "/" + r
	}
	return Fingerprint(string(dir)+"/"+name, ni.GetNarSha256(), ni.GetNarSize(), refs), nil
}

func rootName(info *storev1.PathInfo) (string, error) {
	n := info.GetNode()
	var name []byte
	switch {
	case n.GetDirectory() != nil:
		name = n.GetDirectory().GetName()
	case n.GetFile() != nil:
		name = n.GetFile().GetName()
	case n.GetSymlink() != nil:
		name = n.GetSymlink().GetName()
	default:
		return "", fmt.Errorf("path info has no root node")
	}
	if _, err := nixpath.ParseBase(string(name)); err != nil {
		return "", err
	}
	return string(name), nil
}

// Sign adds sk's signature over info's fingerprint to info, replacing an
// earlier signature by a key of the same name.
func Sign(dir nixpath.StoreDir, sk SecretKey, info *storev1.PathInfo) error {
	fp, err := PathInfoFingerprint(dir, info)
	if err != nil {
		return err
	}
	sig, err := sk.Sign(nil, fp)
	if err != nil {
		return err
	}
	ni := info.GetNarinfo()
	sigs := ni.GetSignatures()[:0:0]
	for _, s := range ni.GetSignatures() {
		if s.GetName() != sig.Name {
			sigs = append(sigs, s)
		}
	}
	ni.Signatures = append(sigs, &storev1.NARInfo_Signature{Name: sig.Name, Data: sig.Data})
	return nil
}

// Verify returns the number of info's signatures that are valid under
// one of the trusted keys. Signatures by unknown keys are ignored.
func Verify(dir nixpath.StoreDir, trusted []PublicKey, info *storev1.PathInfo) (int, error) {
	fp, err := PathInfoFingerprint(dir, info)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range info.GetNarinfo().GetSignatures() {
		for _, k := range trusted {
			if k.Verify(fp, Signature{Name: s.GetName(), Data: s.GetData()}) {
				n++
				break
			}
		}
	}
	return n, nil
}

// FormatSignature renders a stored signature as "name:base64".
func FormatSignature(s *storev1.NARInfo_Signature) string {
	return Signature{Name: s.GetName(), Data: s.GetData()}.String()
}

// ParseSignature parses "name:base64(64-byte signature)".
func ParseSignature(s string) (*storev1.NARInfo_Signature, error) {
	sig, err := signature.ParseSignature(s)
	if err != nil {
		return nil, err
	}
	return &storev1.NARInfo_Signature{Name: sig.Name, Data: sig.Data}, nil
}
