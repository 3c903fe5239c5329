package instantiate

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/internal/nixtest"
)

// makeGitRepo creates a repository with two commits at fixed dates and a
// tag v1 on the first, and returns its path and the first commit.
func makeGitRepo(t *testing.T) (string, string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		nixtest.Unavailable(t, "git not installed (make deps installs it)")
	}
	dir := t.TempDir()
	env := append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t",
		"GIT_COMMITTER_EMAIL=t@example.org", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	git := func(date string, args ...string) string {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(env, "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	write := func(name, data string, mode os.FileMode) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), mode); err != nil {
			t.Fatal(err)
		}
	}
	git("", "init", "-q")
	write("a.txt", "one\n", 0o644)
	write("bin/run", "#!/bin/sh\n", 0o755)
	git("", "add", ".")
	git("2020-01-02T03:04:05Z", "commit", "-q", "-m", "one")
	first := git("", "rev-parse", "HEAD")
	git("", "tag", "v1")
	write("sub/b.txt", "two\n", 0o644)
	os.Symlink("a.txt", filepath.Join(dir, "link"))
	git("", "add", ".")
	git("2021-06-07T08:09:10Z", "commit", "-q", "-m", "two")
	return dir, first
}

// TestStoreBuiltinsEvalAgainstNix evaluates expressions using the store
// builtins with nix-instantiate --eval --strict and with Run: the printed
// values, the traces (the filter's calls) and, where Nix fails, the first
// error line must agree.
func TestStoreBuiltinsEvalAgainstNix(t *testing.T) {
	nixInst := nixtest.RequireNix(t, "nix-instantiate")
	files, err := filepath.Abs("../testdata/derivations/files")
	if err != nil {
		t.Fatal(err)
	}
	repo, first := makeGitRepo(t)
	dirty, _ := makeGitRepo(t)
	os.WriteFile(filepath.Join(dirty, "a.txt"), []byte("changed\n"), 0o644)
	os.WriteFile(filepath.Join(dirty, "untracked"), []byte("not fetched\n"), 0o644)
	os.Remove(filepath.Join(dirty, "sub/b.txt"))
	exprs := []string{
		`builtins.path { path = F/tree; }`,
		`builtins.getContext (builtins.path { path = F/tree; name = "x"; })`,
		`builtins.path { path = F/tree; filter = p: t: builtins.trace "${p} ${t}" (t != "symlink"); }`,
		`builtins.path { path = "F/tree/a.txt"; recursive = false; }`,
		`builtins.path { path = F/tree; recursive = false; }`,
		`builtins.path { path = F/nope; }`,
		`builtins.filterSource (p: t: t != "directory") F/tree`,
		`builtins.filterSource (p: t: 1) F/tree`,
		`builtins.fetchurl "file://F/hello.txt"`,
		`builtins.getContext (fetchTarball "file://F/pkg.tar.gz")`,
		`fetchTarball { url = "file://F/pkg.tar.xz"; sha256 = "0000000000000000000000000000000000000000000000000000"; }`,
		`<nix/fetchurl.nix>`,
		`builtins.functionArgs (import <nix/fetchurl.nix>)`,
		`(import <nix/fetchurl.nix> { url = "https://example.org/x.tar.gz"; sha256 = "0000000000000000000000000000000000000000000000000000"; }).drvPath`,
		`builtins.fetchGit R`,
		`builtins.fetchGit { url = "file://R"; rev = "` + first + `"; }`,
		`builtins.fetchGit { url = R; ref = "v1"; name = "tagged"; }`,
		`builtins.fetchGit D`,
		`(builtins.fetchGit R).outPath == (builtins.path { path = R; filter = p: t: baseNameOf p != ".git"; name = "source"; })`,
	}
	for _, e := range exprs {
		e = strings.NewReplacer("F/", files+"/", "R", repo, "D", dirty).Replace(e)
		var nixOut, nixErr bytes.Buffer
		cmd := exec.Command(nixInst, "--eval", "--strict", "-E", e)
		cmd.Stdout, cmd.Stderr = &nixOut, &nixErr
		nixFailed := cmd.Run() != nil
		o, err := ParseArgs([]string{"--eval", "--strict", "-E", e})
		if err != nil {
			t.Fatal(err)
		}
		var out, stderr bytes.Buffer
		err = Run(context.Background(), o, nil, &out, &stderr)
		if nixFailed {
			if err == nil {
				t.Errorf("%s: Run succeeded (%s) where nix-instantiate failed with\n%s", e, out.String(), nixErr.String())
			} else if g, w := firstErrorLine(err.Error()), firstErrorLine(nixErr.String()); !sameError(g, w) {
				t.Errorf("%s: error\n got %q\nwant %q", e, g, w)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", e, err)
			continue
		}
		if out.String() != nixOut.String() {
			t.Errorf("%s:\n got %s\nwant %s", e, out.String(), nixOut.String())
		}
		if g, w := traces(stderr.String()), traces(nixErr.String()); g != w {
			t.Errorf("%s: traces\n got %s\nwant %s", e, g, w)
		}
	}
}

// traces returns the "trace:" lines of stderr.
func traces(stderr string) string {
	var b strings.Builder
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "trace: ") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// TestFetchOfflineFromStore: a fetch whose pinned path the target store
// already holds needs no network, in tvix as in Nix; with an empty store
// the error says the network would be needed.
func TestFetchOfflineFromStore(t *testing.T) {
	nixInst := nixtest.RequireNix(t, "nix-instantiate")
	files, err := filepath.Abs("../testdata/derivations/files")
	if err != nil {
		t.Fatal(err)
	}
	const drv = `derivation { name = "offline"; system = "x86_64-linux"; builder = "/bin/sh"; src = SRC; }`
	byFile := strings.Replace(drv, "SRC", `builtins.fetchurl "file://`+files+`/hello.txt"`, 1)
	byNet := strings.Replace(drv, "SRC", `builtins.fetchurl { url = "https://example.invalid/hello.txt"; sha256 = "0qls4q1szvhb7qhwzd4dk1wi1k55ddh38nraiz7jf02qwwwv81sn"; }`, 1)
	storeURL := "local:" + t.TempDir()
	run := func(expr, url string) (string, error) {
		o, err := ParseArgs([]string{"-E", expr})
		if err != nil {
			t.Fatal(err)
		}
		o.StoreURL = url
		var out, stderr bytes.Buffer
		err = Run(context.Background(), o, nil, &out, &stderr)
		return out.String(), err
	}
	want, err := exec.Command(nixInst, "-E", byFile).Output()
	if err != nil {
		t.Fatal(err)
	}
	if got, err := run(byFile, storeURL); err != nil || got != string(want) {
		t.Fatalf("by file: %q, %v; nix-instantiate printed %q", got, err, want)
	}
	want, err = exec.Command(nixInst, "-E", byNet).Output()
	if err != nil {
		t.Fatal(err)
	}
	if got, err := run(byNet, storeURL); err != nil || got != string(want) {
		t.Fatalf("offline: %q, %v; nix-instantiate printed %q", got, err, want)
	}
	_, err = run(byNet, "local:"+t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "would need the network") {
		t.Fatalf("with an empty store: %v", err)
	}
}

// TestImportFromFetchedTarball imports a project out of a tarball fetched
// during the evaluation, run by tvix before Nix so that its store path is
// not on disk: the evaluator reads it through the store's local copy, and
// the derivation it makes is Nix's.
func TestImportFromFetchedTarball(t *testing.T) {
	nixInst := nixtest.RequireNix(t, "nix-instantiate")
	dir := t.TempDir()
	unique := filepath.Base(dir) + strconv.FormatInt(time.Now().UnixNano(), 10)
	proj := filepath.Join(dir, "proj")
	for name, data := range map[string]string{
		"default.nix":  `{ n }: let util = import ./lib/util.nix; in derivation { name = "p"; system = "x86_64-linux"; builder = "/bin/sh"; src = ./lib; n = util.double n; text = builtins.readFile ./lib/util.nix; h = builtins.hashFile "sha256" ./lib/util.nix; ls = builtins.attrNames (builtins.readDir ./.); }`,
		"lib/util.nix": `{ double = x: x * 2; unique = "` + unique + `"; }`,
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(proj, name)), 0o755)
		if err := os.WriteFile(filepath.Join(proj, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tarball := filepath.Join(dir, "proj.tar.gz")
	if out, err := exec.Command("tar", "-C", dir, "-czf", tarball, "proj").CombinedOutput(); err != nil {
		t.Fatalf("tar: %v\n%s", err, out)
	}
	expr := `[ (import (fetchTarball "file://` + tarball + `") { n = 21; }) (derivation { name = "t"; system = "x86_64-linux"; builder = "/bin/sh"; t = builtins.readFile (builtins.toFile "t" "hi"); }) ]`
	o, err := ParseArgs([]string{"-E", expr})
	if err != nil {
		t.Fatal(err)
	}
	o.StoreURL = "local:" + t.TempDir()
	var got, stderr bytes.Buffer
	if err := Run(context.Background(), o, nil, &got, &stderr); err != nil {
		t.Fatalf("Run: %v\n%s", err, stderr.String())
	}
	want, err := exec.Command(nixInst, "-E", expr).Output()
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Errorf("drv paths:\n got %q\nwant %q", got.String(), want)
	}
}

// TestStorePathReadOnlyAgainstNix: builtins.storePath checks that its
// path is valid only when instantiating, not under --eval (Nix's
// read-only mode). Compared with nix-instantiate for a path Nix has in
// /nix/store (and tvix's store does not) and one that exists nowhere:
// output and exit status, and the first error line where Nix fails.
func TestStorePathReadOnlyAgainstNix(t *testing.T) {
	nixInst := nixtest.RequireNix(t, "nix-instantiate")
	nixStore := nixtest.RequireNix(t, "nix-store")
	src := filepath.Join(t.TempDir(), "only-in-nix")
	if err := os.WriteFile(src, []byte(strconv.FormatInt(time.Now().UnixNano(), 10)), 0o644); err != nil {
		t.Fatal(err)
	}
	added, err := exec.Command(nixStore, "--add", src).Output()
	if err != nil {
		t.Fatalf("nix-store --add: %v", err)
	}
	inNix := strings.TrimSpace(string(added))
	const nowhere = "/nix/store/00000000000000000000000000000000-nowhere"
	drv := `derivation { name = "sp"; system = "x86_64-linux"; builder = "/bin/sh"; p = P; }`
	cases := []struct {
		expr string
		eval bool
	}{
		{`let p = builtins.storePath "` + inNix + `"; in [ p (builtins.getContext p) ]`, true},
		{`let p = builtins.storePath "` + nowhere + `"; in [ p (builtins.getContext p) ]`, true},
		{`builtins.storePath ` + nowhere, true},
		{strings.Replace(drv, "P", `builtins.storePath "`+nowhere+`"`, 1), false},
		{`(` + strings.Replace(drv, "P", `builtins.storePath "`+nowhere+`"`, 1) + `).name`, true},
	}
	for _, c := range cases {
		args := []string{"-E", c.expr}
		if c.eval {
			args = append([]string{"--eval", "--strict"}, args...)
		}
		var nixOut, nixErr bytes.Buffer
		cmd := exec.Command(nixInst, append(args, "--option", "substituters", "")...)
		cmd.Stdout, cmd.Stderr = &nixOut, &nixErr
		nixFailed := cmd.Run() != nil
		o, err := ParseArgs(args)
		if err != nil {
			t.Fatal(err)
		}
		o.StoreURL = "local:" + t.TempDir()
		var out, stderr bytes.Buffer
		err = Run(context.Background(), o, nil, &out, &stderr)
		switch {
		case nixFailed && err == nil:
			t.Errorf("%v: Run printed %q where nix-instantiate failed with\n%s", args, out.String(), nixErr.String())
		case nixFailed:
			if g, w := firstErrorLine(err.Error()), firstErrorLine(nixErr.String()); g != w {
				t.Errorf("%v: error\n got %q\nwant %q", args, g, w)
			}
		case err != nil:
			t.Errorf("%v: %v (nix-instantiate printed %q)", args, err, nixOut.String())
		case out.String() != nixOut.String():
			t.Errorf("%v:\n got %q\nwant %q", args, out.String(), nixOut.String())
		}
	}
}

// nix28TypeError is Nix 2.8's wording of a type error, which Nix 2.26
// words as "expected B but found A: VALUE".
var nix28TypeError = regexp.MustCompile(`^error: value is (.*) while (.*) was expected$`)

// sameError reports whether tvix's error line got says what want, the
// line of the host's Nix 2.8 (this test's oracle), says: equal, or the
// same type error in Nix 2.26's words.
func sameError(got, want string) bool {
	if m := nix28TypeError.FindStringSubmatch(want); m != nil {
		return strings.HasPrefix(got, "error: expected "+m[2]+" but found "+m[1]+": ")
	}
	return got == want
}
