package builder_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/builder/oci"
	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/localstore"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
)

var update = flag.Bool("update", false, "rebuild the corpus with nix-build and rewrite testdata/golden")

func TestMain(m *testing.M) {
	oci.MaybeInit()
	os.Exit(m.Run())
}

// goldenOutput is what Nix reports for one output.
type goldenOutput struct {
	Path       string   `json:"path"`
	NarHash    string   `json:"narHash"`
	NarSize    uint64   `json:"narSize"`
	References []string `json:"references"`
}

// goldenEntry is one corpus attribute as nix-build built it.
type goldenEntry struct {
	DrvPath string                  `json:"drvPath"`
	Outputs map[string]goldenOutput `json:"outputs,omitempty"`
	// Error is nix-build's error for the attributes that must fail:
	// its lines that start with "error:" or are indented below one.
	Error string `json:"error,omitempty"`
}

const corpusFile = "testdata/corpus.nix"
const goldenFile = "testdata/golden/corpus.json"

// corpusAttrs lists the attribute names of the corpus.
func corpusAttrs(t *testing.T) []string {
	out, err := exec.Command(nixtest.RequireNix(t, "nix-instantiate"), "--eval", "--json", "-E",
		"builtins.attrNames (import ./"+corpusFile+")").Output()
	if err != nil {
		t.Fatalf("listing corpus attributes: %v", err)
	}
	var names []string
	if err := json.Unmarshal(out, &names); err != nil {
		t.Fatal(err)
	}
	return names
}

func instantiate(t *testing.T, attr string) string {
	out, err := exec.Command(nixtest.RequireNix(t, "nix-instantiate"), corpusFile, "-A", attr).Output()
	if err != nil {
		t.Fatalf("nix-instantiate -A %s: %v", attr, err)
	}
	return strings.TrimSpace(string(out))
}

func nixStoreQuery(t *testing.T, what, path string) string {
	out, err := exec.Command(nixtest.RequireNix(t, "nix-store"), "--query", what, path).Output()
	if err != nil {
		t.Fatalf("nix-store --query %s %s: %v", what, path, err)
	}
	return strings.TrimSpace(string(out))
}

// nixBuild builds drvPath with Nix's sandbox and returns what it made.
func nixBuild(t *testing.T, attr, drvPath string) goldenEntry {
	return nixBuildWith(t, attr, drvPath, "true")
}

// nixBuildWith builds drvPath with Nix's sandbox setting sandbox.
func nixBuildWith(t *testing.T, attr, drvPath, sandbox string) goldenEntry {
	e := goldenEntry{DrvPath: drvPath}
	cmd := exec.Command(nixtest.RequireNix(t, "nix-build"), "--option", "sandbox", sandbox,
		"--option", "substituters", "", "--no-out-link", drvPath)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if strings.HasPrefix(attr, "fail-") {
		if err == nil {
			t.Fatalf("nix-build %s succeeded, but the corpus says it fails", attr)
		}
		e.Error = errorLines(stderr.String())
		return e
	}
	if err != nil {
		t.Fatalf("nix-build %s: %v\n%s", attr, err, stderr.String())
	}
	e.Outputs = map[string]goldenOutput{}
	for _, line := range strings.Split(nixStoreQuery(t, "--outputs", drvPath), "\n") {
		name := outputName(t, drvPath, line)
		size, _ := strconv.ParseUint(nixStoreQuery(t, "--size", line), 10, 64)
		refs := strings.Fields(nixStoreQuery(t, "--references", line))
		slices.Sort(refs)
		e.Outputs[name] = goldenOutput{Path: line, NarHash: nixStoreQuery(t, "--hash", line), NarSize: size, References: refs}
	}
	return e
}

// outputName finds which output of drvPath has path p.
func outputName(t *testing.T, drvPath, p string) string {
	out, err := exec.Command(nixtest.RequireNix(t, "nix"), "--extra-experimental-features", "nix-command",
		"show-derivation", drvPath).Output()
	if err != nil {
		t.Fatalf("nix show-derivation: %v", err)
	}
	var drvs map[string]struct {
		Outputs map[string]struct{ Path string } `json:"outputs"`
	}
	if err := json.Unmarshal(out, &drvs); err != nil {
		t.Fatal(err)
	}
	for name, o := range drvs[drvPath].Outputs {
		if o.Path == p {
			return name
		}
	}
	t.Fatalf("%s is no output of %s", p, drvPath)
	return ""
}

// errorLines keeps the "error:" line of a Nix error message and the
// indented lines after it.
func errorLines(stderr string) string {
	var keep []string
	in := false
	for _, l := range strings.Split(stderr, "\n") {
		switch {
		case strings.HasPrefix(l, "error:"):
			in = true
			keep = append(keep, l)
		case in && strings.HasPrefix(l, " "):
			keep = append(keep, l)
		default:
			in = false
		}
	}
	return strings.Join(keep, "\n")
}

func loadGolden(t *testing.T, file string) map[string]goldenEntry {
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./builder -update as root with Nix installed)", err)
	}
	var g map[string]goldenEntry
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

func saveGolden(t *testing.T, file string, g map[string]goldenEntry) {
	b, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// storeWithDrvs opens a local store in a temporary directory holding the
// .drv files of attrs (and their sources) from /nix/store; it also
// returns their paths in the order of attrs.
func storeWithDrvs(ctx context.Context, t *testing.T, attrs []string, drvPaths map[string]string) (*store.Store, []string) {
	st, err := localstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var all []string
	for _, a := range attrs {
		all = append(all, drvPaths[a])
	}
	if err := builder.ImportDerivations(ctx, st, nixpath.DefaultStoreDir, all); err != nil {
		t.Fatal(err)
	}
	return st, all
}

// TestDifferentialCorpus builds every corpus derivation with the OCI
// builder and compares output paths, NAR hashes and sizes and references
// with what nix-build --option sandbox true produced (testdata/golden,
// recorded by -update); failures must fail, a fixed-output mismatch with
// Nix's message.
func TestDifferentialCorpus(t *testing.T) {
	nixtest.RequireRoot(t)
	if _, err := os.Stat("/usr/bin/busybox"); err != nil {
		nixtest.Unavailable(t, "no /usr/bin/busybox (make deps installs busybox-static)")
	}
	attrs := corpusAttrs(t)
	drvPaths := map[string]string{}
	for _, a := range attrs {
		drvPaths[a] = instantiate(t, a)
	}
	if *update {
		g := map[string]goldenEntry{}
		for _, a := range attrs {
			g[a] = nixBuild(t, a, drvPaths[a])
		}
		saveGolden(t, goldenFile, g)
	}
	golden := loadGolden(t, goldenFile)

	ctx := context.Background()
	st, all := storeWithDrvs(ctx, t, attrs, drvPaths)
	dir := nixpath.DefaultStoreDir
	sk, pk, err := nixsig.GenerateKey("test-builder-1")
	if err != nil {
		t.Fatal(err)
	}
	b, err := oci.New(oci.Options{Dir: t.TempDir(), Blobs: st.Blobs, Directories: st.Directories})
	if err != nil {
		t.Fatal(err)
	}
	logs := map[string]*bytes.Buffer{}
	for _, p := range all {
		logs[p] = &bytes.Buffer{}
	}
	db, err := builder.NewDrvBuilder(builder.DrvBuilderOptions{
		Store: st, StoreDir: dir, Builder: b, SigningKey: &sk,
		Request: builder.RequestOptions{Cores: runtime.NumCPU()},
		Log:     func(p string) io.Writer { return logs[p] },
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range attrs {
		t.Run(a, func(t *testing.T) {
			want, ok := golden[a]
			if !ok || want.DrvPath != drvPaths[a] {
				// The corpus or the host's busybox changed since the
				// goldens were recorded: compare with Nix directly.
				t.Logf("golden entry for %s is for %s, nix-instantiate gives %s: comparing with a fresh nix-build (run -update to record it)", a, want.DrvPath, drvPaths[a])
				want = nixBuild(t, a, drvPaths[a])
			}
			res, err := db.BuildClosure(ctx, []string{drvPaths[a]}, builder.ClosureOptions{Jobs: 2})
			if strings.HasPrefix(a, "fail-") {
				if err == nil {
					t.Fatalf("build succeeded, Nix failed with:\n%s", want.Error)
				}
				if !errors.Is(err, builder.ErrBuildFailed) {
					t.Fatalf("error is not a build failure: %v", err)
				}
				if a != "fail-no-output" && strings.Join(strings.Fields("error: "+err.Error()), " ") != strings.Join(strings.Fields(want.Error), " ") {
					t.Errorf("error:\n%v\nNix said:\n%s", err, want.Error)
				}
				return
			}
			if err != nil {
				t.Fatalf("build: %v\nlog:\n%s", err, logs[drvPaths[a]])
			}
			got := res[len(res)-1]
			if len(got.Outputs) != len(want.Outputs) {
				t.Fatalf("outputs %v, want %v", got.Outputs, want.Outputs)
			}
			for name, w := range want.Outputs {
				info := checkOutput(ctx, t, st, name, got.Outputs[name], w)
				if info == nil {
					continue
				}
				if info.Narinfo.Deriver == nil || info.Narinfo.Deriver.Name+".drv" != filepath.Base(drvPaths[a])[33:] {
					t.Errorf("output %s deriver %v", name, info.Narinfo.Deriver)
				}
				if n, err := nixsig.Verify(dir, []nixsig.PublicKey{pk}, info); err != nil || n != 1 {
					t.Errorf("output %s: %d valid signatures (%v)", name, n, err)
				}
			}
		})
	}
}

// checkOutput compares output name, built at path, with Nix's and returns
// its PathInfo, or nil after an error when the paths differ.
func checkOutput(ctx context.Context, t *testing.T, st *store.Store, name, path string, w goldenOutput) *storev1.PathInfo {
	t.Helper()
	dir := nixpath.DefaultStoreDir
	if path != w.Path {
		t.Errorf("output %s path %s, want %s", name, path, w.Path)
		return nil
	}
	sp, _ := dir.Parse(w.Path)
	info, err := st.PathInfos.Get(ctx, sp.Hash)
	if err != nil {
		t.Fatal(err)
	}
	narHash := "sha256:" + nixbase32.EncodeToString(info.Narinfo.NarSha256)
	if narHash != w.NarHash || info.Narinfo.NarSize != w.NarSize {
		t.Errorf("output %s: NAR %s (%d bytes), Nix: %s (%d bytes)", name, narHash, info.Narinfo.NarSize, w.NarHash, w.NarSize)
		if info.Narinfo.NarSize < 64<<10 {
			t.Logf("our output:\n%s", dumpOutput(ctx, t, st, info.Node))
			t.Logf("Nix's output (if still in /nix/store):\n%s", nixOutput(w.Path))
		}
	}
	var refs []string
	for _, r := range info.Narinfo.ReferenceNames {
		refs = append(refs, string(dir)+"/"+r)
	}
	if !slices.Equal(refs, w.References) && len(refs)+len(w.References) > 0 {
		t.Errorf("output %s references %v, Nix: %v", name, refs, w.References)
	}
	return info
}

func nixOutput(p string) string {
	out, _ := exec.Command("sh", "-c", "cat "+p+" 2>/dev/null || (cd "+p+" && for f in *; do echo \"== $f\"; cat $f; done)").CombinedOutput()
	return string(out)
}

// dumpOutput prints a file output, or each file at the top of a
// directory output, for diagnosing a differing output.
func dumpOutput(ctx context.Context, t *testing.T, st *store.Store, n *castorev1.Node) string {
	read := func(digest []byte) string {
		d, err := store.DigestFromBytes(digest)
		if err != nil {
			return err.Error()
		}
		r, err := st.Blobs.Open(ctx, d)
		if err != nil {
			return err.Error()
		}
		defer r.Close()
		b, _ := io.ReadAll(r)
		return string(b)
	}
	if f := n.GetFile(); f != nil {
		return read(f.Digest)
	}
	dn := n.GetDirectory()
	if dn == nil {
		return "(symlink)"
	}
	d, _ := store.DigestFromBytes(dn.Digest)
	dir, err := st.Directories.Get(ctx, d)
	if err != nil {
		return err.Error()
	}
	var b strings.Builder
	for _, f := range dir.Files {
		b.WriteString("== " + string(f.Name) + "\n" + read(f.Digest))
	}
	return b.String()
}
