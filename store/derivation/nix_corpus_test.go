package derivation

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
)

var update = flag.Bool("update", false, "re-record testdata/golden from nix-instantiate (needs Nix 2.8 and root)")

// oracleStores are the store directories the corpus is recorded for: the
// default one, and another to check that nothing assumes /nix/store.
var oracleStores = []struct{ tag, dir, state string }{
	{"nix-store", "/nix/store", ""},
	{"alt-store", "/tmp/tvix-derivation-oracle/store", "/tmp/tvix-derivation-oracle/state"},
}

// goldenCase is one expression of testdata/exprs as Nix instantiated it:
// the drv paths nix-instantiate printed and the bytes of every .drv in
// their closure.
type goldenCase struct {
	storeDir string
	roots    []string
	drvs     map[string][]byte
	showJSON []byte
}

func corpusExprs(t *testing.T) []string {
	t.Helper()
	exprs, err := filepath.Glob("testdata/exprs/*.nix")
	if err != nil {
		t.Fatal(err)
	}
	exprs = slices.DeleteFunc(exprs, func(p string) bool { return filepath.Base(p) == "lib.nix" })
	if len(exprs) == 0 {
		t.Fatal("no expressions in testdata/exprs")
	}
	return exprs
}

func goldenPath(tag, expr string) string {
	return filepath.Join("testdata", "golden", tag, strings.TrimSuffix(filepath.Base(expr), ".nix"))
}

// experimentalFeatures are enabled for every Nix run, so that the corpus
// can hold content-addressed and impure derivations.
const experimentalFeatures = "nix-command ca-derivations impure-derivations"

// runNix runs a Nix tool against the given store directory.
func runNix(t *testing.T, storeDir, state string, tool string, args ...string) []byte {
	t.Helper()
	args = append([]string{"--extra-experimental-features", experimentalFeatures}, args...)
	cmd := exec.Command(nixtest.RequireNix(t, tool), args...)
	cmd.Env = os.Environ()
	if state != "" {
		cmd.Env = append(cmd.Env, "NIX_STORE_DIR="+storeDir, "NIX_STATE_DIR="+state, "NIX_LOG_DIR="+state+"/log")
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", tool, strings.Join(args, " "), err, stderr.String())
	}
	return out
}

func recordGolden(t *testing.T) {
	nixtest.RequireRoot(t)
	version := strings.TrimSpace(string(runNix(t, "", "", "nix-instantiate", "--version")))
	for _, st := range oracleStores {
		for _, expr := range corpusExprs(t) {
			var roots []string
			for _, line := range strings.Fields(string(runNix(t, st.dir, st.state, "nix-instantiate", "--quiet", expr))) {
				root, _, _ := strings.Cut(line, "!")
				roots = append(roots, root)
			}
			var drvs []string
			for _, p := range strings.Fields(string(runNix(t, st.dir, st.state, "nix-store", append([]string{"-qR"}, roots...)...))) {
				if strings.HasSuffix(p, ".drv") {
					drvs = append(drvs, p)
				}
			}
			slices.Sort(drvs)
			var b bytes.Buffer
			fmt.Fprintf(&b, "# recorded from %s by `go test ./store/derivation -update`; do not edit\n", version)
			fmt.Fprintf(&b, "storedir %s\n", st.dir)
			for _, r := range roots {
				fmt.Fprintf(&b, "root %s\n", r)
			}
			for _, p := range drvs {
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if bytes.ContainsRune(data, '\n') {
					t.Fatalf("%s contains a newline", p)
				}
				fmt.Fprintf(&b, "drv %s\n%s\n", p, data)
			}
			show := runNix(t, st.dir, st.state, "nix", append([]string{"show-derivation"}, drvs...)...)
			base := goldenPath(st.tag, expr)
			if err := os.MkdirAll(filepath.Dir(base), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(base+".golden", b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(base+".show.json", show, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func loadGolden(t *testing.T, tag, expr string) goldenCase {
	t.Helper()
	base := goldenPath(tag, expr)
	data, err := os.ReadFile(base + ".golden")
	if err != nil {
		t.Fatalf("%v (run go test -update as root with Nix 2.8 installed)", err)
	}
	g := goldenCase{drvs: map[string][]byte{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "storedir "):
			g.storeDir = strings.TrimPrefix(line, "storedir ")
		case strings.HasPrefix(line, "root "):
			g.roots = append(g.roots, strings.TrimPrefix(line, "root "))
		case strings.HasPrefix(line, "drv "):
			p := strings.TrimPrefix(line, "drv ")
			if !sc.Scan() {
				t.Fatalf("%s: %s has no contents", base, p)
			}
			g.drvs[p] = slices.Clone(sc.Bytes())
		default:
			t.Fatalf("%s: unexpected line %q", base, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if g.showJSON, err = os.ReadFile(base + ".show.json"); err != nil {
		t.Fatal(err)
	}
	if g.storeDir == "" || len(g.roots) == 0 || len(g.drvs) == 0 {
		t.Fatalf("%s: incomplete golden file", base)
	}
	return g
}

// TestNixCorpus checks every derivation Nix 2.8 instantiated from
// testdata/exprs: parsing and re-serialising gives the same bytes, and the
// drv path and every output path recomputed from the parsed derivation
// (with hashDerivationModulo over the recorded closure) are Nix's. It also
// re-instantiates each derivation from its attributes, as derivationStrict
// will, and renders the closure as `nix show-derivation` does.
func TestNixCorpus(t *testing.T) {
	if *update {
		recordGolden(t)
	}
	total := 0
	for _, st := range oracleStores {
		for _, expr := range corpusExprs(t) {
			t.Run(st.tag+"/"+filepath.Base(expr), func(t *testing.T) {
				g := loadGolden(t, st.tag, expr)
				if g.storeDir != st.dir {
					t.Fatalf("golden store dir %q, want %q", g.storeDir, st.dir)
				}
				total += checkGolden(t, g)
			})
		}
	}
	t.Logf("%d Nix-recorded derivations checked", total)
}

func checkGolden(t *testing.T, g goldenCase) int {
	h, err := NewHasher(g.storeDir)
	if err != nil {
		t.Fatal(err)
	}
	parsed := map[string]*Derivation{}
	for p, data := range g.drvs {
		d, err := ParseATerm(p, data)
		if err != nil {
			t.Fatalf("parse: %v", err)
		}
		name, err := NameFromDrvPath(p)
		if err != nil {
			t.Fatal(err)
		}
		if d.Name != name {
			t.Errorf("%s: name from env %q, from path %q", p, d.Name, name)
		}
		if got := d.ATerm(); !bytes.Equal(got, data) {
			t.Errorf("%s: re-serialised ATerm differs\n got: %s\nwant: %s", p, got, data)
		}
		parsed[p] = d
	}
	memo := map[string]ModuloHash{}
	lookup := ClosureLookup(h, func(p string) (*Derivation, error) {
		d, ok := parsed[p]
		if !ok {
			return nil, fmt.Errorf("%s not in the recorded closure", p)
		}
		return d, nil
	}, memo)
	for p, d := range parsed {
		got, err := h.DrvPath(d)
		if err != nil || got != p {
			t.Errorf("drv path: got %q, %v; want %q", got, err, p)
		}
		if unknownOutputPaths(d, parsed) {
			if _, err := h.OutputPaths(d, lookup); err == nil {
				t.Errorf("%s: output paths computed for a derivation whose paths Nix leaves open", p)
			}
			continue
		}
		if err := h.Verify(p, d, lookup); err != nil {
			t.Errorf("verify: %v", err)
		}
		outs, err := h.OutputPaths(d, lookup)
		if err != nil {
			t.Errorf("%s: output paths: %v", p, err)
			continue
		}
		for name, o := range d.Outputs {
			if outs[name] != o.Path {
				t.Errorf("%s: output %s: computed %s, Nix %s", p, name, outs[name], o.Path)
			}
			if env, ok := d.Env[name]; !ok || env != o.Path {
				t.Errorf("%s: env %s = %q, output path %s", p, name, env, o.Path)
			}
		}
		checkReinstantiate(t, h, p, d, lookup)
	}
	closure, err := Closure(g.roots, func(p string) (*Derivation, error) {
		d, ok := parsed[p]
		if !ok {
			return nil, fmt.Errorf("%s not in the recorded closure", p)
		}
		return d, nil
	})
	if err != nil || len(closure) != len(parsed) {
		t.Errorf("closure of the roots: %d derivations, %v; Nix recorded %d", len(closure), err, len(parsed))
	}
	for _, r := range g.roots {
		one, err := Closure([]string{r}, func(p string) (*Derivation, error) { return parsed[p], nil })
		if err != nil {
			t.Fatal(err)
		}
		if want := nixClosureSize(g, r); len(one) != want {
			t.Errorf("closure of %s: %d derivations, want %d", r, len(one), want)
		}
	}
	if got := ShowDerivationJSON(parsed); !bytes.Equal(got, g.showJSON) {
		t.Errorf("show-derivation JSON differs\n got: %s\nwant: %s", got, g.showJSON)
	}
	return len(parsed)
}

// checkReinstantiate strips d back to the attributes derivationStrict
// starts from and checks that Instantiate rebuilds exactly Nix's .drv.
func checkReinstantiate(t *testing.T, h *Hasher, drvPath string, d *Derivation, lookup ModuloLookup) {
	t.Helper()
	in := d.Clone()
	for name, o := range in.Outputs {
		in.Outputs[name] = Output{HashAlgo: o.HashAlgo, Hash: o.Hash}
		delete(in.Env, name)
	}
	res, err := h.Instantiate(in, lookup)
	if err != nil {
		t.Errorf("%s: instantiate: %v", drvPath, err)
		return
	}
	if res.DrvPath != drvPath {
		t.Errorf("instantiate: drv path %s, want %s", res.DrvPath, drvPath)
	}
	if want := d.ATerm(); !bytes.Equal(res.ATerm, want) {
		t.Errorf("%s: instantiated ATerm differs\n got: %s\nwant: %s", drvPath, res.ATerm, want)
	}
	want, err := lookup(drvPath)
	if err != nil || res.Modulo != want {
		t.Errorf("%s: instantiate modulo %s, want %s (%v)", drvPath, res.Modulo, want, err)
	}
	var refs []string
	refs = append(refs, d.InputSrcs...)
	for p := range d.InputDrvs {
		refs = append(refs, p)
	}
	slices.Sort(refs)
	refs = slices.Compact(refs)
	if !slices.Equal(res.References, refs) {
		t.Errorf("%s: references %q, want %q", drvPath, res.References, refs)
	}
}

// nixClosureSize counts the .drv files reachable from root through the
// references Nix gives a .drv file (its input sources and derivations),
// using nothing but the recorded bytes.
func nixClosureSize(g goldenCase, root string) int {
	seen := map[string]bool{}
	var visit func(p string)
	visit = func(p string) {
		if seen[p] {
			return
		}
		seen[p] = true
		for q := range g.drvs {
			if q != p && bytes.Contains(g.drvs[p], []byte(`"`+q+`"`)) {
				visit(q)
			}
		}
	}
	visit(root)
	return len(seen)
}

// unknownOutputPaths reports whether Nix 2.8 leaves d's output paths empty
// (floating content-addressed, impure or deferred outputs) or d depends on
// such a derivation.
func unknownOutputPaths(d *Derivation, all map[string]*Derivation) bool {
	for _, o := range d.Outputs {
		if o.Path == "" {
			return true
		}
	}
	for in := range d.InputDrvs {
		if dep, ok := all[in]; ok && unknownOutputPaths(dep, all) {
			return true
		}
	}
	return false
}
