package instantiate

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/storeurl"
)

// TestDerivationsAgainstNix instantiates every expression in
// ../testdata/derivations with nix-instantiate and with Run: the printed
// drv paths must be the same, and every .drv Run made must have the bytes
// of Nix's file of that path. Where Nix fails, Run must fail with the same
// first line of the message.
func TestDerivationsAgainstNix(t *testing.T) {
	nixInst := nixtest.RequireNix(t, "nix-instantiate")
	files, err := filepath.Glob("../testdata/derivations/*.nix")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test expressions: %v", err)
	}
	for _, f := range files {
		f := f
		t.Run(filepath.Base(f), func(t *testing.T) {
			var nixErr bytes.Buffer
			args := []string{f}
			if strings.HasPrefix(filepath.Base(f), "err-ifd") {
				// Nix would build the imported derivation; tvix
				// instantiate does not build, as Nix with this option.
				args = append(args, "--option", "allow-import-from-derivation", "false")
			}
			cmd := exec.Command(nixInst, args...)
			cmd.Stderr = &nixErr
			want, nixFailed := cmd.Output()
			o, err := ParseArgs([]string{f})
			if err != nil {
				t.Fatal(err)
			}
			o.store = newComputeStore()
			o.StoreURL = "local:" + t.TempDir()
			var got, stderr bytes.Buffer
			err = Run(context.Background(), o, nil, &got, &stderr)
			if nixFailed != nil {
				if err == nil {
					t.Fatalf("Run succeeded where nix-instantiate failed with\n%s", nixErr.String())
				}
				if g, w := firstErrorLine(err.Error()), firstErrorLine(nixErr.String()); g != w || w == "" {
					t.Fatalf("error:\n got %q\nwant %q", g, w)
				}
				return
			}
			if err != nil {
				t.Fatalf("Run: %v\n%s", err, stderr.String())
			}
			if got.String() != string(want) {
				t.Errorf("drv paths:\n got %q\nwant %q", got.String(), want)
			}
			if len(o.store.files) == 0 {
				t.Fatal("no derivations made")
			}
			for p, b := range o.store.files {
				nb, err := os.ReadFile(p)
				if err != nil {
					t.Errorf("Nix did not write %s: %v", p, err)
					continue
				}
				if !bytes.Equal(b, nb) {
					t.Errorf("%s:\n got %s\nwant %s", p, b, nb)
				}
			}
			var written []string
			for p := range o.store.files {
				written = append(written, p)
			}
			for p := range o.store.sources {
				written = append(written, p)
			}
			o.store.st.PathInfos.List(context.Background(), func(info *storev1.PathInfo) error {
				written = append(written, string(o.store.dir)+"/"+string(store.NodeName(info.GetNode())))
				return nil
			})
			checkWritten(t, o.StoreURL, written)
		})
	}
}

// firstErrorLine returns an error's message line: Nix 2.26 (and tvix)
// write a bare "error:" above trace frames and the message below them.
func firstErrorLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, "error: ") {
			return l
		}
	}
	return ""
}

// checkWritten checks that the store at url holds each path with the NAR
// serialisation nix-store --dump gives for it.
func checkWritten(t *testing.T, url string, paths []string) {
	t.Helper()
	nixStore := nixtest.RequireNix(t, "nix-store")
	ctx := context.Background()
	st, err := storeurl.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, p := range paths {
		sp, err := nixpath.DefaultStoreDir.Parse(p)
		if err != nil {
			t.Fatal(err)
		}
		info, err := st.PathInfos.Get(ctx, sp.Hash)
		if err != nil {
			t.Errorf("%s not written: %v", p, err)
			continue
		}
		var got bytes.Buffer
		if _, err := nar.Write(ctx, &got, st.Blobs, st.Directories, info.Node); err != nil {
			t.Fatal(err)
		}
		want, err := exec.Command(nixStore, "--dump", p).Output()
		if err != nil {
			t.Fatalf("nix-store --dump %s: %v", p, err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: NAR differs from nix-store --dump", p)
		}
	}
}
