package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar/nartest"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
)

// putLink stores a PathInfo whose root is a symlink (needing no blobs)
// with the given references.
func putLink(t *testing.T, st *store.Store, base string, refs ...string) {
	t.Helper()
	info := &storev1.PathInfo{
		Node:    &castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: &castorev1.SymlinkNode{Name: []byte(base), Target: []byte("x")}}},
		Narinfo: &storev1.NARInfo{NarSize: 1, NarSha256: make([]byte, 32)},
	}
	for _, r := range refs {
		sp, err := nixpath.ParseBase(r)
		if err != nil {
			t.Fatal(err)
		}
		info.References = append(info.References, sp.Hash[:])
		info.Narinfo.ReferenceNames = append(info.Narinfo.ReferenceNames, r)
	}
	if _, err := st.PathInfos.Put(context.Background(), info); err != nil {
		t.Fatal(err)
	}
}

func TestPathInfoClosureAndJSON(t *testing.T) {
	const (
		a = "0a3wmbhp8mhsiqr1h3x8ihk5z8wm4m4w-a"
		b = "1b3wmbhp8mhsiqr1h3x8ihk5z8wm4m4w-b"
		c = "2c3wmbhp8mhsiqr1h3x8ihk5z8wm4m4w-c"
		d = "3d3wmbhp8mhsiqr1h3x8ihk5z8wm4m4w-d"
	)
	st := store.NewMemoryStore()
	putLink(t, st, c)
	putLink(t, st, b, c, b) // refers to itself too
	putLink(t, st, a, c, b)
	putLink(t, st, d)
	ctx := context.Background()
	dir := nixpath.DefaultStoreDir
	infos, err := collectPathInfos(ctx, st, dir, []string{"/nix/store/" + a}, true)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, i := range infos {
		got = append(got, string(store.NodeName(i.Node)))
	}
	if strings.Join(got, " ") != strings.Join([]string{a, b, c}, " ") {
		t.Errorf("closure of a: %v", got)
	}

	// JSON of a signed path with a deriver.
	info := infos[0]
	sk, _, err := nixsig.GenerateKey("k1")
	if err != nil {
		t.Fatal(err)
	}
	if err := nixsig.Sign(dir, sk, info); err != nil {
		t.Fatal(err)
	}
	info.Narinfo.Deriver = &storev1.StorePath{Name: "a", Digest: make([]byte, 20)}
	o, err := toJSON(dir, info)
	if err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(o)
	want := `{"path":"/nix/store/` + a + `","narHash":"sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","narSize":1,` +
		`"references":["/nix/store/` + b + `","/nix/store/` + c + `"],"deriver":"/nix/store/00000000000000000000000000000000-a.drv",` +
		`"signatures":["` + nixsig.FormatSignature(info.Narinfo.Signatures[0]) + `"]}`
	if string(js) != want {
		t.Errorf("JSON\n got %s\nwant %s", js, want)
	}

	if _, err := collectPathInfos(ctx, st, dir, []string{"/nix/store/4f3wmbhp8mhsiqr1h3x8ihk5z8wm4m4w-f"}, false); err == nil ||
		!strings.Contains(err.Error(), "4f3wmbhp8mhsiqr1h3x8ihk5z8wm4m4w-f: not in the store") {
		t.Errorf("missing path: %v", err)
	}
}

// TestVerifyFindsDamage changes one byte of stored content behind the
// store's back; verify must report the store path and exit non-zero.
func TestVerifyFindsDamage(t *testing.T) {
	c := newCLI(t)
	tree := filepath.Join(t.TempDir(), "tree")
	if err := nartest.WriteRandom(tree, 4, 2<<20, 512<<10); err != nil {
		t.Fatal(err)
	}
	sp := strings.TrimSpace(c.ok(nil, "store", "add", tree))
	if out := c.ok(nil, "store", "verify", sp); !strings.Contains(out, "1 store paths: 0 problems") {
		t.Fatalf("verify before damage: %s", out)
	}
	// Damage the largest file under the store directory (a chunk).
	storeDir := strings.TrimPrefix(c.store, "local:")
	var victim string
	var size int64
	filepath.Walk(storeDir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode().IsRegular() && !strings.HasSuffix(p, ".db") && fi.Size() > size {
			victim, size = p, fi.Size()
		}
		return nil
	})
	if victim == "" {
		t.Fatal("no chunk file found")
	}
	b, err := os.ReadFile(victim)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0xff
	if err := os.WriteFile(victim, b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := c.run(nil, "store", "verify", sp)
	if code == 0 || !strings.Contains(stderr, sp) || !strings.Contains(stderr, "NAR hash") {
		t.Errorf("verify after damage: exit %d, stderr %q", code, stderr)
	}
	_, stderr, code = c.run(nil, "store", "verify", "--all")
	if code == 0 || !strings.Contains(stderr, "problem:") {
		t.Errorf("verify --all after damage: exit %d, stderr %q", code, stderr)
	}
}
