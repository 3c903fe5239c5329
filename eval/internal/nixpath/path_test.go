package nixpath

import (
	"encoding/json"
	"flag"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/eval/internal/nixoracle"
)

var update = flag.Bool("update", false, "re-record testdata/nix.json by running nix-instantiate")

type answer struct {
	In       string `json:"in"`
	BaseName string `json:"baseNameOf"`
	Dir      string `json:"dirOf"`
	Canon    string `json:"toPath,omitempty"` // absolute inputs only
}

func record(t *testing.T, in []string) any {
	out, err := nixoracle.Instantiate(t, "--eval", "--strict", "--json", "-E", `map (s: {
	  "in" = s; baseNameOf = baseNameOf s; dirOf = dirOf s;
	} // (if builtins.substring 0 1 s == "/" then { toPath = builtins.toPath s; } else { })) (import `+nixoracle.StringListFile(t, in)+`)`)
	if err != nil {
		t.Fatal(err)
	}
	var answers []answer
	if err := json.Unmarshal(out, &answers); err != nil {
		t.Fatal(err)
	}
	return answers
}

func TestAgainstNix(t *testing.T) {
	in := nixoracle.QuotedStrings(t, "testdata/paths.txt")
	var answers []answer
	nixoracle.Golden(t, "testdata/nix.json", *update, func() any { return record(t, in) }, &answers)
	if len(answers) != len(in) {
		t.Fatal("testdata/nix.json is stale: run go test -update")
	}
	for i, a := range answers {
		s := in[i]
		if a.In != s {
			t.Fatal("testdata/nix.json is stale: run go test -update")
		}
		if got := BaseNameOf(s); got != a.BaseName {
			t.Errorf("BaseNameOf(%q) = %q, Nix gives %q", s, got, a.BaseName)
		}
		if got := DirOf(s); got != a.Dir {
			t.Errorf("DirOf(%q) = %q, Nix gives %q", s, got, a.Dir)
		}
		got, ok := Canon(s)
		if strings.HasPrefix(s, "/") != ok || got != a.Canon {
			t.Errorf("Canon(%q) = %q, %v; Nix's toPath gives %q", s, got, ok, a.Canon)
		}
	}
}

func TestJoin(t *testing.T) {
	for _, tc := range []struct{ dir, rel, want string }{
		{"/a/b", "c", "/a/b/c"}, {"/a/b", "../c", "/a/c"}, {"/a/b", ".", "/a/b"}, {"/", "..", "/"},
	} {
		if got, ok := Join(tc.dir, tc.rel); !ok || got != tc.want {
			t.Errorf("Join(%q, %q) = %q, %v; want %q", tc.dir, tc.rel, got, ok, tc.want)
		}
	}
}

func FuzzCanon(f *testing.F) {
	f.Add("/a/../b/./c//")
	for _, s := range nixoracle.QuotedStrings(f, "testdata/paths.txt") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := Canon(s)
		if !ok {
			return
		}
		if again, _ := Canon(c); again != c {
			t.Fatalf("Canon not idempotent: %q -> %q -> %q", s, c, again)
		}
		if c != "/" && (strings.HasSuffix(c, "/") || strings.Contains(c, "//") || strings.Contains(c+"/", "/./") || strings.Contains(c+"/", "/../")) {
			t.Fatalf("Canon(%q) = %q is not canonical", s, c)
		}
	})
}
