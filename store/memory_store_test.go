package store_test

import (
	"testing"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/storetest"
)

func TestMemoryStore(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		New: func(t *testing.T) *store.Store { return store.NewMemoryStore() },
		Corrupt: func(t *testing.T, st *store.Store, d store.Digest, _ []byte) {
			if !store.CorruptMemoryChunk(st.Blobs, d) {
				t.Fatalf("chunk %v not in the memory store", d)
			}
		},
	})
}
