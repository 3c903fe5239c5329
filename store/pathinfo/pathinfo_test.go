package pathinfo

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
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
	infos, err := Collect(ctx, st, dir, []string{"/nix/store/" + a}, true)
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
	o, err := ToJSON(dir, info)
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

	if _, err := Collect(ctx, st, dir, []string{"/nix/store/4f3wmbhp8mhsiqr1h3x8ihk5z8wm4m4w-f"}, false); err == nil ||
		!strings.Contains(err.Error(), "4f3wmbhp8mhsiqr1h3x8ihk5z8wm4m4w-f: not in the store") {
		t.Errorf("missing path: %v", err)
	}
}
