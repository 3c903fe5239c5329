package localstore_test

import (
	"testing"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/localstore"
	"github.com/p2pnix/tvix/store/storetest"
)

func openTemp(t *testing.T) (*store.Store, string) {
	dir := t.TempDir()
	st, err := localstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, dir
}

// corrupt flips a byte of every stored copy of content in the local store
// in dir.
func corrupt(t *testing.T, dir string, content []byte) {
	t.Helper()
	n, err := localstore.CorruptChunk(dir, content)
	if err != nil || n == 0 {
		t.Fatalf("corrupt chunk: changed %d copies, err %v", n, err)
	}
}

func TestLocalStore(t *testing.T) { runSuite(t) }

// TestLocalStoreBuffered runs the suite with packs written through the
// page cache, as on file systems without O_DIRECT.
func TestLocalStoreBuffered(t *testing.T) {
	defer localstore.SetDirectIO(false)()
	runSuite(t)
}

func runSuite(t *testing.T) {
	dirs := map[*store.Store]string{}
	storetest.Run(t, storetest.Harness{
		New: func(t *testing.T) *store.Store {
			st, dir := openTemp(t)
			dirs[st] = dir
			return st
		},
		Corrupt: func(t *testing.T, st *store.Store, _ store.Digest, content []byte) { corrupt(t, dirs[st], content) },
	})
}
