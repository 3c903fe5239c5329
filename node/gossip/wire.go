package gossip

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// errShort is a truncated encoding.
var errShort = errors.New("truncated")

// maxListLen bounds decoded list lengths so garbage cannot allocate much.
const maxListLen = 1 << 12

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendBytes(b, p []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(p)))
	return append(b, p...)
}

func appendStrings(b []byte, l []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(l)))
	for _, s := range l {
		b = appendString(b, s)
	}
	return b
}

// reader decodes the primitives above; the first error sticks and later
// reads return zero values.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) fail(err error) {
	if r.err == nil {
		r.err = fmt.Errorf("at byte %d: %w", r.off, err)
	}
}

func (r *reader) byte() byte {
	if r.err != nil {
		return 0
	}
	if r.off >= len(r.b) {
		r.fail(errShort)
		return 0
	}
	c := r.b[r.off]
	r.off++
	return c
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.fail(errors.New("bad varint"))
		return 0
	}
	if n > 1 && r.b[r.off+n-1] == 0 {
		// A zero last byte pads: one value, one encoding.
		r.fail(errors.New("non-minimal varint"))
		return 0
	}
	r.off += n
	return v
}

func (r *reader) uint32() uint32 {
	v := r.uvarint()
	if v > math.MaxUint32 {
		r.fail(errors.New("value exceeds 32 bits"))
		return 0
	}
	return uint32(v)
}

func (r *reader) bytes() []byte {
	n := r.uvarint()
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)-r.off) {
		r.fail(errShort)
		return nil
	}
	p := r.b[r.off : r.off+int(n)]
	r.off += int(n)
	return p
}

func (r *reader) string() string { return string(r.bytes()) }

func (r *reader) strings() []string {
	n := r.uvarint()
	if r.err != nil || n == 0 {
		return nil
	}
	if n > maxListLen {
		r.fail(fmt.Errorf("list of %d entries", n))
		return nil
	}
	l := make([]string, 0, n)
	for i := uint64(0); i < n && r.err == nil; i++ {
		l = append(l, r.string())
	}
	return l
}
