package store

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

func randomBytes(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, seed))
	b := make([]byte, n)
	for i := 0; i+8 <= n; i += 8 {
		v := r.Uint64()
		for j := 0; j < 8; j++ {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	return b
}

// BenchmarkSplitBlob measures chunking plus hashing (chunk digests and
// the whole-blob digest) of 64 MiB of random data.
func BenchmarkSplitBlob(b *testing.B) {
	data := randomBytes(1, 64<<20)
	b.SetBytes(int64(len(data)))
	var chunks int
	for b.Loop() {
		chunks = 0
		if _, _, err := SplitBlob(bytes.NewReader(data), func(ChunkMeta, []byte) error { chunks++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(data))/float64(chunks)/1024, "KiB/chunk")
}

// BenchmarkBlake3 is the hashing floor SplitBlob is measured against.
func BenchmarkBlake3(b *testing.B) {
	data := randomBytes(1, 64<<20)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		DigestOf(data)
	}
}
