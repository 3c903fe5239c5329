package nixexport

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixpath"
)

var update = flag.Bool("update", false, "record nix-store --export streams into testdata")

const (
	closureFile = "testdata/closure.export" // nix-store --export of a closure
	singleDir   = "testdata/single"         // nix-store --export of each path alone
)

func nixOut(t *testing.T, args ...string) []byte {
	t.Helper()
	out, err := exec.Command(args[0], args[1:]...).Output()
	if err != nil {
		t.Fatalf("%s: %v", strings.Join(args, " "), err)
	}
	return out
}

// record has Nix create a small closure (a source tree and text files
// with references) and export it whole and path by path.
func record(t *testing.T) {
	nixtest.RequireNix(t, "nix-store")
	nixtest.RequireRoot(t)
	nonce := time.Now().Format(time.RFC3339Nano)
	src := filepath.Join(t.TempDir(), "src")
	os.MkdirAll(filepath.Join(src, "d"), 0o755)
	os.WriteFile(filepath.Join(src, "d", "exe"), []byte(nonce), 0o755)
	os.Symlink("d/exe", filepath.Join(src, "link"))
	top := strings.Trim(strings.TrimSpace(string(nixOut(t, "nix-instantiate", "--read-write-mode", "--eval", "-E",
		`builtins.toFile "top" "${builtins.toFile "leaf" "`+nonce+`"} ${builtins.path { path = /. + "`+src+`"; name = "src"; }}"`))), `"`)
	paths := strings.Fields(string(nixOut(t, "nix-store", "-qR", top)))
	if err := os.WriteFile(closureFile, nixOut(t, append([]string{"nix-store", "--export"}, paths...)...), 0o644); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(singleDir)
	os.MkdirAll(singleDir, 0o755)
	for _, p := range paths {
		if err := os.WriteFile(filepath.Join(singleDir, filepath.Base(p)), nixOut(t, "nix-store", "--export", p), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func recorded(t *testing.T) ([]byte, map[string][]byte) {
	t.Helper()
	if *update {
		record(t)
	}
	closure, err := os.ReadFile(closureFile)
	if err != nil {
		t.Fatalf("%v (run go test -update as root with Nix)", err)
	}
	singles := map[string][]byte{}
	files, _ := filepath.Glob(filepath.Join(singleDir, "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		singles[filepath.Base(f)] = b
	}
	if len(singles) < 3 {
		t.Fatalf("%d single exports recorded, want 3", len(singles))
	}
	return closure, singles
}

// TestRoundTripWithNix imports Nix's export of a closure, then exports
// each path: the bytes must be those of nix-store --export.
func TestRoundTripWithNix(t *testing.T) {
	closure, singles := recorded(t)
	ctx := context.Background()
	st := store.NewMemoryStore()
	infos, err := Import(ctx, st, nixpath.DefaultStoreDir, bytes.NewReader(closure), "closure.export")
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != len(singles) {
		t.Fatalf("imported %d paths, Nix exported %d", len(infos), len(singles))
	}
	refs := 0
	for _, info := range infos {
		base := string(store.NodeName(info.Node))
		refs += len(info.References)
		var out bytes.Buffer
		if err := Export(ctx, &out, st, nixpath.DefaultStoreDir, []*storev1.PathInfo{info}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), singles[base]) {
			t.Errorf("%s: export differs from nix-store --export (%d vs %d bytes)", base, out.Len(), len(singles[base]))
		}
		size, sum, err := nar.Calculate(ctx, st.Blobs, st.Directories, info.Node)
		if err != nil || size != info.Narinfo.NarSize || !bytes.Equal(sum[:], info.Narinfo.NarSha256) {
			t.Errorf("%s: stored NAR does not match its PathInfo: %v", base, err)
		}
	}
	if refs == 0 {
		t.Error("recorded closure has no references")
	}
	// A closure export imports into an empty store and back again.
	var all bytes.Buffer
	if err := Export(ctx, &all, st, nixpath.DefaultStoreDir, SortReferencesFirst(infos)); err != nil {
		t.Fatal(err)
	}
	if _, err := Import(ctx, store.NewMemoryStore(), nixpath.DefaultStoreDir, &all, "re-export"); err != nil {
		t.Fatalf("importing our own closure export: %v", err)
	}
}

// TestImportRejectsBadStreams cuts Nix's export at many points and
// corrupts it; every attempt must fail and register nothing.
func TestImportRejectsBadStreams(t *testing.T) {
	closure, singles := recorded(t)
	ctx := context.Background()
	st := store.NewMemoryStore()
	try := func(name string, b []byte, want string) {
		t.Helper()
		_, err := Import(ctx, st, nixpath.DefaultStoreDir, bytes.NewReader(b), "in")
		if err == nil || !strings.HasPrefix(err.Error(), "in: ") || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: err = %v, want a one-line error about %q", name, err, want)
		}
	}
	for i := 0; i < len(closure); i += 1 + i/7 {
		try("cut", closure[:i], "malformed")
	}
	try("trailing", append(append([]byte(nil), closure...), 0), "trailing data")
	bad := append([]byte(nil), closure...)
	bad[0] = 2
	try("marker", bad, "entry marker 2")
	// A path whose references are not in the stream or the store.
	var top []byte
	for _, b := range singles {
		if len(b) > len(top) {
			top = b
		}
	}
	for name, b := range singles {
		if bytes.Contains(b, []byte("-top")) {
			top = singles[name]
		}
	}
	try("missing reference", top, "neither in the export nor in the store")
	n := 0
	st.PathInfos.List(ctx, func(*storev1.PathInfo) error { n++; return nil })
	if n != 0 {
		t.Errorf("%d paths registered by failed imports", n)
	}
	var fe *nar.FormatError
	_, err := Import(ctx, st, nixpath.DefaultStoreDir, bytes.NewReader(closure[:100]), "in")
	if !errors.As(err, &fe) || fe.Offset != 100 {
		t.Errorf("cut inside the first NAR: %v, want a NAR error at byte 100", err)
	}
}
