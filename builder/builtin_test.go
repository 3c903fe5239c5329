package builder_test

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/proto/buildv1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/ulikunitz/xz"
)

const builtinsFile = "testdata/builtins.nix"
const builtinsGolden = "testdata/golden/builtins.json"

// refusingBuilder fails every build: built-in builders must not reach it.
type refusingBuilder struct{}

func (refusingBuilder) Build(context.Context, *buildv1.BuildRequest, io.Writer) (*buildv1.Build, error) {
	return nil, errors.New("the sandbox was asked to run a built-in builder")
}

// writeTree creates files under dir: a name ending in "*" is executable,
// one ending in "@" is a symlink to the content, one ending in "/" a
// directory.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for _, name := range slices.Sorted(mapKeys(files)) {
		content := files[name]
		p := filepath.Join(dir, strings.TrimRight(name, "*@/"))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		switch {
		case strings.HasSuffix(name, "/"):
			err = os.MkdirAll(p, 0o755)
		case strings.HasSuffix(name, "@"):
			err = os.Symlink(content, p)
		case strings.HasSuffix(name, "*"):
			err = os.WriteFile(p, []byte(content), 0o755)
		default:
			err = os.WriteFile(p, []byte(content), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func mapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// narOf returns the NAR serialisation of the tree at p.
func narOf(t *testing.T, p string) []byte {
	t.Helper()
	st := store.NewMemoryStore()
	node, _, _, err := nar.ImportTree(context.Background(), st.Blobs, st.Directories, p)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := nar.Write(context.Background(), &b, st.Blobs, st.Directories, node); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// builtinFixtures writes the files builtins.nix fetches into dir.
func builtinFixtures(t *testing.T, dir string) {
	t.Helper()
	scratch := t.TempDir()
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	narFile := func(name string, files map[string]string) []byte {
		root := filepath.Join(scratch, name)
		writeTree(t, root, files)
		b := narOf(t, root)
		write(name+".nar", b)
		return b
	}
	write("hello.txt", []byte("hello from builtin:fetchurl\n"))
	script := "#!/bin/sh\necho hi\n"
	write("script.sh", []byte(script))
	writeTree(t, filepath.Join(scratch, "exec"), map[string]string{"script*": script})
	write("script-exec.nar", narOf(t, filepath.Join(scratch, "exec", "script")))

	c := narFile("pkg-c", map[string]string{"bin/c*": "#!/bin/sh\necho c\n", "share/c.txt": "c\n"})
	cPath, err := nixpath.DefaultStoreDir.MakeSourcePath("pkg-c", sha256.Sum256(c))
	if err != nil {
		t.Fatal(err)
	}
	a := narFile("pkg-a", map[string]string{
		"bin/a*":          "#!/bin/sh\necho a\n",
		"bin/dangling@":   "/nonexistent/target",
		"share/common":    "from a\n",
		"share/doc/a.txt": "a's doc\n",
		"lib/liba.so":     "liba\n",
		".hidden":         "skipped\n",
		"share/info/dir":  "skipped\n",
		"nix-support/propagated-user-env-packages": nixpath.DefaultStoreDir.Absolute(cPath) + "\n",
	})
	narFile("pkg-b", map[string]string{
		"bin/b*":             "#!/bin/sh\necho b\n",
		"data/common":        "from b\n",
		"data/doc/b.txt":     "b's doc\n",
		"share@":             "data",
		"lib/libb.so":        "libb\n",
		"lib/pkgconfig/b.pc": "b\n",
	})
	var xzBuf bytes.Buffer
	xw, err := xz.NewWriter(&xzBuf)
	if err != nil {
		t.Fatal(err)
	}
	xw.Write(a)
	if err := xw.Close(); err != nil {
		t.Fatal(err)
	}
	write("pkg-a.nar.xz", xzBuf.Bytes())

	var tarBuf bytes.Buffer
	tw := tar.NewWriter(&tarBuf)
	for _, e := range []struct {
		name, body string
		mode       int64
	}{
		{"nixpkgs-23.05/", "", 0o755},
		{"nixpkgs-23.05/default.nix", "{ }: { hello = 1; }\n", 0o644},
		{"nixpkgs-23.05/lib/tool.sh", "#!/bin/sh\n", 0o755},
	} {
		h := &tar.Header{Name: e.name, Mode: e.mode, Size: int64(len(e.body)), Typeflag: tar.TypeReg, Format: tar.FormatUSTAR}
		if strings.HasSuffix(e.name, "/") {
			h.Typeflag = tar.TypeDir
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(e.body))
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	write("channel.tar", tarBuf.Bytes())
}

// builtinAttrs lists the attributes of builtins.nix.
func builtinAttrs(t *testing.T) []string {
	out, err := exec.Command(nixtest.RequireNix(t, "nix-instantiate"), "--eval", "--json", "-E",
		"builtins.attrNames (import ./"+builtinsFile+" { fixtures = \"\"; http = \"\"; })").Output()
	if err != nil {
		t.Fatalf("listing attributes: %v", err)
	}
	var names []string
	if err := json.Unmarshal(out, &names); err != nil {
		t.Fatal(err)
	}
	return names
}

// TestBuiltinBuildersMatchNix builds every derivation of builtins.nix
// (builtin:fetchurl over file:// and from nginx on loopback, builtin:buildenv,
// builtin:unpack-channel) and compares output paths, NAR hashes and
// references with what nix-build made (testdata/golden/builtins.json,
// recorded by -update); the fail- ones must fail.
func TestBuiltinBuildersMatchNix(t *testing.T) {
	nixtest.RequireRoot(t)
	fixtures := t.TempDir()
	builtinFixtures(t, fixtures)
	// Nix's build users read file:// URLs.
	for _, d := range []string{fixtures, filepath.Dir(fixtures)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	ng := nixtest.StartNginx(t, fixtures)
	attrs := builtinAttrs(t)
	drvPaths := map[string]string{}
	for _, a := range attrs {
		out, err := exec.Command(nixtest.RequireNix(t, "nix-instantiate"), builtinsFile, "-A", a,
			"--argstr", "fixtures", fixtures, "--argstr", "http", ng.URL).CombinedOutput()
		if err != nil {
			t.Fatalf("nix-instantiate -A %s: %v\n%s", a, err, out)
		}
		drvPaths[a] = lastLine(string(out))
	}
	if *update {
		g := map[string]goldenEntry{}
		for _, a := range attrs {
			e := nixBuildWith(t, a, drvPaths[a], "false")
			e.DrvPath = "" // depends on the fixtures' directory and port
			g[a] = e
		}
		saveGolden(t, builtinsGolden, g)
	}
	golden := loadGolden(t, builtinsGolden)
	ctx := context.Background()
	st, _ := storeWithDrvs(ctx, t, attrs, drvPaths)
	dir := nixpath.DefaultStoreDir
	t.Setenv("TMPDIR", t.TempDir())
	db, err := builder.NewDrvBuilder(builder.DrvBuilderOptions{Store: st, StoreDir: dir, Builder: refusingBuilder{}})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range attrs {
		t.Run(a, func(t *testing.T) {
			want, ok := golden[a]
			if !ok {
				t.Fatalf("no golden entry for %s (run -update)", a)
			}
			res, err := db.BuildClosure(ctx, []string{drvPaths[a]}, builder.ClosureOptions{Jobs: 2})
			if strings.HasPrefix(a, "fail-") {
				if !errors.Is(err, builder.ErrBuildFailed) {
					t.Fatalf("error %v, want a build failure; Nix said:\n%s", err, want.Error)
				}
				return
			}
			if err != nil {
				t.Fatalf("build: %v", err)
			}
			got := res[len(res)-1]
			for name, w := range want.Outputs {
				checkOutput(ctx, t, st, name, got.Outputs[name], w)
			}
		})
	}
	if n := ng.CountRequests("GET /hello.txt", 1); n == 0 {
		t.Errorf("nginx served hello.txt %d times", n)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
