package narinfo

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixpath"
)

var update = flag.Bool("update", false, "record a binary cache written by nix copy into testdata/cache")

const cacheDir = "testdata/cache"

func run(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out))
}

// record has Nix add a source tree and text files with references, sign
// them, and copy them into an uncompressed file:// binary cache.
func record(t *testing.T) {
	nixtest.RequireNix(t, "nix")
	nixtest.RequireRoot(t)
	work := t.TempDir()
	nonce := time.Now().Format(time.RFC3339Nano)
	run(t, work, "nix-store", "--generate-binary-cache-key", "narinfo-test-1", "sk", "pk")
	os.MkdirAll(filepath.Join(work, "src", "bin"), 0o755)
	os.WriteFile(filepath.Join(work, "src", "bin", "tool"), []byte("#!/bin/sh\necho "+nonce+"\n"), 0o755)
	os.Symlink("bin/tool", filepath.Join(work, "src", "link"))
	src := run(t, work, "nix-store", "--add", "src")
	text := strings.Trim(run(t, work, "nix-instantiate", "--read-write-mode", "--eval", "-E",
		`builtins.toFile "refs" "${builtins.toFile "dep" "`+nonce+`"} and ${builtins.path { path = ./src; name = "src"; }}"`), `"`)
	nix := []string{"nix", "--extra-experimental-features", "nix-command", "--option", "substituters", ""}
	run(t, work, append(nix, "store", "sign", "--key-file", "sk", text, src)...)
	os.RemoveAll(cacheDir)
	run(t, work, append(nix, "copy", "--to", "file://"+filepath.Join(mustAbs(t, "."), cacheDir)+"?compression=none", text, src)...)
	os.RemoveAll(filepath.Join(cacheDir, "log"))
	os.RemoveAll(filepath.Join(cacheDir, "realisations"))
}

func mustAbs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func narinfos(t *testing.T) []string {
	t.Helper()
	if *update {
		record(t)
	}
	files, _ := filepath.Glob(filepath.Join(cacheDir, "*.narinfo"))
	if len(files) < 3 {
		t.Fatalf("%d narinfo files in %s (run go test -update as root with Nix)", len(files), cacheDir)
	}
	return files
}

// TestMatchesNixCopy parses each narinfo Nix wrote, ingests the NAR it
// points to, and renders the narinfo again from the result: the text
// must be Nix's, byte for byte.
func TestMatchesNixCopy(t *testing.T) {
	ctx := context.Background()
	sawRefs, sawSig, sawCA := false, false, false
	for _, f := range narinfos(t) {
		want, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Parse(nixpath.DefaultStoreDir, bytes.NewReader(want), f)
		if err != nil {
			t.Fatal(err)
		}
		ni := p.Info.Narinfo
		sawRefs = sawRefs || len(ni.ReferenceNames) > 0
		sawSig = sawSig || len(ni.Signatures) > 0
		sawCA = sawCA || ni.Ca != nil

		narFile, err := os.Open(filepath.Join(cacheDir, p.File.URL))
		if err != nil {
			t.Fatal(err)
		}
		st := store.NewMemoryStore()
		node, size, sum, err := nar.Ingest(ctx, narFile, p.File.URL, st.Blobs, st.Directories, "x")
		narFile.Close()
		if err != nil {
			t.Fatal(err)
		}
		if size != ni.NarSize || !bytes.Equal(sum[:], ni.NarSha256) {
			t.Errorf("%s: ingested NAR has size %d, narinfo says %d (or hashes differ)", f, size, ni.NarSize)
		}
		p.SetNode(node)
		if _, err := st.PathInfos.Put(ctx, p.Info); err != nil {
			t.Fatalf("%s: parsed PathInfo is not accepted by the store: %v", f, err)
		}
		got, err := Render(nixpath.DefaultStoreDir, p.Info, Uncompressed(p.Info))
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%s: rendered\n%s\nNix wrote\n%s", f, got, want)
		}
	}
	if !sawRefs || !sawSig || !sawCA {
		t.Errorf("recorded cache lacks references (%v), signatures (%v) or CA (%v)", sawRefs, sawSig, sawCA)
	}
}

func TestDeriverRoundTrip(t *testing.T) {
	const text = "StorePath: /nix/store/0a3wmbhp8mhsiqr1h3x8ihk5z8wm4m4w-a\nURL: nar/x.nar.xz\nCompression: xz\n" +
		"NarHash: sha256:0cfw511f00yvvra2vkqmxrkag06m9kc10yzp5fc8vw34lzvjp4p0\nNarSize: 144\nReferences: \n" +
		"Deriver: 1b3wmbhp8mhsiqr1h3x8ihk5z8wm4m4w-a.drv\nSystem: x86_64-linux\n"
	p, err := Parse(nixpath.DefaultStoreDir, strings.NewReader(text), "t")
	if err != nil {
		t.Fatal(err)
	}
	if d := p.Info.Narinfo.Deriver; d.GetName() != "a" || len(d.GetDigest()) != 20 || p.System != "x86_64-linux" {
		t.Fatalf("deriver %v system %q", d, p.System)
	}
	p.SetNode(testSymlink())
	got, err := Render(nixpath.DefaultStoreDir, p.Info, p.File)
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Replace(text, "System: x86_64-linux\n", "", 1); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestParseRejects(t *testing.T) {
	good := "StorePath: /nix/store/0a3wmbhp8mhsiqr1h3x8ihk5z8wm4m4w-a\nURL: nar/x.nar\nCompression: none\n" +
		"NarHash: sha256:0cfw511f00yvvra2vkqmxrkag06m9kc10yzp5fc8vw34lzvjp4p0\nNarSize: 144\nReferences: \n"
	if _, err := Parse(nixpath.DefaultStoreDir, strings.NewReader(good), "good"); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		"bad store path": strings.Replace(good, "0a3wmbhp", "0e3wmbhp", 1),
		"other store":    strings.Replace(good, "/nix/store", "/gnu/store", 1),
		"md5 nar hash":   strings.Replace(good, "sha256:0cfw511f00yvvra2vkqmxrkag06m9kc10yzp5fc8vw34lzvjp4p0", "md5:00000000000000000000000000000000", 1),
		"bad reference":  strings.Replace(good, "References: ", "References: nope", 1),
		"bad deriver":    good + "Deriver: foo\n",
		"bad CA":         good + "CA: magic:x\n",
		"long base64":    strings.Replace(good, "sha256:0cfw511f00yvvra2vkqmxrkag06m9kc10yzp5fc8vw34lzvjp4p0", "sha256:"+strings.Repeat("A", 44), 1),
		"no URL":         strings.Replace(good, "URL: nar/x.nar\n", "", 1),
	} {
		_, err := Parse(nixpath.DefaultStoreDir, strings.NewReader(text), "in.narinfo")
		if err == nil || !strings.HasPrefix(err.Error(), "in.narinfo: invalid narinfo: ") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func testSymlink() *castorev1.Node {
	return &castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: &castorev1.SymlinkNode{Target: []byte("x")}}}
}
