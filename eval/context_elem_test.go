package eval

import "testing"

func TestContextElemRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want ContextElem
	}{
		{"/nix/store/aaa-x", ContextElem{Kind: CtxPath, Path: "/nix/store/aaa-x"}},
		{"=/nix/store/aaa-x.drv", ContextElem{Kind: CtxAllOutputs, Path: "/nix/store/aaa-x.drv"}},
		{"!dev!/nix/store/aaa-x.drv", ContextElem{Kind: CtxOutput, Path: "/nix/store/aaa-x.drv", Output: "dev"}},
	} {
		got, err := ParseContextElem(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseContextElem(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
		if s := got.String(); s != tc.in {
			t.Errorf("String() = %q, want %q", s, tc.in)
		}
	}
	if _, err := ParseContextElem("!out/nix/store/aaa-x.drv"); err == nil {
		t.Error("an output element without its second '!' parsed")
	}
}
