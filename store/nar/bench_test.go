package nar

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar/nartest"
)

const benchTreeSize = 128 << 20

// benchTree writes a 128 MiB tree and imports it into a memory store.
func benchTree(b *testing.B) (string, *store.Store, *castorev1.Node, uint64) {
	b.Helper()
	root := filepath.Join(b.TempDir(), "tree")
	if err := nartest.WriteRandom(root, 3, benchTreeSize, 16<<20); err != nil {
		b.Fatal(err)
	}
	st := store.NewMemoryStore()
	node, size, _, err := ImportTree(context.Background(), st.Blobs, st.Directories, root)
	if err != nil {
		b.Fatal(err)
	}
	return root, st, node, size
}

// BenchmarkImportTree measures adding a file tree (reading, blake3 and
// chunking into a memory store, NAR sha256).
func BenchmarkImportTree(b *testing.B) {
	root, _, _, size := benchTree(b)
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		st := store.NewMemoryStore()
		if _, _, _, err := ImportTree(context.Background(), st.Blobs, st.Directories, root); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRender measures rendering a stored tree's NAR.
func BenchmarkRender(b *testing.B) {
	_, st, node, size := benchTree(b)
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		if _, err := Write(context.Background(), io.Discard, st.Blobs, st.Directories, node); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCalculate measures rendering and hashing a stored tree's NAR.
func BenchmarkCalculate(b *testing.B) {
	_, st, node, size := benchTree(b)
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := Calculate(context.Background(), st.Blobs, st.Directories, node); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIngest measures reading a NAR into a memory store.
func BenchmarkIngest(b *testing.B) {
	_, st, node, size := benchTree(b)
	var buf bytes.Buffer
	if _, err := Write(context.Background(), &buf, st.Blobs, st.Directories, node); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		st := store.NewMemoryStore()
		if _, _, _, err := Ingest(context.Background(), bytes.NewReader(buf.Bytes()), "bench", st.Blobs, st.Directories, "x"); err != nil {
			b.Fatal(err)
		}
	}
}
