// Package xzguard bounds the LZMA2 dictionary an xz stream may ask for.
//
// A decoder allocates the dictionary a block header declares before it
// decodes a byte, so a few dozen bytes can ask for 4 GiB. NewReader
// passes an xz file through unchanged while it walks the format (stream
// headers, block headers, LZMA2 chunk headers, indexes and footers,
// without decompressing), and fails at the first block header whose
// dictionary is larger than the bound, before the decoder behind it sees
// that header. Everything else is left for the decoder to check.
package xzguard

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// MaxDict is the largest dictionary xz's presets use (-9), a fair bound
// for data someone else compressed.
const MaxDict = 64 << 20

// ErrDictTooLarge is wrapped by the error of a block that declares a
// dictionary over the bound.
var ErrDictTooLarge = errors.New("xz dictionary too large")

type state int

const (
	stStreamHeader state = iota
	stBlockOrIndex
	stChunk
	stBlockTail
	stIndex
	stFooter
	stPadding
)

type reader struct {
	r        *bufio.Reader
	max      uint64
	st       state
	off      int64  // bytes consumed from r
	out      []byte // walked bytes not yet handed out
	check    int    // check size of the current stream
	blockLen int64  // bytes of the current block so far
	idxStart int64  // offset of the current index
	idxLeft  uint64 // its records not walked yet
	err      error
}

// NewReader returns r, unchanged, failing at the first block whose LZMA2
// dictionary is larger than maxDict bytes.
func NewReader(r io.Reader, maxDict uint64) io.Reader {
	return &reader{r: bufio.NewReader(r), max: maxDict}
}

func (x *reader) Read(p []byte) (int, error) {
	for len(x.out) == 0 && x.err == nil {
		x.out = x.out[:0]
		x.err = x.step()
	}
	if len(x.out) > 0 {
		n := copy(p, x.out)
		x.out = x.out[n:]
		return n, nil
	}
	return 0, x.err
}

// take moves n bytes from r to out and returns them.
func (x *reader) take(n int) ([]byte, error) {
	start := len(x.out)
	x.out = append(x.out, make([]byte, n)...)
	k, err := io.ReadFull(x.r, x.out[start:])
	x.off += int64(k)
	x.out = x.out[:start+k]
	if err != nil {
		return nil, fmt.Errorf("xz: at byte %d: %w", x.off, io.ErrUnexpectedEOF)
	}
	return x.out[start:], nil
}

// varint moves one xz multibyte integer from r to out.
func (x *reader) varint() (uint64, error) {
	var v uint64
	for i := 0; i < 9; i++ {
		b, err := x.take(1)
		if err != nil {
			return 0, err
		}
		v |= uint64(b[0]&0x7f) << (7 * i)
		if b[0]&0x80 == 0 {
			return v, nil
		}
	}
	return 0, fmt.Errorf("xz: at byte %d: integer too long", x.off)
}

// checkSizes is the size of each check ID's field.
var checkSizes = [16]int{0, 4, 4, 4, 8, 8, 8, 16, 16, 16, 32, 32, 32, 64, 64, 64}

// step walks one unit of the format into out; io.EOF at its clean end.
func (x *reader) step() error {
	switch x.st {
	case stStreamHeader:
		h, err := x.take(12)
		if err != nil {
			return err
		}
		if !bytes.HasPrefix(h, []byte{0xfd, '7', 'z', 'X', 'Z', 0}) {
			return fmt.Errorf("xz: at byte %d: no stream header", x.off-12)
		}
		x.check = checkSizes[h[7]&0x0f]
		x.st = stBlockOrIndex
	case stBlockOrIndex:
		b, err := x.r.Peek(1)
		if err != nil {
			return fmt.Errorf("xz: at byte %d: %w", x.off, io.ErrUnexpectedEOF)
		}
		if b[0] == 0 {
			return x.index()
		}
		return x.blockHeader(int(b[0])*4 + 4)
	case stChunk:
		return x.chunk()
	case stBlockTail:
		if _, err := x.take(int(-x.blockLen&3) + x.check); err != nil {
			return err
		}
		x.st = stBlockOrIndex
	case stIndex:
		return x.records()
	case stFooter:
		if _, err := x.take(12); err != nil {
			return err
		}
		x.st = stPadding
	case stPadding:
		b, err := x.r.Peek(4)
		if len(b) == 0 && err == io.EOF {
			return io.EOF
		}
		if len(b) == 4 && bytes.Equal(b, []byte{0, 0, 0, 0}) {
			_, err := x.take(4)
			return err
		}
		x.st = stStreamHeader
	}
	return nil
}

// blockHeader walks a block header of size bytes and checks the
// dictionary of its LZMA2 filter.
func (x *reader) blockHeader(size int) error {
	at := x.off
	h, err := x.take(size)
	if err != nil {
		return err
	}
	hr := bytes.NewReader(h[2 : size-4])
	uvarint := func() uint64 {
		var v uint64
		for i := 0; i < 9; i++ {
			b, err := hr.ReadByte()
			if err != nil {
				return 0
			}
			v |= uint64(b&0x7f) << (7 * i)
			if b&0x80 == 0 {
				break
			}
		}
		return v
	}
	flags := h[1]
	if flags&0x40 != 0 {
		uvarint() // compressed size
	}
	if flags&0x80 != 0 {
		uvarint() // uncompressed size
	}
	for range int(flags&3) + 1 {
		id, n := uvarint(), uvarint()
		props := make([]byte, min(n, uint64(hr.Len())))
		hr.Read(props)
		if id == 0x21 && len(props) == 1 {
			if d := dictSize(props[0]); d > x.max {
				x.out = x.out[:len(x.out)-size] // not for the decoder
				return fmt.Errorf("xz: block header at byte %d: %w: %d bytes, more than %d", at, ErrDictTooLarge, d, x.max)
			}
		}
	}
	x.blockLen = int64(size)
	x.st = stChunk
	return nil
}

// dictSize decodes LZMA2's dictionary size property (40 and more are
// left for the decoder to refuse).
func dictSize(p byte) uint64 {
	if p >= 40 {
		return 0
	}
	return (2 | uint64(p&1)) << (p/2 + 11)
}

// chunk walks one LZMA2 chunk.
func (x *reader) chunk() error {
	c, err := x.take(1)
	if err != nil {
		return err
	}
	ctl := c[0]
	n := 1
	switch {
	case ctl == 0:
		x.blockLen++
		x.st = stBlockTail
		return nil
	case ctl == 1 || ctl == 2:
		s, err := x.take(2)
		if err != nil {
			return err
		}
		size := int(s[0])<<8 | int(s[1]) + 1
		if _, err := x.take(size); err != nil {
			return err
		}
		n += 2 + size
	case ctl >= 0x80:
		hdr := 4
		if ctl >= 0xc0 {
			hdr = 5 // with a properties byte
		}
		s, err := x.take(hdr)
		if err != nil {
			return err
		}
		packed := int(s[2])<<8 | int(s[3]) + 1
		if _, err := x.take(packed); err != nil {
			return err
		}
		n += hdr + packed
	default:
		return fmt.Errorf("xz: at byte %d: bad LZMA2 control byte %#x", x.off-1, ctl)
	}
	x.blockLen += int64(n)
	return nil
}

// index starts a stream's index: its indicator and record count.
func (x *reader) index() error {
	x.idxStart = x.off
	if _, err := x.take(1); err != nil {
		return err
	}
	n, err := x.varint()
	if err != nil {
		return err
	}
	x.idxLeft = n
	x.st = stIndex
	return nil
}

// records walks up to 1024 index records, then the index's padding and
// CRC32 after the last.
func (x *reader) records() error {
	for k := 0; k < 1024 && x.idxLeft > 0; k++ {
		for range 2 { // unpadded and uncompressed size
			if _, err := x.varint(); err != nil {
				return err
			}
		}
		x.idxLeft--
	}
	if x.idxLeft > 0 {
		return nil
	}
	if _, err := x.take(int(-(x.off-x.idxStart)&3) + 4); err != nil {
		return err
	}
	x.st = stFooter
	return nil
}
