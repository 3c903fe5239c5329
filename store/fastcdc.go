package store

import (
	"math/bits"

	"github.com/PlakarKorp/go-cdc-chunkers/chunkers/fastcdc"
)

// The cut masks of FastCDC with normalisation level 2: 2 bits more than
// log2(chunkNormalSize) before the normal size, 2 fewer after it, spread
// evenly from the top bit down, as the library's "fastcdc-v1.0.0" does.
var maskS, maskL = spacedMask(bits.Len(chunkNormalSize) - 1 + 2), spacedMask(bits.Len(chunkNormalSize) - 1 - 2)

func spacedMask(ones int) uint64 {
	var m uint64
	step := 64 / ones
	for i := 0; i < ones; i++ {
		m |= 1 << (63 - i*step)
	}
	return m
}

// cutPoint returns the length of the first chunk of data, which holds
// the next min(ChunkMaxSize, rest of the content) bytes of a blob: the
// same cut the library's FastCDC makes (its gear table, masks and rules:
// the gear hash starts from zero at ChunkMinSize, the byte that matches
// the mask begins the next chunk, and content that ends within
// ChunkMinSize is one chunk).
//
// The loop is unrolled by four with the hash of each step written in
// terms of the hash before the four, so that the dependency chain costs
// one shift and one add per four bytes.
func cutPoint(data []byte) int {
	n := len(data)
	switch {
	case n <= ChunkMinSize:
		return n
	case n > ChunkMaxSize:
		n = ChunkMaxSize
		data = data[:n]
	}
	normal := min(n, chunkNormalSize)
	fp, i := uint64(0), ChunkMinSize
	if c, ok := scan(data[:normal], &fp, &i, maskS); ok {
		return c
	}
	if c, ok := scan(data, &fp, &i, maskL); ok {
		return c
	}
	return n
}

// scan runs the gear hash over data[*i:] and returns the first position
// whose hash matches mask, or false with *fp and *i at the end of data.
func scan(data []byte, fp *uint64, i *int, mask uint64) (int, bool) {
	g := &fastcdc.G
	h, j := *fp, *i
	for ; j+4 <= len(data); j += 4 {
		b := data[j : j+4 : j+4]
		g0, g1, g2, g3 := g[b[0]], g[b[1]], g[b[2]], g[b[3]]
		h0 := h<<1 + g0
		s1 := g0<<1 + g1
		s2 := s1<<1 + g2
		s3 := s2<<1 + g3
		h1 := h<<2 + s1
		h2 := h<<3 + s2
		h3 := h<<4 + s3
		if h0&mask == 0 {
			return j, true
		}
		if h1&mask == 0 {
			return j + 1, true
		}
		if h2&mask == 0 {
			return j + 2, true
		}
		if h3&mask == 0 {
			return j + 3, true
		}
		h = h3
	}
	for ; j < len(data); j++ {
		h = h<<1 + g[data[j]]
		if h&mask == 0 {
			return j, true
		}
	}
	*fp, *i = h, j
	return 0, false
}
