package derivation

import (
	"encoding/base64"
	"encoding/hex"
	"strings"

	"github.com/nix-community/go-nix/pkg/nixbase32"
)

// hashSize returns the digest size in bytes of a hash algorithm Nix knows.
func hashSize(algo string) (int, bool) {
	switch algo {
	case "md5":
		return 16, true
	case "sha1":
		return 20, true
	case "sha256":
		return 32, true
	case "sha512":
		return 64, true
	}
	return 0, false
}

// parseMethodAlgo parses an output's hashAlgo field: an algorithm name,
// prefixed with "r:" for recursive (NAR) hashing.
func parseMethodAlgo(s string) (recursive bool, size int, err error) {
	algo, recursive := strings.CutPrefix(s, "r:")
	size, ok := hashSize(algo)
	if !ok {
		return false, 0, errorf("unknown hash algorithm %q", s)
	}
	return recursive, size, nil
}

// FixedHash is the expected content hash of a fixed-output derivation's
// output.
type FixedHash struct {
	// Algo is "md5", "sha1", "sha256" or "sha512".
	Algo string
	// Digest is the raw digest, of the algorithm's size.
	Digest []byte
	// Recursive is set when the output is hashed as a NAR
	// (outputHashMode = "recursive") rather than as a flat file.
	Recursive bool
}

// MethodAlgo returns the output's hashAlgo field: Algo, prefixed with
// "r:" when Recursive.
func (h FixedHash) MethodAlgo() string {
	if h.Recursive {
		return "r:" + h.Algo
	}
	return h.Algo
}

// SRI returns the hash as "<algo>-<base64>", the form Nix prints in
// messages (for an empty outputHash Nix warns "found empty hash, assuming
// '<SRI>'").
func (h FixedHash) SRI() string {
	return h.Algo + "-" + base64.StdEncoding.EncodeToString(h.Digest)
}

// ParseFixedHash interprets a derivation's outputHash, outputHashAlgo and
// outputHashMode attributes as Nix 2.8's derivationStrict does. Pass "" for
// an absent outputHashAlgo and "flat" for an absent outputHashMode (an
// empty mode is an error, as in Nix).
//
// outputHash may be base16 (either case), nixbase32 or base64, optionally
// prefixed with "<algo>:", or an SRI hash "<algo>-<base64>". The algorithm
// comes from the prefix or from outputHashAlgo; if both are given they
// must agree. Like Nix, an unknown outputHashAlgo counts as absent, and an
// empty outputHash stands for the all-zero digest (Nix warns about it).
func ParseFixedHash(outputHash, outputHashAlgo, outputHashMode string) (FixedHash, error) {
	var h FixedHash
	switch outputHashMode {
	case "flat":
	case "recursive":
		h.Recursive = true
	default:
		return h, errorf("invalid value '%s' for 'outputHashMode' attribute", outputHashMode)
	}
	ctxAlgo := outputHashAlgo
	if _, ok := hashSize(ctxAlgo); !ok {
		ctxAlgo = ""
	}
	if outputHash == "" {
		if ctxAlgo == "" {
			return h, errorf("empty hash requires explicit hash type")
		}
		size, _ := hashSize(ctxAlgo)
		h.Algo, h.Digest = ctxAlgo, make([]byte, size)
		return h, nil
	}
	algo, digest, err := parseAnyHash(outputHash, ctxAlgo)
	if err != nil {
		return h, err
	}
	h.Algo, h.Digest = algo, digest
	return h, nil
}

// parseAnyHash is Nix's Hash::parseAny: it decodes s, whose algorithm is
// given by its prefix ("sha256:" or SRI "sha256-") or by ctxAlgo.
func parseAnyHash(s, ctxAlgo string) (string, []byte, error) {
	rest, sri := s, false
	prefix := ""
	if i := strings.IndexByte(rest, ':'); i >= 0 {
		prefix, rest = rest[:i], rest[i+1:]
	} else if i := strings.IndexByte(rest, '-'); i >= 0 {
		prefix, rest, sri = rest[:i], rest[i+1:], true
	}
	algo := ctxAlgo
	if prefix != "" || rest != s {
		if _, ok := hashSize(prefix); !ok {
			return "", nil, errorf("unknown hash algorithm '%s'", prefix)
		}
		if ctxAlgo != "" && ctxAlgo != prefix {
			return "", nil, errorf("hash '%s' should have type '%s'", s, ctxAlgo)
		}
		algo = prefix
	}
	if algo == "" {
		return "", nil, errorf("hash '%s' does not include a type, nor is the type otherwise known from context", rest)
	}
	size, _ := hashSize(algo)
	switch {
	case !sri && len(rest) == 2*size:
		d, err := hex.DecodeString(rest)
		if err != nil {
			return "", nil, errorf("invalid base-16 hash '%s'", s)
		}
		return algo, d, nil
	case !sri && len(rest) == nixbase32.EncodedLen(size):
		d := make([]byte, size)
		if _, err := nixbase32.Decode(d, []byte(rest)); err != nil {
			return "", nil, errorf("invalid base-32 hash '%s'", rest)
		}
		return algo, d, nil
	case sri || len(rest) == (4*size/3+3)&^3:
		d, bad := decodeBase64Lenient(rest)
		if bad >= 0 {
			return "", nil, errorf("invalid character in Base64 string: '%c'", rest[bad])
		}
		if len(d) != size {
			kind := "base-64"
			if sri {
				kind = "SRI"
			}
			return "", nil, errorf("invalid %s hash '%s'", kind, rest)
		}
		return algo, d, nil
	}
	return "", nil, errorf("hash '%s' has wrong length for hash type '%s'", rest, algo)
}

// decodeBase64Lenient decodes standard base64 as Nix's base64Decode does:
// decoding stops at the first '=', newlines are skipped, and leftover
// bits are dropped. It returns the offset of the first invalid
// character, or -1.
func decodeBase64Lenient(s string) ([]byte, int) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	out := make([]byte, 0, len(s)*3/4)
	var acc uint32
	bits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '=' {
			break
		}
		if c == '\n' {
			continue
		}
		v := strings.IndexByte(alphabet, c)
		if v < 0 {
			return nil, i
		}
		acc = acc<<6 | uint32(v)
		bits += 6
		if bits >= 8 {
			bits -= 8
			out = append(out, byte(acc>>bits))
		}
	}
	return out, -1
}
