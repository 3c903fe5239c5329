package nixpath

import (
	"testing"
)

// FuzzParseWithSub checks that parsing never panics and that accepted
// store paths print back to their cleaned input.
func FuzzParseWithSub(f *testing.F) {
	for _, s := range []string{
		"/nix/store/fmddawaabs39wljwn6bz44sjlcf4fyb2-t",
		"/nix/store/fmddawaabs39wljwn6bz44sjlcf4fyb2-t/a/../b",
		"/nix/store/../etc/passwd",
		"/nix/store/fmddawaabs39wljwn6bz44sjlcf4fyb2-",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, sub, err := DefaultStoreDir.ParseWithSub(s)
		if err != nil {
			return
		}
		if err := ValidateName(p.Name); err != nil {
			t.Fatalf("%q: accepted invalid name: %v", s, err)
		}
		q, err := ParseBase(p.Base())
		if err != nil || q != p {
			t.Fatalf("%q: %s does not parse back: %v", s, p.Base(), err)
		}
		if len(sub) > 0 && (sub[0] == '/' || sub == ".." || len(sub) >= 3 && sub[:3] == "../") {
			t.Fatalf("%q: sub path %q leaves the store path", s, sub)
		}
	})
}

// FuzzContentAddress checks that accepted content addresses render back
// to the same string and survive the proto round trip.
func FuzzContentAddress(f *testing.F) {
	f.Add("fixed:r:sha256:0afwqsjfpxn15xwk4kbw1cr40714wwg621y2m7a965dr05mzr2yf")
	f.Add("text:sha256:0afwqsjfpxn15xwk4kbw1cr40714wwg621y2m7a965dr05mzr2yf")
	f.Add("fixed:md5:d41d8cd98f00b204e9800998ecf8427e")
	f.Fuzz(func(t *testing.T, s string) {
		ca, err := ParseContentAddress(s)
		if err != nil {
			return
		}
		back, err := ContentAddressFromProto(ca.Proto())
		if err != nil || back.String() != ca.String() {
			t.Fatalf("%q: proto round trip gave %v, %v", s, back, err)
		}
		again, err := ParseContentAddress(ca.String())
		if err != nil || again.String() != ca.String() {
			t.Fatalf("%q: %s does not parse back: %v", s, ca.String(), err)
		}
	})
}
