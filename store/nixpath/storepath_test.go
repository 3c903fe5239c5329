package nixpath

import (
	"errors"
	"strings"
	"testing"

	"github.com/nix-community/go-nix/pkg/nixhash"
	"github.com/p2pnix/tvix/proto/storev1"
)

func TestParseWithSub(t *testing.T) {
	const h = "fmddawaabs39wljwn6bz44sjlcf4fyb2"
	tests := []struct {
		in, name, sub string
		ok            bool
	}{
		{"/nix/store/" + h + "-t", "t", "", true},
		{"/nix/store/" + h + "-t/", "t", "", true},
		{"/nix/store/" + h + "-t/a/b", "t", "a/b", true},
		{"/nix/store/" + h + "-.dot", ".dot", "", true},
		{"/nix/store/" + h + "-t/../x", "", "", false},
		{"/nix/store/" + h, "", "", false},
		{"/nix/store/" + h + "-", "", "", false},
		{"/nix/store/" + h + "-a b", "", "", false},
		{"/nix/store/" + strings.Replace(h, "f", "e", 1) + "-t", "", "", false}, // 'e' is not nixbase32
		{"/nix/storex/" + h + "-t", "", "", false},
		{"nix/store/" + h + "-t", "", "", false},
		{"/nix/store/" + h + "-" + strings.Repeat("a", MaxNameLen+1), "", "", false},
	}
	for _, tt := range tests {
		p, sub, err := DefaultStoreDir.ParseWithSub(tt.in)
		if !tt.ok {
			if err == nil || !errors.Is(err, ErrInvalidPath) {
				t.Errorf("%q: err = %v, want ErrInvalidPath", tt.in, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if p.Name != tt.name || sub != tt.sub || p.HashPart() != h {
			t.Errorf("%q: got %s %q", tt.in, p.Base(), sub)
		}
	}
}

func TestContentAddressRoundTrip(t *testing.T) {
	for _, s := range []string{
		"fixed:r:sha256:0afwqsjfpxn15xwk4kbw1cr40714wwg621y2m7a965dr05mzr2yf",
		"fixed:sha1:0vm6bbb8v8gbqsnsq4x1z8dmk0il6jps",
		"text:sha256:0afwqsjfpxn15xwk4kbw1cr40714wwg621y2m7a965dr05mzr2yf",
	} {
		ca, err := ParseContentAddress(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if ca.String() != s {
			t.Errorf("String() = %s, want %s", ca.String(), s)
		}
		back, err := ContentAddressFromProto(ca.Proto())
		if err != nil || back.String() != s {
			t.Errorf("proto round trip of %s: %v %v", s, back, err)
		}
	}
	for _, bad := range []string{"fixed:", "text:sha1:0vm6bbb8v8gbqsnsq4x1z8dmk0il6jps", "nar:sha256:x", "fixed:r:sha256:abc"} {
		if _, err := ParseContentAddress(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	if _, err := ContentAddressFromProto(&storev1.NARInfo_CA{Type: storev1.NARInfo_CA_NAR_SHA256, Digest: make([]byte, 20)}); err == nil {
		t.Error("20-byte sha256 CA accepted")
	}
}

func TestFixedOutputRefsOnlyForRecursiveSHA256(t *testing.T) {
	h := nixhash.MustNewHash(nixhash.SHA1, make([]byte, 20))
	if _, err := DefaultStoreDir.MakeFixedOutputPath(Flat, h, "x", nil, true); err == nil {
		t.Error("flat path with self reference accepted")
	}
	if _, err := DefaultStoreDir.MakeTextPath("x", [32]byte{}, []string{"/nix/store/bad"}); err == nil {
		t.Error("invalid reference accepted")
	}
}
