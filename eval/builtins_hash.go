package eval

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

var errInvalidNix32 = errors.New("invalid nix32 digit or padding")

// hashSizes maps the hash algorithms Nix knows to their digest sizes.
var hashSizes = map[string]int{"md5": 16, "sha1": 20, "sha256": 32, "sha512": 64}

func init() {
	// convertHash { hash, toHashFormat, hashAlgo ? } (Nix 2.21+)
	// re-encodes a hash given in any format.
	register("convertHash", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		args := ev.forceAttrs(a[0], pos)
		hv := requiredAttr(args, "hash", "missing", pos)
		fv := requiredAttr(args, "toHashFormat", "missing", pos)
		algo := ""
		if av, ok := args.Get("hashAlgo"); ok {
			algo = ev.forceStr(av, pos).S
			if _, known := hashSizes[algo]; !known {
				unknownHashAlgo(algo, pos)
			}
		}
		algo, digest := parseAnyHash(ev.forceStr(hv, pos).S, algo, pos)
		switch format := ev.forceStr(fv, pos).S; format {
		case "base16":
			return MkStr(hex.EncodeToString(digest))
		case "nix32", "base32":
			if format == "base32" {
				fmt.Fprintln(ev.stderr, `warning: "base32" is a deprecated alias for hash format "nix32".`)
			}
			return MkStr(nixBase32(digest))
		case "base64":
			return MkStr(base64.StdEncoding.EncodeToString(digest))
		case "sri":
			return MkStr(algo + "-" + base64.StdEncoding.EncodeToString(digest))
		default:
			errorf(KindEval, pos, "unknown hash format '%s', expect 'base16', 'base32', 'base64', or 'sri'", format)
		}
		return nil
	})
}

// parseAnyHash parses s as Nix's Hash::parseAny does: an SRI hash
// ("sha256-<base64>"), a typed hash ("sha256:<base16|nix32|base64>") or,
// when algo is given, a bare one, its encoding told by its length. A type
// in s must agree with algo when both are given.
func parseAnyHash(s, algo string, pos Pos) (string, []byte) {
	rest, sri := s, false
	if i := strings.IndexByte(s, ':'); i >= 0 {
		rest = s[i+1:]
		algo = checkHashType(s, s[:i], algo, pos)
	} else if i := strings.IndexByte(s, '-'); i >= 0 {
		rest, sri = s[i+1:], true
		algo = checkHashType(s, s[:i], algo, pos)
	}
	if algo == "" {
		errorf(KindEval, pos, "hash '%s' does not include a type, nor is the type otherwise known from context", s)
	}
	size := hashSizes[algo]
	var digest []byte
	var err error
	switch {
	case sri:
		digest, err = base64.StdEncoding.DecodeString(rest)
	case len(rest) == 2*size:
		digest, err = hex.DecodeString(rest)
	case len(rest) == (size*8+4)/5:
		digest, err = nixBase32Decode(rest, size)
	case len(rest) == base64.StdEncoding.EncodedLen(size):
		digest, err = base64.StdEncoding.DecodeString(rest)
	default:
		errorf(KindEval, pos, "hash '%s' has wrong length for hash type '%s'", s, algo)
	}
	if err != nil || len(digest) != size {
		errorf(KindEval, pos, "invalid hash '%s'", s)
	}
	return algo, digest
}

// checkHashType returns the algorithm named by prefix, which must be known
// and agree with want when that is set.
func checkHashType(s, prefix, want string, pos Pos) string {
	if _, ok := hashSizes[prefix]; !ok {
		unknownHashAlgo(prefix, pos)
	}
	if want != "" && want != prefix {
		errorf(KindEval, pos, "hash '%s' should have type '%s'", s, want)
	}
	return prefix
}

// nixBase32Decode inverts nixBase32 for a digest of size bytes.
func nixBase32Decode(s string, size int) ([]byte, error) {
	out := make([]byte, size)
	n := len(s)
	for idx := 0; idx < n; idx++ {
		d := strings.IndexByte(nixBase32Chars, s[idx])
		if d < 0 {
			return nil, errInvalidNix32
		}
		bit := (n - 1 - idx) * 5
		j, k := bit/8, uint(bit%8)
		out[j] |= byte(d << k)
		carry := byte(d >> (8 - k))
		if j+1 < size {
			out[j+1] |= carry
		} else if carry != 0 {
			return nil, errInvalidNix32
		}
	}
	return out, nil
}
