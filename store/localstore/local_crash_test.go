package localstore_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/localstore"
	"github.com/p2pnix/tvix/store/storetest"
)

// crashChildEnv names the store directory the child process writes to.
const crashChildEnv = "TVIX_LOCALSTORE_CRASH_CHILD"

func verifyClean(t *testing.T, st *store.Store) store.VerifyStats {
	t.Helper()
	var problems []error
	stats, err := store.VerifyAll(t.Context(), st, func(e error) { problems = append(problems, e) })
	if err != nil || len(problems) > 0 {
		t.Fatalf("VerifyAll: %v, problems %v", err, problems)
	}
	return stats
}

// TestReopen checks that everything put is there after Close and Open.
func TestReopen(t *testing.T) {
	dir := t.TempDir()
	st, err := localstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := storetest.NewRand(t)
	big := storetest.RandomBytes(r, 5<<20)
	bigD, _, err := st.Blobs.Put(t.Context(), bytes.NewReader(big))
	if err != nil {
		t.Fatal(err)
	}
	tree := storetest.MakeTree(t, st, r)
	if _, err := storetest.PutDirectories(t.Context(), st, tree.Leaf, tree.Mid, tree.Root); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st, err = localstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stats := verifyClean(t, st)
	if stats.Blobs < 1 || stats.Directories != 3 {
		t.Errorf("after reopening: %+v", stats)
	}
	rc, err := st.Blobs.Open(t.Context(), bigD)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var got bytes.Buffer
	if _, err := got.ReadFrom(rc); err != nil || !bytes.Equal(got.Bytes(), big) {
		t.Fatalf("5 MiB blob after reopening: %d bytes, err %v", got.Len(), err)
	}
}

// TestSecondOpenFails checks that a store in use says so.
func TestSecondOpenFails(t *testing.T) {
	dir := t.TempDir()
	st, err := localstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if st2, err := localstore.Open(dir); err == nil {
		st2.Close()
		t.Fatal("second Open of a store in use succeeded")
	} else if !strings.Contains(err.Error(), "in use") {
		t.Errorf("second Open: %v, want it to say the store is in use", err)
	}
}

// TestCrashLeavesNothingHalfVisible runs a child that commits a PathInfo,
// then puts another blob and a half-finished directory upload and exits
// without closing anything. After the crash the committed data is
// complete, the rest is absent, and the store verifies clean.
func TestCrashLeavesNothingHalfVisible(t *testing.T) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		crashChild(t, dir)
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashLeavesNothingHalfVisible$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 3 {
		t.Fatalf("child: %v\n%s", err, out)
	}
	st, err := localstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stats := verifyClean(t, st)
	if stats.PathInfos != 1 || stats.Directories != 1 {
		t.Errorf("after the crash: %+v, want the one committed path info and directory", stats)
	}
	committed, lost := crashContents()
	for _, b := range committed {
		if ok, _ := st.Blobs.Has(t.Context(), store.DigestOf(b)); !ok {
			t.Errorf("blob committed before the crash is missing")
		}
	}
	for _, b := range [][]byte{lost, lostChunked()} {
		if ok, _ := st.Blobs.Has(t.Context(), store.DigestOf(b)); ok {
			t.Errorf("blob never committed is visible after the crash")
		}
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "tmp")); len(entries) != 0 {
		t.Errorf("tmp/ not emptied on open: %d entries", len(entries))
	}
}

// crashContents returns fixed content for the child and the parent.
func crashContents() (committed [][]byte, lost []byte) {
	mk := func(n int, b byte) []byte { return bytes.Repeat([]byte{b}, n) }
	seq := make([]byte, 3<<20)
	for i := range seq {
		seq[i] = byte(i * 7 / 13)
	}
	return [][]byte{mk(100, 'a'), seq, bytes.Repeat(seq, 2)}, mk(200, 'z')
}

// lostChunked is content the child puts from its chunks (PutChunks) and
// never commits.
func lostChunked() []byte {
	b := make([]byte, 3<<20)
	for i := range b {
		b[i] = byte(i * 5 / 11)
	}
	return b
}

func crashChild(t *testing.T, dir string) {
	ctx := t.Context()
	st, err := localstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	committed, lost := crashContents()
	dirMsg := &castorev1.Directory{}
	cp := st.Blobs.(store.ChunkPutter)
	// putChunked stores b from its chunks, as a fetch does.
	putChunked := func(b []byte) store.Digest {
		d, cs, bs := storetest.Split(t, b)
		if err := cp.PutChunks(ctx, d, cs, func(i int) ([]byte, error) { return bs[i], nil }); err != nil {
			t.Fatal(err)
		}
		return d
	}
	for i, b := range committed {
		d, _, err := st.Blobs.Put(ctx, bytes.NewReader(b))
		if i == len(committed)-1 {
			d = putChunked(b)
		}
		if err != nil {
			t.Fatal(err)
		}
		dirMsg.Files = append(dirMsg.Files, &castorev1.FileNode{Name: []byte{'f', byte('0' + i)}, Digest: d[:], Size: uint64(len(b))})
	}
	root, err := storetest.PutDirectories(ctx, st, dirMsg)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := storetest.MakePathInfo(storetest.NewRand(t), "crash", &castorev1.Node{Node: &castorev1.Node_Directory{
		Directory: &castorev1.DirectoryNode{Digest: root[:], Size: store.DirectorySize(dirMsg)}}})
	if _, err := st.PathInfos.Put(ctx, info); err != nil {
		t.Fatal(err)
	}
	d, _, err := st.Blobs.Put(ctx, bytes.NewReader(lost))
	if err != nil {
		t.Fatal(err)
	}
	putChunked(lostChunked())
	p := st.Directories.NewPutter(ctx)
	p.Put(&castorev1.Directory{Files: []*castorev1.FileNode{{Name: []byte("z"), Digest: d[:], Size: uint64(len(lost))}}})
	os.Exit(3) // no Close: the pending blob and the open upload die here
}

// TestManyPacks rolls packs every 256 KiB, so blobs span packs and packs
// are sealed while other packs are pending, and checks everything reads
// back and verifies after reopening.
func TestManyPacks(t *testing.T) {
	defer localstore.SetPackRollSize(256 << 10)()
	dir := t.TempDir()
	st, err := localstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := storetest.NewRand(t)
	var blobs [][]byte
	for i := 0; i < 6; i++ {
		b := storetest.RandomBytes(r, 100<<10+i*(400<<10))
		if _, _, err := st.Blobs.Put(t.Context(), bytes.NewReader(b)); err != nil {
			t.Fatal(err)
		}
		blobs = append(blobs, b)
		if i == 2 { // a commit in the middle
			if _, err := storetest.PutDirectories(t.Context(), st, &castorev1.Directory{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	packs, _ := os.ReadDir(filepath.Join(dir, "packs"))
	if len(packs) < 5 {
		t.Errorf("%d packs after writing 6 MiB with a 256 KiB roll size", len(packs))
	}
	st, err = localstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	verifyClean(t, st)
	for i, b := range blobs {
		rc, err := st.Blobs.Open(t.Context(), store.DigestOf(b))
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		got.ReadFrom(rc)
		rc.Close()
		if !bytes.Equal(got.Bytes(), b) {
			t.Errorf("blob %d: read back %d bytes, want %d", i, got.Len(), len(b))
		}
	}
}
