package syntax

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse checks that no input makes the parser panic or hang, that
// errors carry positions inside the input, and that every successfully
// parsed expression can be printed. The seed corpus is the differential
// corpus plus testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/parse/*.nix")
	for _, name := range files {
		if src, err := os.ReadFile(name); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		e, err := Parse("fuzz.nix", src, Options{BaseDir: "/base", HomeDir: "/home"})
		if err != nil {
			list, ok := err.(ErrorList)
			if !ok || len(list) == 0 {
				t.Fatalf("error %T %v is not a non-empty ErrorList", err, err)
			}
			for _, e := range list {
				if e.Pos.Line < 1 || e.Pos.Col < 1 || int(e.Pos.Offset) > len(src) {
					t.Fatalf("error with bad position %+v: %v", e.Pos, e)
				}
			}
			return
		}
		if e == nil {
			t.Fatal("no expression and no error")
		}
		_ = String(e)
	})
}

// TestDeepNesting checks that deep input gives an error instead of a
// stack overflow, and that input as deep as Nix accepts still parses.
func TestDeepNesting(t *testing.T) {
	for _, tc := range []struct {
		open, mid, close string
		n                int
		ok               bool
	}{
		{"(", "1", ")", 9000, true},
		{"(", "1", ")", 200000, false},
		{"[", "1", "]", 200000, false},
		{"{a=", "1", ";}", 200000, false},
		{"x: ", "1", "", 200000, false},
		{"-", "1", "", 200000, false},
		{"!", "true", "", 200000, false},
		{"[1] ++ ", "[1]", "", 200000, false},
		{"\"${", "1", "}\"", 200000, false},
		{"a.b or ", "1", "", 200000, false},
		{"if true then 1 else ", "1", "", 200000, false},
	} {
		src := strings.Repeat(tc.open, tc.n) + tc.mid + strings.Repeat(tc.close, tc.n)
		_, err := Parse("deep.nix", []byte(src), Options{BaseDir: "/"})
		switch {
		case tc.ok && err != nil:
			t.Errorf("%q x %d: %v", tc.open, tc.n, err)
		case !tc.ok && (err == nil || !strings.Contains(err.Error(), "nested too deeply")):
			t.Errorf("%q x %d: error %v, want nesting error", tc.open, tc.n, err)
		}
	}
}

// TestLongChains checks that long left-associative chains and long lists
// parse without counting as nesting.
func TestLongChains(t *testing.T) {
	for _, src := range []string{
		"1" + strings.Repeat(" + 1", 100000),
		"f" + strings.Repeat(" x", 100000),
		"x" + strings.Repeat(".a", 100000),
		"[" + strings.Repeat(" 1", 100000) + "]",
		"{" + strings.Repeat(" a.b.c = 1;", 1) + strings.Repeat(" a.b.d = 1;", 1) + "}",
	} {
		if _, err := Parse("long.nix", []byte(src), Options{BaseDir: "/"}); err != nil {
			t.Errorf("%.40q…: %v", src, err)
		}
	}
}
