package nar

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar/nartest"
	"github.com/p2pnix/tvix/store/nixpath"
)

var update = flag.Bool("update", false, "record NAR hashes and store paths from Nix into testdata")

const treesGolden = "testdata/nix-trees.json"

// nixTree is what Nix says about one generated tree.
type nixTree struct {
	StorePath string `json:"storePath"` // nix-store --add
	NarSize   uint64 `json:"narSize"`   // of nix-store --dump
	NarSHA256 string `json:"narSHA256"` // nixbase32
}

// testTrees are the generated trees compared with Nix; each writes the
// tree rooted at its argument (whose base name is the tree's name).
var testTrees = map[string]func(string) error{
	"edge": nartest.WriteEdgeCases,
	"random": func(p string) error {
		return nartest.WriteRandom(p, 1, 24<<20, 6<<20)
	},
	"big": func(p string) error { // 64 MiB and an empty file
		if err := os.Mkdir(p, 0o755); err != nil {
			return err
		}
		if err := nartest.WriteFile(filepath.Join(p, "64MiB"), 7, 64<<20); err != nil {
			return err
		}
		return nartest.WriteFile(filepath.Join(p, "0B"), 8, 0)
	},
	"file.txt":   func(p string) error { return nartest.WriteFile(p, 9, 1000) },
	"empty-file": func(p string) error { return nartest.WriteFile(p, 9, 0) },
	"link":       func(p string) error { return os.Symlink("/nix/store/somewhere", p) },
}

var (
	treesOnce sync.Once
	treesDir  string
	treesErr  error
)

// generatedTrees writes every test tree once per test binary.
func generatedTrees(t *testing.T) string {
	t.Helper()
	treesOnce.Do(func() {
		treesDir, treesErr = os.MkdirTemp("", "nar-trees-*")
		if treesErr != nil {
			return
		}
		for name, gen := range testTrees {
			if treesErr = gen(filepath.Join(treesDir, name)); treesErr != nil {
				return
			}
		}
	})
	if treesErr != nil {
		t.Fatal(treesErr)
	}
	return treesDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if treesDir != "" {
		os.RemoveAll(treesDir)
	}
	os.Exit(code)
}

func nixOutput(t *testing.T, args ...string) []byte {
	t.Helper()
	out, err := exec.Command(args[0], args[1:]...).Output()
	if err != nil {
		t.Fatalf("%s: %v", strings.Join(args, " "), err)
	}
	return out
}

func loadTreesGolden(t *testing.T) map[string]nixTree {
	t.Helper()
	if *update {
		nixtest.RequireNix(t, "nix-store")
		nixtest.RequireRoot(t)
		dir := generatedTrees(t)
		g := map[string]nixTree{}
		for name := range testTrees {
			p := filepath.Join(dir, name)
			dump := nixOutput(t, "nix-store", "--dump", p)
			sum := sha256.Sum256(dump)
			g[name] = nixTree{
				StorePath: strings.TrimSpace(string(nixOutput(t, "nix-store", "--add", p))),
				NarSize:   uint64(len(dump)),
				NarSHA256: nixbase32.EncodeToString(sum[:]),
			}
		}
		b, _ := json.MarshalIndent(g, "", "  ")
		if err := os.WriteFile(treesGolden, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(treesGolden)
	if err != nil {
		t.Fatalf("%v (run go test -update as root with Nix installed)", err)
	}
	var g map[string]nixTree
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

// TestAddMatchesNix adds each generated tree and compares the store path,
// NAR size and NAR hash with what Nix recorded, then renders the NAR back
// and checks it against the same hash.
func TestAddMatchesNix(t *testing.T) {
	g := loadTreesGolden(t)
	dir := generatedTrees(t)
	ctx := context.Background()
	for name := range testTrees {
		t.Run(name, func(t *testing.T) {
			want, ok := g[name]
			if !ok {
				t.Fatalf("no recorded values for %s (run with -update)", name)
			}
			st := store.NewMemoryStore()
			info, err := AddPath(ctx, st, nixpath.DefaultStoreDir, filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			got := nixpath.DefaultStoreDir.Absolute(mustStorePath(t, info.Node))
			if got != want.StorePath {
				t.Errorf("store path %s, nix-store --add gave %s", got, want.StorePath)
			}
			if info.Narinfo.NarSize != want.NarSize || nixbase32.EncodeToString(info.Narinfo.NarSha256) != want.NarSHA256 {
				t.Errorf("NAR %d bytes sha256:%s, Nix: %d bytes sha256:%s", info.Narinfo.NarSize,
					nixbase32.EncodeToString(info.Narinfo.NarSha256), want.NarSize, want.NarSHA256)
			}
			size, sum, err := Calculate(ctx, st.Blobs, st.Directories, info.Node)
			if err != nil {
				t.Fatal(err)
			}
			if size != want.NarSize || nixbase32.EncodeToString(sum[:]) != want.NarSHA256 {
				t.Errorf("rendered NAR: %d bytes sha256:%s, Nix: %d bytes sha256:%s", size, nixbase32.EncodeToString(sum[:]), want.NarSize, want.NarSHA256)
			}
		})
	}
}

// TestDumpBytesMatchNix compares the rendered NAR byte for byte with
// nix-store --dump, and checks that ingesting Nix's NAR gives the same
// store content as adding the tree.
func TestDumpBytesMatchNix(t *testing.T) {
	nixtest.RequireNix(t, "nix-store")
	dir := generatedTrees(t)
	ctx := context.Background()
	for name := range testTrees {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, name)
			nixNAR := nixOutput(t, "nix-store", "--dump", p)
			st := store.NewMemoryStore()
			node, _, _, err := ImportTree(ctx, st.Blobs, st.Directories, p)
			if err != nil {
				t.Fatal(err)
			}
			var ours bytes.Buffer
			if _, err := Write(ctx, &ours, st.Blobs, st.Directories, node); err != nil {
				t.Fatal(err)
			}
			requireSameBytes(t, ours.Bytes(), nixNAR)

			st2 := store.NewMemoryStore()
			node2, size, _, err := Ingest(ctx, bytes.NewReader(nixNAR), "nix-store --dump "+name, st2.Blobs, st2.Directories, name)
			if err != nil {
				t.Fatal(err)
			}
			if size != uint64(len(nixNAR)) {
				t.Errorf("ingest counted %d bytes, NAR has %d", size, len(nixNAR))
			}
			if !sameNode(node, node2) {
				t.Errorf("ingesting Nix's NAR gave node %v, adding the tree gave %v", node2, node)
			}
		})
	}
}

func requireSameBytes(t *testing.T, got, want []byte) {
	t.Helper()
	if bytes.Equal(got, want) {
		return
	}
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	t.Fatalf("NARs differ at byte %d (ours %d bytes, Nix's %d): ours %q, Nix %q", i, len(got), len(want),
		got[i:min(len(got), i+32)], want[i:min(len(want), i+32)])
}
