package store

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"
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

// TestChunkingResyncs checks on several inputs that an edit in the middle
// of a blob changes only the chunks around it: the new chunks cover the
// edit and at most a few maximum-size chunks more.
func TestChunkingResyncs(t *testing.T) {
	const size, edit = 24 << 20, 256 << 10
	chunksOf := func(b []byte) map[Digest]uint64 {
		m := make(map[Digest]uint64)
		if _, _, err := SplitBlob(bytes.NewReader(b), func(c ChunkMeta, _ []byte) error {
			m[c.Digest] = c.Size
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return m
	}
	for seed := uint64(1); seed <= 3; seed++ {
		data := randomBytes(seed, size)
		before := chunksOf(data)
		copy(data[size/2:], randomBytes(seed+100, edit))
		var fresh uint64
		for d, n := range chunksOf(data) {
			if _, ok := before[d]; !ok {
				fresh += n
			}
		}
		if fresh > edit+4*ChunkMaxSize {
			t.Errorf("seed %d: a %d-byte edit made %d bytes of new chunks", seed, edit, fresh)
		}
	}
}

// TestSplitBlobDigest checks, for sizes around the single-chunk limit and
// past several refills of the split buffer (whose compaction waits for
// the blob's hashing goroutine), that the chunks put together are the
// content and the blob digest is the blake3 of the whole; and that an
// error from fn ends SplitBlob with that error.
func TestSplitBlobDigest(t *testing.T) {
	for _, n := range []int{0, 1, ChunkMinSize, ChunkMinSize + 1, ChunkMaxSize + 7, splitBufSize + 1, 3*splitBufSize + 12345} {
		data := randomBytes(uint64(n), n)
		var joined []byte
		d, size, err := SplitBlob(readerFor(n, data), func(c ChunkMeta, b []byte) error {
			if DigestOf(b) != c.Digest || uint64(len(b)) != c.Size {
				t.Errorf("%d bytes: chunk meta does not match its bytes", n)
			}
			joined = append(joined, b...)
			return nil
		})
		if err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
		if d != DigestOf(data) || size != uint64(n) || !bytes.Equal(joined, data) {
			t.Errorf("%d bytes: digest, size or chunks differ from the content", n)
		}
	}
	stop := errors.New("stop")
	calls := 0
	_, _, err := SplitBlob(bytes.NewReader(randomBytes(9, 2*splitBufSize)), func(ChunkMeta, []byte) error {
		if calls++; calls == 20 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 20 {
		t.Errorf("fn failing at chunk 20: err %v after %d calls", err, calls)
	}
}

// readerFor reads small contents a byte at a time and large ones as fast
// as they go, so that the chunking runs ahead of the blob's hashing.
func readerFor(n int, data []byte) io.Reader {
	if n > ChunkMaxSize {
		return bytes.NewReader(data)
	}
	return iotest.OneByteReader(bytes.NewReader(data))
}
