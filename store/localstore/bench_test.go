package localstore_test

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/localstore"
	"github.com/p2pnix/tvix/store/storetest"
)

func storedChunkBytes(b *testing.B, st *store.Store) uint64 {
	var n uint64
	err := st.Blobs.(store.BlobInventory).ForEachChunk(b.Context(), func(c store.ChunkMeta) error {
		n += c.Size
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

func openBench(b *testing.B) *store.Store {
	st, err := localstore.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// BenchmarkBlobPut measures putting fresh 64 MiB blobs (chunking, hashing,
// chunk files, and the commit that makes them durable).
func BenchmarkBlobPut(b *testing.B) {
	backends := map[string]func(*testing.B) *store.Store{
		"memory": func(*testing.B) *store.Store { return store.NewMemoryStore() },
		"local":  openBench,
	}
	for name, open := range backends {
		b.Run(name, func(b *testing.B) {
			st := open(b)
			r := rand.New(rand.NewPCG(1, 2))
			b.SetBytes(64 << 20)
			for b.Loop() {
				b.StopTimer()
				data := storetest.RandomBytes(r, 64<<20) // fresh: nothing dedups
				b.StartTimer()
				if _, _, err := st.Blobs.Put(b.Context(), bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
				if _, err := storetest.PutDirectories(b.Context(), st, &castorev1.Directory{}); err != nil {
					b.Fatal(err) // a commit: the local store syncs its chunks
				}
			}
		})
	}
}

// BenchmarkChunkDedup is the dedup figure: put a 100 MiB random
// file, change 1 MiB in the middle, put it again, and report the new bytes
// stored by the second put as a percentage of the file (goal: <= 5%).
func BenchmarkChunkDedup(b *testing.B) {
	const size, edit = 100 << 20, 1 << 20
	for b.Loop() {
		b.StopTimer()
		st := openBench(b)
		r := rand.New(rand.NewPCG(3, 4))
		data := storetest.RandomBytes(r, size)
		b.StartTimer()
		if _, _, err := st.Blobs.Put(b.Context(), bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
		before := storedChunkBytes(b, st)
		copy(data[size/2:], storetest.RandomBytes(r, edit))
		if _, _, err := st.Blobs.Put(b.Context(), bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
		after := storedChunkBytes(b, st)
		b.ReportMetric(100*float64(after-before)/size, "%new-bytes")
	}
}
