package localstore_test

import (
	"os"
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

// CorruptChunkFile flips the first byte of chunk d's file in the local
// store in dir.
func corruptChunkFile(t *testing.T, dir string, d store.Digest) {
	p := localstore.ChunkPath(dir, d)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	b[0] ^= 0xff
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLocalStore(t *testing.T) {
	dirs := map[*store.Store]string{}
	storetest.Run(t, storetest.Harness{
		New: func(t *testing.T) *store.Store {
			st, dir := openTemp(t)
			dirs[st] = dir
			return st
		},
		Corrupt: func(t *testing.T, st *store.Store, d store.Digest) { corruptChunkFile(t, dirs[st], d) },
	})
}
