package nixversion

import (
	"encoding/json"
	"flag"
	"os"
	"reflect"
	"testing"

	"github.com/p2pnix/tvix/eval/internal/nixoracle"
)

var update = flag.Bool("update", false, "re-record testdata/nix.json by running nix-instantiate")

const goldenFile = "testdata/nix.json"

// golden is what Nix answered for the versions in testdata/versions.txt.
type golden struct {
	Versions []string            `json:"versions"`
	Compare  [][]int             `json:"compare"` // Compare[i][j] = compareVersions v[i] v[j]
	Split    [][]string          `json:"split"`
	DrvName  []map[string]string `json:"drvName"`
}

const nixExpr = `{ file }: let vs = builtins.fromJSON (builtins.readFile file); in {
  versions = vs;
  compare = map (a: map (b: builtins.compareVersions a b) vs) vs;
  split = map builtins.splitVersion vs;
  drvName = map builtins.parseDrvName vs;
}`

func record(t *testing.T, vs []string) {
	in, err := json.Marshal(vs)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir() + "/versions.json"
	if err := os.WriteFile(tmp, in, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := nixoracle.Instantiate(t, "--eval", "--strict", "--json", "-E", nixExpr, "--argstr", "file", tmp)
	if err != nil {
		t.Fatal(err)
	}
	var g golden
	if err := json.Unmarshal(out, &g); err != nil {
		t.Fatal(err)
	}
	nixoracle.WriteGolden(t, goldenFile, g)
}

func TestAgainstNix(t *testing.T) {
	vs := nixoracle.QuotedStrings(t, "testdata/versions.txt")
	if *update {
		record(t, vs)
	}
	var g golden
	nixoracle.ReadGolden(t, goldenFile, &g)
	if !reflect.DeepEqual(g.Versions, vs) {
		t.Fatal("testdata/nix.json is stale: run go test -update")
	}
	for i, a := range vs {
		for j, b := range vs {
			if got := Compare(a, b); got != g.Compare[i][j] {
				t.Errorf("Compare(%q, %q) = %d, Nix says %d", a, b, got, g.Compare[i][j])
			}
		}
		got := Split(a)
		if got == nil {
			got = []string{}
		}
		if !reflect.DeepEqual(got, g.Split[i]) {
			t.Errorf("Split(%q) = %q, Nix says %q", a, got, g.Split[i])
		}
		name, version := ParseDrvName(a)
		if name != g.DrvName[i]["name"] || version != g.DrvName[i]["version"] {
			t.Errorf("ParseDrvName(%q) = %q, %q; Nix says %q", a, name, version, g.DrvName[i])
		}
	}
}

func FuzzCompare(f *testing.F) {
	f.Add("1.0pre1", "1.0")
	f.Add("2.3a", "2.3.1")
	// Neighbours in the list Nix answered for.
	vs := nixoracle.QuotedStrings(f, "testdata/versions.txt")
	for i := 1; i < len(vs); i++ {
		f.Add(vs[i-1], vs[i])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if x, y := Compare(a, b), Compare(b, a); x != -y {
			t.Fatalf("Compare(%q,%q)=%d but Compare(%q,%q)=%d", a, b, x, b, a, y)
		}
		if Compare(a, a) != 0 {
			t.Fatalf("Compare(%q,%q) != 0", a, a)
		}
	})
}
