package binarycache

import (
	"bytes"
	"testing"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
)

func TestSigCacheSignsValidlyAndLeavesInputAlone(t *testing.T) {
	sk, pk, err := nixsig.GenerateKey("cache-test-1")
	if err != nil {
		t.Fatal(err)
	}
	info := &storev1.PathInfo{
		Node: &castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: &castorev1.SymlinkNode{
			Name: []byte("0123456789abcdfghijklmnpqrsvwxyz-x"), Target: []byte("t")}}},
		Narinfo: &storev1.NARInfo{NarSize: 1, NarSha256: bytes.Repeat([]byte{7}, 32)},
	}
	var c sigCache
	a, err := c.withNodeSignature(nixpath.DefaultStoreDir, sk, info)
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.withNodeSignature(nixpath.DefaultStoreDir, sk, info)
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Narinfo.Signatures) != 0 {
		t.Error("the input PathInfo was signed in place")
	}
	for _, signed := range []*storev1.PathInfo{a, b} {
		if n, err := nixsig.Verify(nixpath.DefaultStoreDir, []nixsig.PublicKey{pk}, signed); n != 1 || err != nil {
			t.Errorf("%d valid signatures, %v", n, err)
		}
	}
	// Another path gets its own signature, not the cached one.
	info.Narinfo.NarSize = 2
	d, err := c.withNodeSignature(nixpath.DefaultStoreDir, sk, info)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := nixsig.Verify(nixpath.DefaultStoreDir, []nixsig.PublicKey{pk}, d); n != 1 {
		t.Error("signature of a changed path does not verify")
	}
}
