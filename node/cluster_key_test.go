package node

import (
	"slices"
	"testing"

	"github.com/p2pnix/tvix/p2p"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/p2pnix/tvix/store/storetest"
)

// TestResignLocal: every PathInfo ends up signed by the cluster key; a
// signature by an earlier PSK's cluster key is dropped, others stay, and
// what the cluster key signed already is left alone.
func TestResignLocal(t *testing.T) {
	ctx := t.Context()
	dir := nixpath.DefaultStoreDir
	psk, _ := p2p.NewPSK()
	old, _ := p2p.NewPSK()
	cluster, oldCluster := psk.ClusterKey(), old.ClusterKey()
	own, _, err := nixsig.GenerateKey("laptop-1")
	if err != nil {
		t.Fatal(err)
	}
	upstream, _, err := nixsig.GenerateKey("cache.example.org-1")
	if err != nil {
		t.Fatal(err)
	}
	mem := store.NewMemoryStore()
	r := storetest.NewRand(t)
	cases := map[string]struct {
		signers []nixsig.SecretKey
		want    []string // key names of the signatures after
	}{
		"unsigned":             {nil, []string{keyNameOf(cluster)}},
		"own key":              {[]nixsig.SecretKey{own}, []string{"laptop-1", keyNameOf(cluster)}},
		"old cluster+upstream": {[]nixsig.SecretKey{oldCluster, upstream}, []string{"cache.example.org-1", keyNameOf(cluster)}},
		"cluster key":          {[]nixsig.SecretKey{oldCluster, cluster}, []string{keyNameOf(oldCluster), keyNameOf(cluster)}},
	}
	hs := map[string][store.StorePathHashSize]byte{}
	for n, tc := range cases {
		info, h := storetest.MakePathInfo(r, "p", &castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: &castorev1.SymlinkNode{Name: []byte("x"), Target: []byte("/" + n)}}})
		info.Narinfo.Signatures = nil
		for _, sk := range tc.signers {
			if err := nixsig.Sign(dir, sk, info); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := mem.PathInfos.Put(ctx, info); err != nil {
			t.Fatal(err)
		}
		hs[n] = h
	}
	done, err := resignLocal(ctx, mem.PathInfos, dir, cluster)
	if err != nil || done != 3 {
		t.Fatalf("resignLocal: %d re-signed, %v; want 3", done, err)
	}
	for n, tc := range cases {
		info, err := mem.PathInfos.Get(ctx, hs[n])
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range info.GetNarinfo().GetSignatures() {
			got = append(got, s.GetName())
		}
		slices.Sort(got)
		slices.Sort(tc.want)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: signatures by %v, want %v", n, got, tc.want)
		}
		if ok, _ := nixsig.Verify(dir, []nixsig.PublicKey{cluster.ToPublicKey()}, info); ok != 1 {
			t.Errorf("%s: no valid cluster signature", n)
		}
	}
	if done, err := resignLocal(ctx, mem.PathInfos, dir, cluster); err != nil || done != 0 {
		t.Errorf("second run: %d re-signed, %v; want 0", done, err)
	}
}

func keyNameOf(sk nixsig.SecretKey) string { return keyName(sk.ToPublicKey().String()) }
