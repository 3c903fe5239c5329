package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/restic/chunker"
	"github.com/zeebo/blake3"
)

// Chunking parameters. A cut is never made before ChunkMinSize bytes and
// always by ChunkMaxSize; in between the Rabin fingerprint of a 64-byte
// window decides, cutting on average every 2^chunkAverageBits bytes, so
// chunks average about 192 KiB. Changing them changes every chunk digest,
// so they are fixed.
const (
	ChunkMinSize     = 64 << 10
	ChunkMaxSize     = 1 << 20
	chunkAverageBits = 17
	// chunkPolynomial is an irreducible polynomial of degree 53 over F_2,
	// chosen once at random; every node must use the same one so that equal
	// content yields equal chunks everywhere.
	chunkPolynomial = chunker.Pol(0x2684b66d6c73d9)
)

var chunkerPool = sync.Pool{New: func() any {
	c := chunker.NewWithBoundaries(nil, chunkPolynomial, ChunkMinSize, ChunkMaxSize)
	c.SetAverageBits(chunkAverageBits)
	return c
}}

var chunkBufPool = sync.Pool{New: func() any {
	b := make([]byte, ChunkMaxSize)
	return &b
}}

// SplitBlob reads r to the end and cuts the content into content-defined
// chunks. It calls fn with each chunk's metadata and bytes in content order
// (data is valid only during the call) and returns the blake3 of the whole
// content and its length. Content of at most ChunkMinSize bytes is a single
// chunk whose digest is the blob digest.
func SplitBlob(r io.Reader, fn func(c ChunkMeta, data []byte) error) (Digest, uint64, error) {
	bufp := chunkBufPool.Get().(*[]byte)
	defer chunkBufPool.Put(bufp)
	buf := *bufp

	// Fast path: most files are small; they skip the chunker entirely.
	n, err := io.ReadFull(r, buf[:ChunkMinSize+1])
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		d := DigestOf(buf[:n])
		if err := fn(ChunkMeta{Digest: d, Size: uint64(n)}, buf[:n]); err != nil {
			return Digest{}, 0, err
		}
		return d, uint64(n), nil
	case err != nil:
		return Digest{}, 0, fmt.Errorf("read blob: %w", err)
	}

	head := make([]byte, n)
	copy(head, buf[:n])
	c := chunkerPool.Get().(*chunker.Chunker)
	defer chunkerPool.Put(c)
	c.ResetWithBoundaries(io.MultiReader(bytes.NewReader(head), r), chunkPolynomial, ChunkMinSize, ChunkMaxSize)
	c.SetAverageBits(chunkAverageBits)

	whole := blake3.New()
	var total uint64
	for {
		ch, err := c.Next(buf)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Digest{}, 0, fmt.Errorf("read blob: %w", err)
		}
		whole.Write(ch.Data)
		total += uint64(len(ch.Data))
		if err := fn(ChunkMeta{Digest: DigestOf(ch.Data), Size: uint64(len(ch.Data))}, ch.Data); err != nil {
			return Digest{}, 0, err
		}
	}
	var d Digest
	whole.Sum(d[:0])
	return d, total, nil
}
