package store

import (
	"bytes"
	"errors"
	"io"
	"testing"

	chunkers "github.com/PlakarKorp/go-cdc-chunkers"
)

// libraryCuts returns the chunk lengths the FastCDC library cuts b into,
// with the store's parameters.
func libraryCuts(t testing.TB, b []byte) []int {
	c, err := chunkers.NewChunker(chunkAlgorithm, bytes.NewReader(b), &chunkers.ChunkerOpts{
		MinSize: ChunkMinSize, NormalSize: chunkNormalSize, MaxSize: ChunkMaxSize,
	})
	if err != nil {
		t.Fatal(err)
	}
	var cuts []int
	for {
		chunk, err := c.Next()
		if err != nil && !errors.Is(err, io.EOF) {
			t.Fatal(err)
		}
		if len(chunk) > 0 {
			cuts = append(cuts, len(chunk))
		}
		if err != nil {
			return cuts
		}
	}
}

func ourCuts(b []byte) []int {
	var cuts []int
	for len(b) > 0 {
		n := cutPoint(b)
		cuts = append(cuts, n)
		b = b[n:]
	}
	return cuts
}

// TestCutPointMatchesLibrary checks that cutPoint cuts as the library's
// FastCDC does: on random data, on data with long runs (which hit the
// maximum size), and at the sizes where its rules change.
func TestCutPointMatchesLibrary(t *testing.T) {
	var inputs [][]byte
	for seed := uint64(1); seed <= 4; seed++ {
		inputs = append(inputs, randomBytes(seed, 9<<20+int(seed)*12345))
	}
	runs := make([]byte, 5<<20)
	for i := range runs {
		runs[i] = byte(i / 100000)
	}
	inputs = append(inputs, runs)
	r := randomBytes(9, 2*ChunkMaxSize+3)
	for _, n := range []int{ChunkMinSize, ChunkMinSize + 1, ChunkMinSize + 3, chunkNormalSize - 1, chunkNormalSize, chunkNormalSize + 1, ChunkMaxSize - 1, ChunkMaxSize, ChunkMaxSize + 1, 2*ChunkMaxSize + 3} {
		inputs = append(inputs, r[:n])
	}
	for i, in := range inputs {
		want, got := libraryCuts(t, in), ourCuts(in)
		if len(want) != len(got) {
			t.Fatalf("input %d (%d bytes): %d chunks, the library cuts %d", i, len(in), len(got), len(want))
		}
		for k := range want {
			if want[k] != got[k] {
				t.Fatalf("input %d (%d bytes): chunk %d is %d bytes, the library's %d", i, len(in), k, got[k], want[k])
			}
		}
	}
}

// BenchmarkCutPoint measures cutting 64 MiB of random data into chunks,
// with cutPoint and with the library's chunker.
func BenchmarkCutPoint(b *testing.B) {
	data := randomBytes(1, 64<<20)
	for _, c := range []struct {
		name string
		cut  func()
	}{{"ours", func() { ourCuts(data) }}, {"library", func() { libraryCuts(b, data) }}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				c.cut()
			}
		})
	}
}
