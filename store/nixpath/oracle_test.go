package nixpath

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/nix-community/go-nix/pkg/nixhash"
	"github.com/p2pnix/tvix/internal/nixtest"
)

var update = flag.Bool("update", false, "record expected store paths from Nix into testdata")

const goldenFile = "testdata/oracle.json"

var recordOnce sync.Once

// oracleCase is one store path computation; expr is the Nix expression
// whose value is the expected path (evaluated with the store at dir).
type oracleCase struct {
	id      string
	dir     StoreDir
	expr    string
	compute func(t *testing.T) (StorePath, error)
}

// textCase describes builtins.toFile name (content + " ${ref}"...).
type textCase struct {
	name, content string
	refs          []*textCase
}

func (c *textCase) expr() string {
	var b strings.Builder
	fmt.Fprintf(&b, "(builtins.toFile %q (%q", c.name, c.content)
	for _, r := range c.refs {
		fmt.Fprintf(&b, " + \" ${%s}\"", r.expr())
	}
	b.WriteString("))")
	return b.String()
}

func (c *textCase) path(d StoreDir) (StorePath, error) {
	content := c.content
	var refs []string
	for _, r := range c.refs {
		p, err := r.path(d)
		if err != nil {
			return StorePath{}, err
		}
		content += " " + d.Absolute(p)
		refs = append(refs, d.Absolute(p))
	}
	return d.MakeTextPath(c.name, sha256.Sum256([]byte(content)), refs)
}

func oracleCases() []oracleCase {
	var cases []oracleCase
	dirs := []StoreDir{DefaultStoreDir, "/foo/store", "/a"}

	leaf := &textCase{name: "leaf", content: "hello"}
	other := &textCase{name: "other.txt", content: ""}
	mid := &textCase{name: "mid", content: "mid", refs: []*textCase{leaf}}
	texts := []*textCase{
		leaf, other, mid,
		{name: ".dot", content: "c"},
		{name: "n_=?+-.x", content: "unicode ☃ and\nnewline"},
		{name: "two-refs", content: "z", refs: []*textCase{other, leaf}},
		{name: "deep", content: "d", refs: []*textCase{mid, leaf}},
		{name: strings.Repeat("n", MaxNameLen), content: "long name"},
	}
	for _, d := range dirs {
		for i, tc := range texts {
			d, tc := d, tc
			cases = append(cases, oracleCase{
				id: fmt.Sprintf("text/%s/%d", d, i), dir: d, expr: tc.expr(),
				compute: func(*testing.T) (StorePath, error) { return tc.path(d) },
			})
		}
	}

	algos := map[string]func([]byte) []byte{
		"md5":    func(b []byte) []byte { s := md5.Sum(b); return s[:] },
		"sha1":   func(b []byte) []byte { s := sha1.Sum(b); return s[:] },
		"sha256": func(b []byte) []byte { s := sha256.Sum256(b); return s[:] },
		"sha512": func(b []byte) []byte { s := sha512.Sum512(b); return s[:] },
	}
	for _, d := range dirs {
		for _, algo := range []string{"md5", "sha1", "sha256", "sha512"} {
			for _, mode := range []string{"flat", "recursive"} {
				d, algo, mode := d, algo, mode
				digest := algos[algo]([]byte(algo + mode))
				name := "fo-" + algo + "-" + mode
				cases = append(cases, oracleCase{
					id: fmt.Sprintf("fixed/%s/%s/%s", d, algo, mode), dir: d,
					expr: fmt.Sprintf(`(derivation { name = %q; system = "x86_64-linux"; builder = "/bin/sh"; outputHashMode = %q; outputHashAlgo = %q; outputHash = %q; }).outPath`,
						name, mode, algo, hex.EncodeToString(digest)),
					compute: func(*testing.T) (StorePath, error) {
						a, _ := nixhash.ParseAlgorithm(algo)
						m := Flat
						if mode == "recursive" {
							m = Recursive
						}
						return d.MakeFixedOutputPath(m, nixhash.MustNewHash(a, digest), name, nil, false)
					},
				})
			}
		}
	}
	return cases
}

// sourceTrees are written to disk on -update; Nix's NAR hash and path for
// each are recorded.
var sourceTrees = map[string]map[string]string{
	"file":  {"": "content\n"},
	"empty": {"": ""},
	"tree":  {"a": "1", "sub/b": "2", "sub/c d": "3"},
	"x.y=z": {"f": "☃"},
}

type golden struct {
	Paths      map[string]string `json:"paths"`
	SourceNARs map[string]string `json:"sourceNARs"` // id -> sha256 nixbase32
}

func nixHash(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command(nixtest.RequireNix(t, "nix-hash"), "--type", "sha256", "--base32", path).Output()
	if err != nil {
		t.Fatalf("nix-hash %s: %v", path, err)
	}
	return strings.TrimSpace(string(out))
}

func recordGolden(t *testing.T) {
	nixtest.RequireNix(t, "nix-instantiate")
	g := golden{Paths: map[string]string{}, SourceNARs: map[string]string{}}
	for _, c := range oracleCases() {
		g.Paths[c.id] = nixtest.EvalInStoreDir(t, string(c.dir), c.expr)
	}
	for name, files := range sourceTrees {
		root := filepath.Join(t.TempDir(), name)
		writeTree(t, root, files)
		for _, d := range []StoreDir{DefaultStoreDir, "/foo/store"} {
			id := fmt.Sprintf("source/%s/%s", d, name)
			g.Paths[id] = nixtest.EvalInStoreDir(t, string(d), fmt.Sprintf("builtins.path { path = /. + %q; }", root))
		}
		g.SourceNARs[name] = nixHash(t, root)
	}
	b, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(goldenFile, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	if c, ok := files[""]; ok {
		if err := os.WriteFile(root, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for rel, c := range files {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func loadGolden(t *testing.T) golden {
	t.Helper()
	if *update {
		recordOnce.Do(func() { recordGolden(t) })
	}
	b, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatalf("%v (run go test -run Oracle -update with Nix installed)", err)
	}
	var g golden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

func TestOraclePaths(t *testing.T) {
	g := loadGolden(t)
	for _, c := range oracleCases() {
		want, ok := g.Paths[c.id]
		if !ok {
			t.Errorf("%s: no recorded value (run with -update)", c.id)
			continue
		}
		p, err := c.compute(t)
		if err != nil {
			t.Errorf("%s: %v", c.id, err)
			continue
		}
		if got := c.dir.Absolute(p); got != want {
			t.Errorf("%s: got %s, Nix says %s", c.id, got, want)
		}
	}
}

func TestOracleSourcePaths(t *testing.T) {
	g := loadGolden(t)
	for name := range sourceTrees {
		nar, err := nixbase32.DecodeString(g.SourceNARs[name])
		if err != nil || len(nar) != 32 {
			t.Fatalf("%s: bad recorded NAR hash %q", name, g.SourceNARs[name])
		}
		for _, d := range []StoreDir{DefaultStoreDir, "/foo/store"} {
			id := fmt.Sprintf("source/%s/%s", d, name)
			p, err := d.MakeSourcePath(name, [32]byte(nar))
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Absolute(p); got != g.Paths[id] {
				t.Errorf("%s: got %s, Nix says %s", id, got, g.Paths[id])
			}
		}
	}
}
