package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/internal/nixtest"
)

// requireBuildHost stops the test unless builds can run here: root (the
// OCI sandbox), Nix (the oracle) and busybox-static (the examples' shell).
func requireBuildHost(t *testing.T) {
	t.Helper()
	nixtest.RequireRoot(t)
	nixtest.RequireNix(t, "nix-build")
	if _, err := os.Stat("/usr/bin/busybox"); err != nil {
		nixtest.Unavailable(t, "no /usr/bin/busybox (make deps installs busybox-static)")
	}
}

// nixBuild runs nix-build with Nix's sandbox and returns the paths it
// printed and its stderr.
func nixBuild(t *testing.T, args ...string) ([]string, string, error) {
	t.Helper()
	cmd := exec.Command(nixtest.RequireNix(t, "nix-build"),
		append([]string{"--option", "sandbox", "true", "--option", "substituters", ""}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	return strings.Fields(string(out)), stderr.String(), err
}

// resultLinks maps the names of the links in dir to their targets' base
// names (store path base names, for nix-build's and ours alike).
func resultLinks(t *testing.T, dir string) map[string]string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	links := map[string]string{}
	for _, e := range ents {
		target, err := os.Readlink(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		links[e.Name()] = filepath.Base(target)
	}
	return links
}

func nixQuery(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command(nixtest.RequireNix(t, "nix-store"), args...).Output()
	if err != nil {
		t.Fatalf("nix-store %v: %v", args, err)
	}
	return string(out)
}

// compareWithNix checks that p has in our store the NAR (byte for byte)
// and references it has in Nix's.
func compareWithNix(t *testing.T, c *cli, p string) {
	t.Helper()
	ours := sha256.Sum256([]byte(c.ok(nil, "store", "dump", p)))
	theirs := sha256.Sum256([]byte(nixQuery(t, "--dump", p)))
	if ours != theirs {
		t.Errorf("%s: our NAR differs from nix-store --dump", p)
	}
	var infos []struct {
		References []string `json:"references"`
	}
	if err := json.Unmarshal([]byte(c.ok(nil, "store", "path-info", "--json", p)), &infos); err != nil || len(infos) != 1 {
		t.Fatalf("path-info %s: %v", p, err)
	}
	want := strings.Fields(nixQuery(t, "--query", "--references", p))
	got := infos[0].References
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("%s references %v, Nix: %v", p, got, want)
	}
}

// TestBuildMatchesNixBuild evaluates and builds examples and corpus
// attributes with tvix build and with nix-build --option sandbox true:
// the printed output paths, the result links' names and targets, each
// output's NAR bytes and references, and the build logs (tvix log against
// nix-store -l) are the same.
func TestBuildMatchesNixBuild(t *testing.T) {
	requireBuildHost(t)
	cases := []struct {
		name string
		args []string
	}{
		{"hello", []string{"../../examples/hello.nix"}},
		{"pipeline", []string{"-j", "2", "../../examples/pipeline.nix"}},
		{"outputs", []string{"../../builder/testdata/corpus.nix", "-A", "multi.dev", "-A", "chain", "-A", "multi", "-A", "multi.lib"}},
		{"many", []string{"../../examples/many.nix", "--arg", "n", "3", "--argstr", "salt", "build-test"}},
	}
	c := newCLI(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := slices.Clone(tc.args)
			for i, a := range args {
				if strings.HasPrefix(a, "../../") {
					abs, _ := filepath.Abs(a)
					args[i] = abs
				}
			}
			nixDir, ourDir := t.TempDir(), t.TempDir()
			want, stderr, err := nixBuild(t, append([]string{"-o", filepath.Join(nixDir, "result")}, args...)...)
			if err != nil {
				t.Fatalf("nix-build: %v\n%s", err, stderr)
			}
			out, stderr, code := c.run(nil, append([]string{"build", "-o", filepath.Join(ourDir, "result")}, args...)...)
			if code != 0 {
				t.Fatalf("tvix build: exit %d\n%s", code, stderr)
			}
			if got := strings.Fields(out); !slices.Equal(got, want) {
				t.Fatalf("tvix build printed %q, nix-build %q", got, want)
			}
			if got, want := resultLinks(t, ourDir), resultLinks(t, nixDir); !mapsEqual(got, want) {
				t.Errorf("result links %v, nix-build made %v", got, want)
			}
			for _, p := range want {
				compareWithNix(t, c, p)
				drv := strings.TrimSpace(nixQuery(t, "--query", "--deriver", p))
				if got, want := c.ok(nil, "log", p), nixQuery(t, "-l", drv); got != want {
					t.Errorf("tvix log %s = %q, nix-store -l %q", p, got, want)
				}
			}
			// The links point at checkouts with the outputs' contents.
			for name := range resultLinks(t, ourDir) {
				target, _ := os.Readlink(filepath.Join(ourDir, name))
				if _, err := os.Stat(target); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
		})
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestBuildFailureShowsLogTail: a failing build exits 1 with Nix's
// message and the same log tail nix-build -Q shows.
func TestBuildFailureShowsLogTail(t *testing.T) {
	requireBuildHost(t)
	corpus, _ := filepath.Abs("../../builder/testdata/corpus.nix")
	_, nixErr, err := nixBuild(t, "-Q", "--no-out-link", corpus, "-A", "fail-exit")
	if err == nil {
		t.Fatal("nix-build of fail-exit succeeded")
	}
	var want []string
	for _, l := range strings.Split(nixErr, "\n") {
		if strings.HasPrefix(l, "error: builder for") || strings.HasPrefix(l, "       last ") || strings.HasPrefix(l, "       > ") {
			want = append(want, l)
		}
	}
	if len(want) < 3 {
		t.Fatalf("unexpected nix-build output:\n%s", nixErr)
	}
	c := newCLI(t)
	dir := t.TempDir()
	_, stderr, code := c.run(nil, "build", "-o", filepath.Join(dir, "result"), "-Q", corpus, "-A", "fail-exit")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, l := range want {
		if !strings.Contains(stderr, l+"\n") {
			t.Errorf("stderr lacks nix-build's line %q:\n%s", l, stderr)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("a failed build left %d entries (result links?)", len(ents))
	}
	// With -k the other derivation is still built, and the exit is 1.
	chain, _, err := nixBuild(t, "--no-out-link", corpus, "-A", "chain")
	if err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := c.run(nil, "build", "-k", "-Q", "--no-out-link", corpus, "-A", "fail-exit", "-A", "chain"); code != 1 {
		t.Errorf("-k: exit %d\n%s", code, stderr)
	}
	if _, stderr, code := c.run(nil, "store", "path-info", chain[0]); code != 0 {
		t.Errorf("-k did not build chain: %s", stderr)
	}
}

// TestBuildOutLinkAndJSON: -o names the link, --no-out-link makes none,
// and --json prints one record per derivation with DESIGN.md's fields.
func TestBuildOutLinkAndJSON(t *testing.T) {
	requireBuildHost(t)
	hello, _ := filepath.Abs("../../examples/hello.nix")
	c := newCLI(t)
	dir := t.TempDir()
	out, stderr, code := c.run(nil, "build", "--json", "--no-out-link", hello)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("--no-out-link made %d entries", len(ents))
	}
	want, _, err := nixBuild(t, "--no-out-link", hello)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 { // greeting, hello, hello-bundle
		t.Fatalf("--json printed %d lines:\n%s", len(lines), out)
	}
	for i, l := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		var keys []string
		for k := range rec {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, []string{"builtOn", "drvPath", "durationMs", "outputs", "substitutedFrom"}) {
			t.Errorf("line %d keys %v", i, keys)
		}
		if rec["builtOn"] != "local" || rec["substitutedFrom"] != "" {
			t.Errorf("line %d: builtOn %v substitutedFrom %v", i, rec["builtOn"], rec["substitutedFrom"])
		}
		drv, _ := rec["drvPath"].(string)
		outs, _ := rec["outputs"].(map[string]any)
		if want := strings.TrimSpace(nixQuery(t, "--query", "--outputs", drv)); outs["out"] != want {
			t.Errorf("line %d outputs %v, Nix: %s", i, outs, want)
		}
		if i == 2 && outs["out"] != want[0] {
			t.Errorf("last record is %v, want the top-level %s", outs, want[0])
		}
	}
	// Built already: -o makes the named link, and nothing is rebuilt.
	out, stderr, code = c.run(nil, "build", "-o", filepath.Join(dir, "hello-link"), hello)
	if code != 0 || strings.Contains(stderr, "building") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if got := resultLinks(t, dir); len(got) != 1 || got["hello-link"] != filepath.Base(want[0]) {
		t.Errorf("links %v", got)
	}
	if greeting, err := os.ReadFile(filepath.Join(dir, "hello-link", "greeting.txt")); err != nil || string(greeting) != "Hello from a sandboxed build\n" {
		t.Errorf("hello-link/greeting.txt: %q %v", greeting, err)
	}
	// --check builds the top-level derivation again; it is deterministic.
	out, stderr, code = c.run(nil, "build", "--check", "--no-out-link", hello)
	if code != 0 || !strings.Contains(stderr, "building") || strings.TrimSpace(out) != want[0] {
		t.Errorf("--check: exit %d, stdout %q, stderr:\n%s", code, out, stderr)
	}
}

// TestBuildImportFromDerivation builds examples/ifd.nix with a fresh
// salt, so that the derivation imported during evaluation is in no store
// yet: tvix build must build it while evaluating and make it readable,
// and the result is nix-build's.
func TestBuildImportFromDerivation(t *testing.T) {
	requireBuildHost(t)
	ifd, _ := filepath.Abs("../../examples/ifd.nix")
	salt := fmt.Sprintf("ifd-test-%d", time.Now().UnixNano())
	c := newCLI(t)
	out, stderr, code := c.run(nil, "build", "--no-out-link", ifd, "--argstr", "salt", salt)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "generated.nix.drv'...") || !strings.Contains(stderr, "generating a Nix expression "+salt) {
		t.Errorf("the imported derivation was not built during evaluation:\n%s", stderr)
	}
	want, nixErr, err := nixBuild(t, "--no-out-link", ifd, "--argstr", "salt", salt)
	if err != nil {
		t.Fatalf("nix-build: %v\n%s", err, nixErr)
	}
	if got := strings.Fields(out); !slices.Equal(got, want) {
		t.Fatalf("tvix build printed %q, nix-build %q", got, want)
	}
	compareWithNix(t, c, want[0])
}
