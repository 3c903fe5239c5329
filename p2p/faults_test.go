package p2p

import (
	"bytes"
	"io"
	"testing"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
)

// TestAlterDir: the wrong-dirs fault serves a valid directory with
// another digest, whatever the directory holds.
func TestAlterDir(t *testing.T) {
	for _, dir := range []*castorev1.Directory{
		{},
		{Files: []*castorev1.FileNode{{Name: []byte("f"), Digest: make([]byte, 32), Size: 1}}},
		{Symlinks: []*castorev1.SymlinkNode{{Name: []byte("l"), Target: []byte("t")}}},
	} {
		want, err := store.DirectoryDigest(dir)
		if err != nil {
			t.Fatal(err)
		}
		bad := alterDir(dir)
		if err := store.ValidateDirectory(bad); err != nil {
			t.Errorf("altered %v is invalid: %v", dir, err)
		}
		if got, _ := store.DirectoryDigest(bad); got == want {
			t.Errorf("altered %v keeps its digest", dir)
		}
		if again, _ := store.DirectoryDigest(dir); again != want {
			t.Errorf("alterDir changed its argument %v", dir)
		}
	}
}

func TestCorrupted(t *testing.T) {
	got, err := io.ReadAll(corrupted(io.NopCloser(bytes.NewReader([]byte("abc")))))
	if err != nil || len(got) != 3 || bytes.Equal(got, []byte("abc")) || !bytes.Equal(got[1:], []byte("bc")) {
		t.Errorf("corrupted(abc) = %q, %v", got, err)
	}
}
