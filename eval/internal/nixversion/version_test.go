package nixversion

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
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

func loadVersions(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("testdata/versions.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var vs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		v, err := strconv.Unquote(line)
		if err != nil {
			t.Fatalf("versions.txt: %q: %v", line, err)
		}
		vs = append(vs, v)
	}
	return vs
}

const nixExpr = `{ file }: let vs = builtins.fromJSON (builtins.readFile file); in {
  versions = vs;
  compare = map (a: map (b: builtins.compareVersions a b) vs) vs;
  split = map builtins.splitVersion vs;
  drvName = map builtins.parseDrvName vs;
}`

func record(t *testing.T, vs []string) {
	nix := nixtest.RequireNix(t, "nix-instantiate")
	in, err := json.Marshal(vs)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir() + "/versions.json"
	if err := os.WriteFile(tmp, in, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(nix, "--eval", "--strict", "--json", "-E", nixExpr, "--argstr", "file", tmp)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("nix-instantiate: %v: %s", err, stderr.String())
	}
	var g golden
	if err := json.Unmarshal(out, &g); err != nil {
		t.Fatal(err)
	}
	data, err := json.MarshalIndent(g, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(goldenFile, append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestAgainstNix(t *testing.T) {
	vs := loadVersions(t)
	if *update {
		record(t, vs)
	}
	data, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatalf("%v (run go test -update with Nix installed)", err)
	}
	var g golden
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
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
	f.Fuzz(func(t *testing.T, a, b string) {
		if x, y := Compare(a, b), Compare(b, a); x != -y {
			t.Fatalf("Compare(%q,%q)=%d but Compare(%q,%q)=%d", a, b, x, b, a, y)
		}
		if Compare(a, a) != 0 {
			t.Fatalf("Compare(%q,%q) != 0", a, a)
		}
	})
}
