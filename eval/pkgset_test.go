package eval_test

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/eval/instantiate"
)

var (
	updatePkgset = flag.Bool("update-pkgset", false, "re-record testdata/pkgset/expected from Nix 2.26 and Nix 2.8")
	pkgsetNix226 = flag.String("pkgset-nix226", "../contrib/nix226/bin/nix-instantiate", "Nix 2.26's nix-instantiate, for -update-pkgset")
	pkgsetNix28  = flag.String("pkgset-nix28", "/usr/bin/nix-instantiate", "Nix 2.8's nix-instantiate, for -update-pkgset")
)

const pkgsetDir = "testdata/pkgset"

// pkgsetOracles are the Nix versions every case is recorded from: the
// expected file of a case is expected/NAME.<suffix>.
var pkgsetOracles = []struct {
	suffix, version string
	path            *string
}{
	{"nix-2.26", "2.26.", pkgsetNix226},
	{"nix-2.8", "2.8.", pkgsetNix28},
}

// pkgsetCase is one line of testdata/pkgset/cases.txt.
type pkgsetCase struct {
	name string
	args []string
}

func readPkgsetCases(t testing.TB) []pkgsetCase {
	f, err := os.Open(filepath.Join(pkgsetDir, "cases.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []pkgsetCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		name, args, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("cases.txt: no NAME: in %q", l)
		}
		cases = append(cases, pkgsetCase{strings.TrimSpace(name), strings.Fields(args)})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("cases.txt lists no cases")
	}
	return cases
}

// readPkgsetKnownFailures reads "NAME ORACLE-SUFFIX" lines: our output
// may differ from that oracle's for that case.
func readPkgsetKnownFailures(t *testing.T) map[string]bool {
	b, err := os.ReadFile(filepath.Join(pkgsetDir, "known-failures.txt"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]bool{}
	for _, l := range strings.Split(string(b), "\n") {
		if i := strings.IndexByte(l, '#'); i >= 0 {
			l = l[:i]
		}
		if f := strings.Fields(l); len(f) == 2 {
			m[f[0]+" "+f[1]] = true
		} else if len(f) != 0 {
			t.Fatalf("known-failures.txt: want NAME ORACLE, got %q", l)
		}
	}
	return m
}

// recordPkgset runs one Nix on a case in the package set's directory, in
// the corpus's environment, and writes its stdout.
func recordPkgset(t *testing.T, nix, version, suffix string, c pkgsetCase) {
	nix, err := filepath.Abs(nix)
	if err != nil {
		t.Fatal(err)
	}
	env := []string{"PATH=" + filepath.Dir(nix) + ":/usr/bin:/bin", "HOME=" + t.TempDir(), "NIX_PATH="}
	v, err := exec.Command(nix, "--version").Output()
	if err != nil || !strings.Contains(string(v), " "+version) {
		t.Fatalf("%s --version: %q, %v; want Nix %s", nix, v, err, version)
	}
	cmd := exec.Command(nix, c.args...)
	cmd.Dir = pkgsetDir
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", nix, strings.Join(c.args, " "), err, errb.String())
	}
	p := filepath.Join(pkgsetDir, "expected", c.name+"."+suffix)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runPkgset runs a case through instantiate.Run as nix-instantiate runs
// in the package set's directory. Without --eval the .drv files stay in
// memory (no store is named).
func runPkgset(t testing.TB, c pkgsetCase) (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(pkgsetDir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	t.Setenv("NIX_PATH", "")
	t.Setenv("HOME", t.TempDir())
	o, err := instantiate.ParseArgs(c.args)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var out, errb bytes.Buffer
	if err := instantiate.Run(ctx, o, strings.NewReader(""), &out, &errb); err != nil {
		return out.String(), err
	}
	return out.String(), nil
}

// TestPackageSet evaluates the entry points of testdata/pkgset, a
// nixpkgs-style package set (fixed point of overlays, callPackage,
// overrides, a mkDerivation wrapper, hundreds of imported files), and
// compares our stdout byte for byte with each recorded Nix's. The two
// recordings must agree with each other up to trailing white space, so
// the drv and output paths are the same under both Nix versions. A
// difference listed in known-failures.txt is logged, not failed.
func TestPackageSet(t *testing.T) {
	cases := readPkgsetCases(t)
	known := readPkgsetKnownFailures(t)
	if *updatePkgset {
		for _, o := range pkgsetOracles {
			if _, err := os.Stat(*o.path); err != nil {
				t.Fatalf("-update-pkgset needs Nix %s at %s: %v", o.version, *o.path, err)
			}
		}
	}
	for _, c := range cases {
		c := c
		t.Run(c.name, func(t *testing.T) {
			want := map[string]string{}
			for _, o := range pkgsetOracles {
				if *updatePkgset {
					recordPkgset(t, *o.path, o.version, o.suffix, c)
				}
				b, err := os.ReadFile(filepath.Join(pkgsetDir, "expected", c.name+"."+o.suffix))
				if err != nil {
					t.Fatalf("missing recording (run with -update-pkgset): %v", err)
				}
				want[o.suffix] = string(b)
			}
			a, b := pkgsetOracles[0].suffix, pkgsetOracles[1].suffix
			if strings.TrimRight(want[a], "\n") != strings.TrimRight(want[b], "\n") {
				t.Fatalf("%s and %s disagree: the case is not for both versions", a, b)
			}
			if strings.TrimSpace(want[a]) == "" {
				t.Fatalf("%s printed nothing", a)
			}
			got, err := runPkgset(t, c)
			if err != nil {
				t.Fatalf("tvix: %v", err)
			}
			for _, o := range pkgsetOracles {
				k := c.name + " " + o.suffix
				switch {
				case got == want[o.suffix] && known[k]:
					t.Logf("%s passes now: remove it from known-failures.txt", k)
				case got == want[o.suffix]:
				case known[k]:
					t.Logf("known failure: %s: output differs", k)
				default:
					t.Errorf("output differs from %s's:\n%s", o.suffix, firstDifference(got, want[o.suffix]))
				}
			}
		})
	}
}

// firstDifference shows where got and want part, with some context.
func firstDifference(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(i-80, 0)
	clip := func(s string) string { return s[from:min(i+80, len(s))] }
	return fmt.Sprintf("at byte %d (got %d bytes, want %d):\n got …%q\nwant …%q", i, len(got), len(want), clip(got), clip(want))
}

// BenchmarkPackageSet evaluates the package set's "all" entry point (what
// bench/pkgset.sh times against Nix), for profiling in process:
// go test ./eval -run '^$' -bench PackageSet -cpuprofile cpu.out
func BenchmarkPackageSet(b *testing.B) {
	var all pkgsetCase
	for _, c := range readPkgsetCases(b) {
		if c.name == "all" {
			all = c
		}
	}
	want, err := os.ReadFile(filepath.Join(pkgsetDir, "expected", "all.nix-2.26"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if got, err := runPkgset(b, all); err != nil || got != string(want) {
			b.Fatalf("all: err %v, output differs: %s", err, firstDifference(got, string(want)))
		}
	}
}
