package localstore_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/localstore"
	"github.com/p2pnix/tvix/store/storetest"
)

// TestFullDiskRecovers fills a small tmpfs: the put that does not fit
// fails saying so, leaves no pack behind, takes with it a blob put
// earlier but not yet committed (a directory naming it is refused), and
// the store, never reopened, then stores again.
func TestFullDiskRecovers(t *testing.T) {
	nixtest.RequireRoot(t)
	dir := filepath.Join(t.TempDir(), "store")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Fatalf("mount tmpfs: %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount: %v: %s", err, out)
		}
	})
	st, err := localstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { st.Close() }() // the store open last
	ctx := t.Context()
	r := storetest.NewRand(t)
	small := storetest.RandomBytes(r, 1<<20)
	smallD, _, err := st.Blobs.Put(ctx, bytes.NewReader(small))
	if err != nil {
		t.Fatal(err)
	}
	file := func(name string, d store.Digest, n int) *castorev1.FileNode {
		return &castorev1.FileNode{Name: []byte(name), Digest: d[:], Size: uint64(n)}
	}
	withSmall := &castorev1.Directory{Files: []*castorev1.FileNode{file("small", smallD, len(small))}}

	// The put of 16 MiB fails, or the commit after it does.
	big := storetest.RandomBytes(r, 16<<20)
	bigD, _, err := st.Blobs.Put(ctx, bytes.NewReader(big))
	if err == nil {
		_, err = storetest.PutDirectories(ctx, st, &castorev1.Directory{Files: []*castorev1.FileNode{file("big", bigD, len(big))}})
	}
	if err == nil || !strings.Contains(err.Error(), "no space left on device") {
		t.Fatalf("16 MiB into 8 MiB: want no space left on device, got %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "packs")); len(entries) > 0 {
		t.Errorf("after the failed write, packs/ holds %d files", len(entries))
	}
	var fs syscall.Statfs_t
	if err := syscall.Statfs(dir, &fs); err != nil {
		t.Fatal(err)
	}
	if free := fs.Bavail * uint64(fs.Bsize); free < 6<<20 {
		t.Errorf("after the failed write, %d bytes of 8 MiB are free: the failed pack was kept", free)
	}
	if ok, err := st.Blobs.Has(ctx, smallD); ok || err != nil {
		t.Errorf("Has(the blob lost with the pack) = %v, %v; want false", ok, err)
	}
	if _, err := storetest.PutDirectories(ctx, st, withSmall); err == nil || !strings.Contains(err.Error(), "lost") {
		t.Errorf("a directory naming the lost blob: want it refused, got %v", err)
	}

	// Space is back (the failed pack is gone): the same store takes the
	// blob again, a directory and a path naming it.
	if d, _, err := st.Blobs.Put(ctx, bytes.NewReader(small)); err != nil || d != smallD {
		t.Fatalf("put after the failure: %v, %v", d, err)
	}
	root, err := storetest.PutDirectories(ctx, st, withSmall)
	if err != nil {
		t.Fatalf("directory after the failure: %v", err)
	}
	info, _ := storetest.MakePathInfo(r, "small", &castorev1.Node{Node: &castorev1.Node_Directory{Directory: &castorev1.DirectoryNode{
		Digest: root[:], Size: store.DirectorySize(withSmall)}}})
	if _, err := st.PathInfos.Put(ctx, info); err != nil {
		t.Fatalf("path info after the failure: %v", err)
	}
	verifyClean(t, st)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st, err = localstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	verifyClean(t, st)
	checkBlob(t, st, smallD, small, "the blob after reopening")
}
