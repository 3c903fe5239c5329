package instantiate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/p2pnix/tvix/eval"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/derivation"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixpath"
)

// readStoreFile returns the contents of the regular file store path p in st.
func readStoreFile(ctx context.Context, st *store.Store, p string) ([]byte, error) {
	sp, err := nixpath.DefaultStoreDir.Parse(p)
	if err != nil {
		return nil, err
	}
	info, err := st.PathInfos.Get(ctx, sp.Hash)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	d, err := store.DigestFromBytes(info.GetNode().GetFile().GetDigest())
	if err != nil {
		return nil, err
	}
	r, err := st.Blobs.Open(ctx, d)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// storeOnlyRealise stands in for tvix build's builder during
// import-from-derivation: each output asked for gets the files given
// (name -> contents) in st, and nothing on disk at its store path, as for
// a build by a user who cannot link into /nix/store.
func storeOnlyRealise(t *testing.T, st *store.Store, files map[string]string, calls *int) RealiseFunc {
	return func(ctx context.Context, outputs []eval.ContextElem) error {
		for _, e := range outputs {
			*calls++
			out, drvPath := e.Output, e.Path
			data, err := readStoreFile(ctx, st, drvPath)
			if err != nil {
				return err
			}
			d, err := derivation.ParseDrv(drvPath, data)
			if err != nil {
				return err
			}
			outPath := d.Outputs[out].Path
			if _, err := os.Lstat(outPath); err == nil {
				t.Fatalf("%s is on disk: the test needs an output that is not", outPath)
			}
			dir := t.TempDir()
			for name, contents := range files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(contents), 0o644); err != nil {
					return err
				}
			}
			node, size, sum, err := nar.ImportTree(ctx, st.Blobs, st.Directories, dir)
			if err != nil {
				return err
			}
			nar.SetNodeName(node, []byte(filepath.Base(outPath)))
			info := &storev1.PathInfo{Node: node, Narinfo: &storev1.NARInfo{NarSize: size, NarSha256: sum[:]}}
			if _, err := st.PathInfos.Put(ctx, info); err != nil {
				return err
			}
		}
		return nil
	}
}

// tempCopies lists the directories of local store path copies in dir.
func tempCopies(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "tvix-eval-store-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestInstantiateIFDThroughStore: an output built during evaluation that
// is only in the store, not at its store path on disk, is imported and
// read (import, readFile, hashFile) through the store's local copy, and
// that copy is gone once Instantiate returns.
func TestInstantiateIFDThroughStore(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	unique := strconv.FormatInt(time.Now().UnixNano(), 10)
	lib := `{ answer = 42; }`
	expr := `let d = derivation { name = "ifd-` + unique + `"; system = "x86_64-linux"; builder = "/bin/sh"; };
	  v = import "${d}/lib.nix";
	in derivation { name = "after-` + unique + `"; system = "x86_64-linux"; builder = "/bin/sh";
	  answer = v.answer; text = builtins.readFile "${d}/lib.nix"; h = builtins.hashFile "sha256" "${d}/lib.nix"; }`
	st := store.NewMemoryStore()
	var calls int
	o := &Options{FromExpr: true, Files: []string{expr}}
	targets, err := Instantiate(context.Background(), o, st, storeOnlyRealise(t, st, map[string]string{"lib.nix": lib}, &calls), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 || len(targets) != 1 {
		t.Fatalf("realise called %d times, targets %v", calls, targets)
	}
	data, err := readStoreFile(context.Background(), st, targets[0].DrvPath)
	if err != nil {
		t.Fatal(err)
	}
	d, err := derivation.ParseDrv(targets[0].DrvPath, data)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(lib))
	for k, want := range map[string]string{"answer": "42", "text": lib, "h": hex.EncodeToString(sum[:])} {
		if got := d.Env[k]; got != want {
			t.Errorf("env %s = %q, want %q", k, got, want)
		}
	}
	if left := tempCopies(t, tmp); len(left) > 0 {
		t.Errorf("local copies left after Instantiate: %v", left)
	}
}
