package p2p

import (
	"testing"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/storetest"
)

// TestStoreConformance runs the store suite against a lone node's p2p
// store over a memory shard, with the shard's optional capabilities.
func TestStoreConformance(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		New: func(t *testing.T) *store.Store {
			n, _ := startNode(t, testConfig(t))
			st := n.Store()
			for what, ok := range map[string]bool{
				"ChunkPutter":        implements[store.ChunkPutter](st.Blobs),
				"BlobInventory":      implements[store.BlobInventory](st.Blobs),
				"DirectoryInventory": implements[store.DirectoryInventory](st.Directories),
				"PathInfoBatcher":    implements[store.PathInfoBatcher](st.PathInfos),
			} {
				if !ok {
					t.Errorf("the p2p store over a memory shard lacks %s", what)
				}
			}
			return st
		},
	})
}

func implements[I any](v any) bool {
	_, ok := v.(I)
	return ok
}
