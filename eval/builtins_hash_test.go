package eval

import (
	"strings"
	"testing"
)

// Expected encodings come from Nix 2.8's nix-hash (--flat, --to-base32)
// and base64 of the same digests; Nix 2.8 itself has no convertHash.
func TestConvertHash(t *testing.T) {
	const (
		sha1Hex    = "a9993e364706816aba3e25717850c26c9cd0d89d"
		sha1Nix32  = "kpcd173cq987hw957sx6m0868wv3x6d9"
		sha1B64    = "qZk+NkcGgWq6PiVxeFDCbJzQ2J0="
		sha256Hex  = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
		sha256N32  = "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73"
		sha256B64  = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
		sha512Hex  = "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
		sha512N32  = "2gs8k559z4rlahfx0y688s49m2vvszylcikrfinm30ly9rak69236nkam5ydvly1ai7xac99vxfc4ii84hawjbk876blyk1jfhkbbyx"
		sha512B64  = "3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw=="
		md5EmptyHx = "d41d8cd98f00b204e9800998ecf8427e"
		md5EmptyN  = "3y8bwfr609h3lh9ch0izcqq7fl"
	)
	ok := []struct{ expr, want string }{
		{`{ hash = "` + sha256Hex + `"; hashAlgo = "sha256"; toHashFormat = "nix32"; }`, sha256N32},
		{`{ hash = "` + sha256Hex + `"; hashAlgo = "sha256"; toHashFormat = "base32"; }`, sha256N32},
		{`{ hash = "sha256:` + sha256N32 + `"; toHashFormat = "base16"; }`, sha256Hex},
		{`{ hash = "sha256-` + sha256B64 + `"; toHashFormat = "nix32"; }`, sha256N32},
		{`{ hash = "` + sha256B64 + `"; hashAlgo = "sha256"; toHashFormat = "sri"; }`, "sha256-" + sha256B64},
		{`{ hash = "sha1:` + sha1Hex + `"; toHashFormat = "base64"; }`, sha1B64},
		{`{ hash = "` + sha1Nix32 + `"; hashAlgo = "sha1"; toHashFormat = "base16"; }`, sha1Hex},
		{`{ hash = "` + sha512Hex + `"; hashAlgo = "sha512"; toHashFormat = "nix32"; }`, sha512N32},
		{`{ hash = "sha512:` + sha512N32 + `"; toHashFormat = "sri"; }`, "sha512-" + sha512B64},
		{`{ hash = "md5:` + md5EmptyN + `"; hashAlgo = "md5"; toHashFormat = "base16"; }`, md5EmptyHx},
	}
	for _, c := range ok {
		got, err := evalString(t, Options{}, "builtins.convertHash "+c.expr)
		if err != nil {
			t.Errorf("%s: %v", c.expr, err)
			continue
		}
		if want := `"` + c.want + `"`; got != want {
			t.Errorf("%s = %s, want %s", c.expr, got, want)
		}
	}
	bad := []struct{ expr, msg string }{
		{`{ hash = "` + sha256Hex + `"; toHashFormat = "nix32"; }`, "does not include a type"},
		{`{ hash = "sha1:` + sha1Hex + `"; hashAlgo = "sha256"; toHashFormat = "nix32"; }`, "should have type 'sha256'"},
		{`{ hash = "` + sha256Hex + `"; hashAlgo = "sha256"; toHashFormat = "hex"; }`, "unknown hash format 'hex'"},
		{`{ hash = "sha256:abc"; toHashFormat = "sri"; }`, "wrong length"},
		{`{ hash = "sha256:` + strings.Replace(sha256N32, "0", "e", 1) + `"; toHashFormat = "sri"; }`, "invalid hash"},
		{`{ hash = "sha256:` + strings.Replace(sha256N32, "0", "z", 1) + `"; toHashFormat = "sri"; }`, "invalid hash"},
		{`{ hash = "whirlpool:00"; toHashFormat = "sri"; }`, "unknown hash algorithm 'whirlpool'"},
		{`{ toHashFormat = "sri"; }`, "attribute 'hash' missing"},
	}
	for _, c := range bad {
		_, err := evalString(t, Options{}, "builtins.convertHash "+c.expr)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: error %v, want one containing %q", c.expr, err, c.msg)
		}
	}
}
