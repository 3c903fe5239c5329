package store

import (
	"fmt"
	"io"
	"sync"
)

// Chunking parameters. FastCDC (gear hash, normalised chunking) never
// cuts before ChunkMinSize bytes and always by ChunkMaxSize; it aims at
// chunkNormalSize, and chunks of random data average about 150 KiB.
// Changing any of these, or the algorithm, changes every chunk digest, so
// they are fixed; "fastcdc-v1.0.0" is the library's frozen name for this
// exact algorithm and gear table. cutPoint (fastcdc.go) cuts with the
// library's gear table and rules, about three times faster than its
// chunker, and a test checks that both cut alike.
//
// Not JC from the same library: about five times faster, but after a
// 1 MiB edit in 100 MiB of random data it stored up to 10% new bytes on
// some inputs, where FastCDC stayed under 2% on the same ten inputs.
const (
	ChunkMinSize    = 64 << 10
	ChunkMaxSize    = 1 << 20
	chunkNormalSize = 128 << 10
	chunkAlgorithm  = "fastcdc-v1.0.0"
)

// SplitBlob reads large content into a buffer of splitBufSize bytes,
// splitReadSize at a time, and cuts, hashes and hands each chunk to fn in
// place, soon after it was read (while it is still in the CPU's cache).
// A chunk is cut once ChunkMaxSize bytes (or the rest of the content) are
// buffered; the unused tail is moved to the front when the buffer is full.
const (
	splitBufSize  = 4 << 20
	splitReadSize = 256 << 10
)

// splitBufs keeps a few free buffers (a channel, not a sync.Pool, which a
// collection empties: fresh buffers cost page faults).
var splitBufs = make(chan []byte, 4)

func getSplitBuf() []byte {
	select {
	case b := <-splitBufs:
		return b
	default:
		return make([]byte, splitBufSize)
	}
}

func putSplitBuf(b []byte) {
	select {
	case splitBufs <- b:
	default:
	}
}

// headBufPool holds the buffers SplitBlob reads the first bytes into.
var headBufPool = sync.Pool{New: func() any {
	b := make([]byte, ChunkMinSize+1)
	return &b
}}

// SplitBlob reads r to the end and cuts the content into content-defined
// chunks. It calls fn with each chunk's metadata and bytes in content order
// (data is valid only during the call) and returns the blake3 of the whole
// content and its length. Content of at most ChunkMinSize bytes is a
// single chunk whose digest is the blob digest; a blob of one chunk always
// has that chunk's digest, and is hashed once.
func SplitBlob(r io.Reader, fn func(c ChunkMeta, data []byte) error) (Digest, uint64, error) {
	headp := headBufPool.Get().(*[]byte)
	n, err := io.ReadFull(r, *headp)
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		// Fast path: most files are small; they skip the chunker entirely.
		defer headBufPool.Put(headp)
		data := (*headp)[:n]
		d := DigestOf(data)
		if err := fn(ChunkMeta{Digest: d, Size: uint64(n)}, data); err != nil {
			return Digest{}, 0, err
		}
		return d, uint64(n), nil
	case err != nil:
		headBufPool.Put(headp)
		return Digest{}, 0, fmt.Errorf("read blob: %w", err)
	}
	buf := getSplitBuf()
	defer putSplitBuf(buf)
	filled := copy(buf, (*headp)[:n])
	headBufPool.Put(headp)

	// The blob's own digest is computed by a wholeHasher beside the
	// chunking; the buffer is compacted only once it has hashed the
	// chunks it was given, and not given back before it stopped.
	var whole *wholeHasher
	defer func() {
		if whole != nil {
			whole.stop()
		}
	}()
	var total uint64
	start, eof := 0, false
	for {
		for !eof && filled-start < ChunkMaxSize {
			if filled == len(buf) {
				if whole != nil {
					whole.wait()
				}
				filled = copy(buf, buf[start:filled])
				start = 0
			}
			k, err := r.Read(buf[filled:min(len(buf), filled+splitReadSize)])
			filled += k
			switch {
			case err == io.EOF:
				eof = true
			case err != nil:
				return Digest{}, 0, fmt.Errorf("read blob: %w", err)
			}
		}
		if start == filled {
			break
		}
		c := cutPoint(buf[start:filled])
		data := buf[start : start+c : start+c]
		start += c
		if whole == nil && eof && start == filled {
			// The only chunk: its digest is the blob's.
			d := DigestOf(data)
			if err := fn(ChunkMeta{Digest: d, Size: uint64(c)}, data); err != nil {
				return Digest{}, 0, err
			}
			return d, uint64(c), nil
		}
		if whole == nil {
			whole = newWholeHasher()
		}
		whole.write(data)
		d := DigestOf(data)
		total += uint64(c)
		if err := fn(ChunkMeta{Digest: d, Size: uint64(c)}, data); err != nil {
			return Digest{}, 0, err
		}
	}
	return whole.sum(), total, nil
}
