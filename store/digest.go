package store

import (
	"encoding/hex"
	"fmt"

	"github.com/zeebo/blake3"
)

// DigestSize is the length of a blake3-256 digest.
const DigestSize = 32

// Digest is a blake3-256 digest.
type Digest [DigestSize]byte

// DigestOf returns the blake3-256 digest of b.
func DigestOf(b []byte) Digest { return Digest(blake3.Sum256(b)) }

// DigestFromBytes converts a digest field of a message; any length other
// than 32 bytes is an error.
func DigestFromBytes(b []byte) (Digest, error) {
	var d Digest
	if len(b) != DigestSize {
		return d, fmt.Errorf("invalid blake3 digest: %d bytes, want %d", len(b), DigestSize)
	}
	copy(d[:], b)
	return d, nil
}

// String returns "b3:" and the digest in lower-case hex.
func (d Digest) String() string { return "b3:" + hex.EncodeToString(d[:]) }
