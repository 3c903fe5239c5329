package repl

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/eval"
)

func TestREPL(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "lib.nix"), []byte(`{ answer = 42; nested = { alpha = 1; beta = 2; }; }`), 0o644); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	r := New(eval.New(context.Background(), eval.Options{}), &out)
	r.wd = dir
	for _, line := range []string{"x = 1 + 2", "x * 2", ":l lib.nix", "answer", ":t nested", ":p { a = [ (1 + 1) ]; }", "y ="} {
		if r.Line(line) {
			t.Fatalf("%q quit", line)
		}
	}
	want := "6\nAdded 2 variables.\n42\na set\n{ a = [ 2 ]; }\n"
	if got := out.String(); !strings.HasPrefix(got, want) || !strings.Contains(got[len(want):], "error:") {
		t.Fatalf("output:\n%s\nwant prefix:\n%s then an error", got, want)
	}
	if got := r.Complete("nested.al"); len(got) != 1 || got[0] != "nested.alpha" {
		t.Fatalf("Complete(nested.al) = %v", got)
	}
	if got := r.Complete("1 + ans"); len(got) != 1 || got[0] != "answer" {
		t.Fatalf("Complete(ans) = %v", got)
	}
	if got := r.Complete("builtins.attrNa"); len(got) != 1 || got[0] != "builtins.attrNames" {
		t.Fatalf("Complete(builtins.attrNa) = %v", got)
	}
	if !r.Line(":q") {
		t.Fatal(":q did not quit")
	}
}
