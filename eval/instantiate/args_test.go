package instantiate

import (
	"context"
	"strings"
	"testing"
)

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

// TestNixConfig checks the settings taken from NIX_CONFIG, and that flags
// override them.
func TestNixConfig(t *testing.T) {
	t.Setenv("NIX_CONFIG", "experimental-features = nix-command flakes # a comment\nshow-trace = true\nmax-call-depth = 50")
	o, err := ParseArgs([]string{"f.nix"})
	if err != nil || !o.ShowTrace || o.MaxCallDepth != 50 {
		t.Fatalf("got %+v, %v", o, err)
	}
	if o, err = ParseArgs([]string{"--no-show-trace", "f.nix"}); err != nil || o.ShowTrace {
		t.Fatalf("--no-show-trace after NIX_CONFIG: %+v, %v", o, err)
	}
	for conf, want := range map[string]string{
		"show-trace = maybe": "Boolean setting 'show-trace' has invalid value 'maybe'",
		"show-trace":         "syntax error in configuration line 'show-trace' in 'NIX_CONFIG'",
	} {
		t.Setenv("NIX_CONFIG", conf)
		_, err := ParseArgs([]string{"f.nix"})
		if want += "\nTry 'nix-instantiate --help' for more information."; err == nil || err.Error() != want {
			t.Errorf("%q: got %v, want %q", conf, err, want)
		}
	}
}

// TestUsageErrorHint checks that what Nix raises as a usage error ends
// with nix-instantiate's help hint.
func TestUsageErrorHint(t *testing.T) {
	o, err := ParseArgs([]string{"--eval", "-E", `builtins.hashString "crc32" ""`})
	if err != nil {
		t.Fatal(err)
	}
	var out, stderr strings.Builder
	err = Run(context.Background(), o, nil, &out, &stderr)
	want := "error: unknown hash algorithm 'crc32', expect 'md5', 'sha1', 'sha256', or 'sha512'\nTry 'nix-instantiate --help' for more information."
	if err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Fatalf("got %v, want it to end with %q", err, want)
	}
}
