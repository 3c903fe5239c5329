package syntax

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
)

// attrPos is one entry of a .pos.json golden file: an attribute (name or
// outer.inner) and the position unsafeGetAttrPos gives it in Nix.
type attrPos struct {
	Name string `json:"name"`
	Pos  struct {
		Line   int `json:"line"`
		Column int `json:"column"`
	} `json:"pos"`
}

// posExpr lists the positions of the attributes of the set a file
// evaluates to, and of the sets among its values.
const posExpr = `file: let
  s = import file;
  pos = set: map (n: { name = n; pos = builtins.unsafeGetAttrPos n set; }) (builtins.attrNames set);
in pos s ++ builtins.concatMap (n: let v = s.${n}; in
  if builtins.isAttrs v then map (p: p // { name = n + "." + p.name; }) (pos v) else [ ]) (builtins.attrNames s)`

func recordPositions(t *testing.T, file string) []byte {
	nix := nixtest.RequireNix(t, "nix-instantiate")
	cmd := exec.Command(nix, "--eval", "--strict", "--json", "-E", "("+posExpr+") "+file)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", file, err, stderr.String())
	}
	var list []attrPos
	if err := json.Unmarshal(out, &list); err != nil {
		t.Fatal(err)
	}
	data, err := json.MarshalIndent(list, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return append(data, '\n')
}

// ourPositions computes the same list from our AST.
func ourPositions(e Expr) []attrPos {
	for {
		l, ok := e.(*Let)
		if !ok {
			break
		}
		e = l.Body
	}
	set, ok := e.(*AttrSet)
	if !ok {
		return nil
	}
	var out []attrPos
	add := func(name string, p Pos) {
		var ap attrPos
		ap.Name, ap.Pos.Line, ap.Pos.Column = name, int(p.Line), int(p.Col)
		out = append(out, ap)
	}
	for _, a := range set.Attrs {
		add(a.Name, a.P)
	}
	for _, a := range set.Attrs {
		if inner, ok := a.Value.(*AttrSet); ok {
			for _, b := range inner.Attrs {
				add(a.Name+"."+b.Name, b.P)
			}
		}
	}
	return out
}

// TestAttrPositions compares the positions of attributes with those
// Nix's unsafeGetAttrPos reports (testdata/pos/*.pos.json, recorded with
// -update).
func TestAttrPositions(t *testing.T) {
	files, err := filepath.Glob("testdata/pos/*.nix")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	for _, f := range files {
		golden := strings.TrimSuffix(f, ".nix") + ".pos.json"
		if *update {
			abs, err := filepath.Abs(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, recordPositions(t, abs), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("no golden file (run with -update): %v", err)
			}
			var want []attrPos
			if err := json.Unmarshal(data, &want); err != nil {
				t.Fatal(err)
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			e, err := ParseFile(f, src)
			if err != nil {
				t.Fatal(detail(err))
			}
			got := ourPositions(e)
			if len(got) != len(want) {
				t.Fatalf("got %d attributes, Nix has %d:\n got %+v\nwant %+v", len(got), len(want), got, want)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("attribute %s at %d:%d, Nix says %s at %d:%d", got[i].Name, got[i].Pos.Line, got[i].Pos.Column,
						want[i].Name, want[i].Pos.Line, want[i].Pos.Column)
				}
			}
		})
	}
}
