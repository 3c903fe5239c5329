package instantiate

import "testing"

// TestParseArgsAsNix checks flags nix-instantiate 2.26 takes without
// effect here, and its words for one it does not know.
func TestParseArgsAsNix(t *testing.T) {
	o, err := ParseArgs([]string{"--impure", "--eval", "f.nix"})
	if err != nil || !o.EvalOnly || len(o.Files) != 1 {
		t.Fatalf("--impure: %+v, %v", o, err)
	}
	_, err = ParseArgs([]string{"--no-such-flag", "f.nix"})
	want := "unrecognised flag '--no-such-flag'\nTry 'nix-instantiate --help' for more information."
	if err == nil || err.Error() != want {
		t.Fatalf("unknown flag: %v, want %q", err, want)
	}
}
