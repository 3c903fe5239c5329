package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/store/nar/nartest"
)

var (
	binOnce sync.Once
	binDir  string // holds the tvix binary shared by the package's tests
	binErr  error
)

// TestMain removes the shared tvix binary after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// tvixBinary builds cmd/tvix once per test binary (into a temporary
// directory readable by every user) and returns its path.
func tvixBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "tvix-cli-test-*"); binErr != nil {
			return
		}
		if binErr = os.Chmod(binDir, 0o755); binErr != nil {
			return
		}
		if out, err := exec.Command("go", "build", "-o", filepath.Join(binDir, "tvix"), ".").CombinedOutput(); err != nil {
			binErr = fmt.Errorf("building tvix: %v: %s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return filepath.Join(binDir, "tvix")
}

// cli runs tvix against one local store.
type cli struct {
	t     *testing.T
	bin   string
	store string
	home  string
	cred  *syscall.Credential
}

func newCLI(t *testing.T) *cli {
	dir := t.TempDir()
	return &cli{t: t, bin: tvixBinary(t), store: "local:" + filepath.Join(dir, "store"), home: filepath.Join(dir, "home")}
}

// fresh returns a cli with the same binary and a new, empty store.
func (c *cli) fresh() *cli {
	dir := c.t.TempDir()
	return &cli{t: c.t, bin: c.bin, store: "local:" + filepath.Join(dir, "store"), home: filepath.Join(dir, "home")}
}

func (c *cli) command(stdin []byte, args ...string) *exec.Cmd {
	cmd := exec.Command(c.bin, append([]string{"--store", c.store}, args...)...)
	cmd.Env = append(os.Environ(), "TVIX_HOME="+c.home)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	return cmd
}

// run runs tvix and returns stdout, stderr and the exit code.
func (c *cli) run(stdin []byte, args ...string) (string, string, int) {
	c.t.Helper()
	cmd := c.command(stdin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		c.t.Fatal(err)
	}
	return stdout.String(), stderr.String(), code
}

// ok runs tvix and fails the test unless it succeeds.
func (c *cli) ok(stdin []byte, args ...string) string {
	c.t.Helper()
	out, stderr, code := c.run(stdin, args...)
	if code != 0 {
		c.t.Fatalf("tvix %s: exit %d: %s", strings.Join(args, " "), code, stderr)
	}
	return out
}

// fails runs tvix, requires a non-zero exit and a one-line error
// containing each of wants, and returns the error line.
func (c *cli) fails(stdin []byte, args []string, wants ...string) string {
	c.t.Helper()
	_, stderr, code := c.run(stdin, args...)
	line := strings.TrimSuffix(stderr, "\n")
	if code == 0 || strings.Contains(line, "\n") || !strings.HasPrefix(line, "error: ") {
		c.t.Fatalf("tvix %s: exit %d, stderr %q; want a one-line error", strings.Join(args, " "), code, stderr)
	}
	for _, w := range wants {
		if !strings.Contains(line, w) {
			c.t.Errorf("tvix %s: error %q does not mention %q", strings.Join(args, " "), line, w)
		}
	}
	return line
}

// storePaths lists every store path in the store.
func (c *cli) storePaths() []string {
	c.t.Helper()
	out, stderr, code := c.run(nil, "store", "path-info", "--all")
	if code != 0 {
		c.t.Fatalf("path-info --all: %s", stderr)
	}
	return strings.Fields(out)
}

func nixOut(t *testing.T, args ...string) []byte {
	t.Helper()
	out, err := exec.Command(args[0], args[1:]...).Output()
	if err != nil {
		t.Fatalf("%s: %v", strings.Join(args, " "), err)
	}
	return out
}

// TestAddAndDumpMatchNix is the differential test: generated trees with
// nested directories, executables, symlinks (inside, outside, dangling),
// empty files, files from 0 B to 64 MiB and unicode names are added with
// tvix and with nix-store; store paths and NAR bytes must be identical.
func TestAddAndDumpMatchNix(t *testing.T) {
	nixtest.RequireNix(t, "nix-store")
	nixtest.RequireRoot(t)
	c := newCLI(t)
	root := t.TempDir()
	trees := map[string]func(string) error{
		"edge-cases": nartest.WriteEdgeCases,
		"random":     func(p string) error { return nartest.WriteRandom(p, 2, 40<<20, 8<<20) },
		"sizes": func(p string) error {
			if err := os.Mkdir(p, 0o755); err != nil {
				return err
			}
			for i, size := range []int64{0, 1, 8, 4095, 65536, 65537, 1 << 20, 3<<20 + 1, 64 << 20} {
				if err := nartest.WriteFile(filepath.Join(p, "f"+strings.Repeat("x", i)), uint64(i), size); err != nil {
					return err
				}
			}
			return nil
		},
		"single-file": func(p string) error { return nartest.WriteFile(p, 3, 12345) },
		"symlink":     func(p string) error { return os.Symlink("../elsewhere", p) },
	}
	var args []string
	for name, gen := range trees {
		p := filepath.Join(root, name)
		if err := gen(p); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	// One invocation with every path, as nix-store --add takes them.
	tvixPaths := strings.Fields(c.ok(nil, append([]string{"store", "add"}, args...)...))
	nixPaths := strings.Fields(string(nixOut(t, append([]string{"nix-store", "--add"}, args...)...)))
	if len(tvixPaths) != len(args) || strings.Join(tvixPaths, " ") != strings.Join(nixPaths, " ") {
		t.Fatalf("tvix store add printed %v, nix-store --add %v", tvixPaths, nixPaths)
	}
	for i, p := range tvixPaths {
		ours := c.command(nil, "store", "dump", p)
		var buf bytes.Buffer
		ours.Stdout = &buf
		if err := ours.Run(); err != nil {
			t.Fatalf("tvix store dump %s: %v", p, err)
		}
		theirs := nixOut(t, "nix-store", "--dump", args[i])
		if !bytes.Equal(buf.Bytes(), theirs) {
			t.Errorf("%s: tvix store dump gives %d bytes sha256 %x, nix-store --dump %d bytes sha256 %x",
				args[i], buf.Len(), sha256.Sum256(buf.Bytes()), len(theirs), sha256.Sum256(theirs))
		}
	}
	if out := c.ok(nil, "store", "verify", "--all"); !strings.Contains(out, "5 store paths: 0 problems") {
		t.Errorf("verify --all: %s", out)
	}
}

// TestPathInfoJSONMatchesNix compares path-info --json with
// nix path-info --json for the same added tree.
func TestPathInfoJSONMatchesNix(t *testing.T) {
	nixtest.RequireNix(t, "nix")
	nixtest.RequireRoot(t)
	c := newCLI(t)
	p := filepath.Join(t.TempDir(), "json-tree")
	if err := nartest.WriteRandom(p, 5, 1<<20, 256<<10); err != nil {
		t.Fatal(err)
	}
	sp := strings.TrimSpace(c.ok(nil, "store", "add", p))
	nixSP := strings.TrimSpace(string(nixOut(t, "nix-store", "--add", p)))
	type obj = map[string]any
	var ours, theirs []obj
	if err := json.Unmarshal([]byte(c.ok(nil, "store", "path-info", "--json", sp)), &ours); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(nixOut(t, "nix", "--extra-experimental-features", "nix-command", "--option", "substituters", "",
		"path-info", "--json", nixSP), &theirs); err != nil {
		t.Fatal(err)
	}
	if len(ours) != 1 || len(theirs) != 1 {
		t.Fatalf("ours %v, Nix %v", ours, theirs)
	}
	for _, k := range []string{"path", "narHash", "narSize", "references", "ca"} {
		o, _ := json.Marshal(ours[0][k])
		n, _ := json.Marshal(theirs[0][k])
		if string(o) != string(n) {
			t.Errorf("%s: ours %s, Nix %s", k, o, n)
		}
	}
}

func TestLsAndCat(t *testing.T) {
	c := newCLI(t)
	p := filepath.Join(t.TempDir(), "tree")
	if err := nartest.WriteEdgeCases(p); err != nil {
		t.Fatal(err)
	}
	sp := strings.TrimSpace(c.ok(nil, "store", "add", p))
	want, _ := os.ReadFile(filepath.Join(p, "sub/deeper/deepest/file"))
	if got := c.ok(nil, "store", "cat", sp+"/sub/deeper/deepest/file"); got != string(want) {
		t.Errorf("cat gave %q, want %q", got, want)
	}
	if got := c.ok(nil, "store", "ls", sp+"/unicode"); got != "Zürich\nlink-☃\nsnowman-☃\n日本語\n" {
		t.Errorf("ls unicode: %q", got)
	}
	if got := c.ok(nil, "store", "ls", "-l", sp+"/sub"); !strings.Contains(got, "-r-xr-xr-x                    0 exe-empty\n") ||
		!strings.Contains(got, "lrwxrwxrwx                    0 link-up -> ../nine\n") || !strings.Contains(got, "dr-xr-xr-x                    0 deeper\n") {
		t.Errorf("ls -l sub:\n%s", got)
	}
	c.fails(nil, []string{"store", "cat", sp + "/sub"}, sp+"/sub", "not a regular file")
	c.fails(nil, []string{"store", "cat", sp + "/nope"}, sp+"/nope", "no such file")
	c.fails(nil, []string{"store", "ls", "/nix/store/00000000000000000000000000000000-x"}, "00000000000000000000000000000000-x", "not in the store")
	c.fails(nil, []string{"store", "ls", "/tmp/x"}, "/tmp/x", "not in /nix/store")
}

// TestBadInputLeavesStoreUnchanged feeds malformed NARs and unreadable
// trees to the CLI; each must fail with a one-line error naming the input
// and leave no store path behind.
func TestBadInputLeavesStoreUnchanged(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good")
	os.MkdirAll(filepath.Join(good, "d"), 0o755)
	os.WriteFile(filepath.Join(good, "d", "f"), []byte("content"), 0o644)
	os.Symlink("d/f", filepath.Join(good, "l"))

	// A valid NAR to mutilate, made by a separate store.
	validNAR := dumpVia(t, c.bin, good)

	c.fails(validNAR[:len(validNAR)-9], []string{"store", "import-nar", "cut"}, "import-nar cut", "stdin", "truncated", "byte")
	dotdot := bytes.Replace(validNAR, []byte("\x01\x00\x00\x00\x00\x00\x00\x00d\x00\x00\x00\x00\x00\x00\x00"), []byte("\x02\x00\x00\x00\x00\x00\x00\x00..\x00\x00\x00\x00\x00\x00"), 1)
	if bytes.Equal(dotdot, validNAR) {
		t.Fatal("could not plant a .. entry")
	}
	c.fails(dotdot, []string{"store", "import-nar", "dotdot"}, "stdin", `invalid entry name ".."`, "byte")
	c.fails(append(append([]byte(nil), validNAR...), 1), []string{"store", "import-nar", "trailing"}, "stdin", "trailing data")
	c.fails(validNAR, []string{"store", "import-nar", "bad name"}, "bad name", "illegal character")
	fifoTree := filepath.Join(dir, "fifo-tree")
	os.MkdirAll(fifoTree, 0o755)
	os.WriteFile(filepath.Join(fifoTree, "a"), []byte("a"), 0o644)
	if err := syscall.Mkfifo(filepath.Join(fifoTree, "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.fails(nil, []string{"store", "add", fifoTree}, "add "+fifoTree, "pipe", "unsupported file type")
	c.fails(nil, []string{"store", "add", filepath.Join(dir, "missing")}, "missing", "no such file")
	if ps := c.storePaths(); len(ps) != 0 {
		t.Fatalf("store paths after errors: %v", ps)
	}

	// The valid NAR imports to the same path as adding the tree.
	imported := strings.TrimSpace(c.ok(validNAR, "store", "import-nar", "good"))
	added := strings.TrimSpace(c.ok(nil, "store", "add", good))
	if imported != added {
		t.Errorf("import-nar gave %s, add %s", imported, added)
	}
}

// dumpVia adds tree to a fresh local store and returns its NAR.
func dumpVia(t *testing.T, bin, tree string) []byte {
	t.Helper()
	c := &cli{t: t, bin: bin, store: "local:" + filepath.Join(t.TempDir(), "s"), home: t.TempDir()}
	sp := strings.TrimSpace(c.ok(nil, "store", "add", tree))
	return []byte(c.ok(nil, "store", "dump", sp))
}

// TestAddRejectsUnreadableFiles runs tvix as an unprivileged user (root
// reads everything) on a tree with files it cannot read.
func TestAddRejectsUnreadableFiles(t *testing.T) {
	nixtest.RequireRoot(t)
	base, err := os.MkdirTemp("", "tvix-unreadable-*")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	os.Chmod(base, 0o777)
	tree := filepath.Join(base, "tree")
	os.MkdirAll(filepath.Join(tree, "locked"), 0o755)
	os.WriteFile(filepath.Join(tree, "ok"), []byte("ok"), 0o644)
	os.WriteFile(filepath.Join(tree, "secret"), []byte("s"), 0o600)
	os.WriteFile(filepath.Join(tree, "locked", "x"), []byte("x"), 0o644)
	os.Chmod(filepath.Join(tree, "locked"), 0o700)
	c := &cli{t: t, bin: tvixBinary(t), store: "local:" + filepath.Join(base, "store"), home: filepath.Join(base, "home"),
		cred: &syscall.Credential{Uid: 65534, Gid: 65534}}
	c.fails(nil, []string{"store", "add", tree}, "unreadable files (2)", tree+"/secret", tree+"/locked", "permission denied")
	if ps := c.storePaths(); len(ps) != 0 {
		t.Fatalf("store paths after error: %v", ps)
	}
}

// TestOtherStoreDir adds a tree under another store directory (flag and
// NIX_STORE_DIR) and compares with what Nix computes for that directory.
func TestOtherStoreDir(t *testing.T) {
	c := newCLI(t)
	tree := filepath.Join(t.TempDir(), "tree")
	if err := nartest.WriteEdgeCases(tree); err != nil {
		t.Fatal(err)
	}
	storeDir := filepath.Join(t.TempDir(), "store")
	want := nixtest.EvalInStoreDir(t, storeDir, `builtins.path { path = /. + "`+tree+`"; }`)
	if got := strings.TrimSpace(c.ok(nil, "store", "--store-dir", storeDir, "add", tree)); got != want {
		t.Errorf("--store-dir %s: added %s, Nix computes %s", storeDir, got, want)
	}
	cmd := c.command(nil, "store", "path-info", want)
	cmd.Env = append(cmd.Env, "NIX_STORE_DIR="+storeDir)
	if got, err := cmd.Output(); err != nil || strings.TrimSpace(string(got)) != want {
		t.Errorf("path-info with NIX_STORE_DIR=%s: %q, %v", storeDir, got, err)
	}
	c.fails(nil, []string{"store", "path-info", want}, want, "not in /nix/store")
}
