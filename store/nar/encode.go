package nar

import (
	"bufio"
	"encoding/binary"
	"io"
)

// Tokens of the NAR grammar.
const (
	magic = "nix-archive-1"
)

var zeros [8]byte

// padLen is the number of zero bytes that follow n bytes of string data.
func padLen(n uint64) int { return int((8 - n%8) % 8) }

// encoder writes NAR tokens to w and counts the bytes written. With a
// buffered w, raw is the writer under it: large file contents bypass the
// buffer (flushing it first) instead of being copied into it.
type encoder struct {
	w   io.Writer
	bw  *bufio.Writer
	raw io.Writer
	n   uint64
	err error
	buf [8]byte
}

// directWriteMin is the content write size from which the buffer is
// bypassed.
const directWriteMin = 32 << 10

// newBufferedEncoder returns an encoder writing to w through a buffer;
// Flush must be called at the end.
func newBufferedEncoder(w io.Writer) encoder {
	return newBufferedEncoderSize(w, 256<<10)
}

// newBufferedEncoderSize is newBufferedEncoder with a buffer of size
// bytes.
func newBufferedEncoderSize(w io.Writer, size int) encoder {
	bw := bufio.NewWriterSize(w, size)
	return encoder{w: bw, bw: bw, raw: w}
}

// flush writes out the buffer, if any.
func (e *encoder) flush() error {
	if e.err == nil && e.bw != nil {
		e.err = e.bw.Flush()
	}
	return e.err
}

// content writes file content bytes.
func (e *encoder) content(p []byte) {
	if e.bw == nil || len(p) < directWriteMin {
		e.write(p)
		return
	}
	if e.flush() != nil {
		return
	}
	n, err := e.raw.Write(p)
	e.n += uint64(n)
	e.err = err
}

func (e *encoder) write(b []byte) {
	if e.err != nil {
		return
	}
	n, err := e.w.Write(b)
	e.n += uint64(n)
	e.err = err
}

func (e *encoder) u64(v uint64) {
	binary.LittleEndian.PutUint64(e.buf[:], v)
	e.write(e.buf[:])
}

// str writes one padded string.
func (e *encoder) str(s string) {
	e.u64(uint64(len(s)))
	if e.err == nil {
		n, err := io.WriteString(e.w, s)
		e.n += uint64(n)
		e.err = err
	}
	e.write(zeros[:padLen(uint64(len(s)))])
}

func (e *encoder) bytesStr(b []byte) {
	e.u64(uint64(len(b)))
	e.write(b)
	e.write(zeros[:padLen(uint64(len(b)))])
}

func (e *encoder) strs(ss ...string) {
	for _, s := range ss {
		e.str(s)
	}
}

func (e *encoder) header() { e.str(magic) }

// fileStart writes everything of a regular file node up to its contents.
func (e *encoder) fileStart(executable bool, size uint64) {
	e.strs("(", "type", "regular")
	if executable {
		e.strs("executable", "")
	}
	e.str("contents")
	e.u64(size)
}

// fileEnd writes the padding after size content bytes and closes the node.
func (e *encoder) fileEnd(size uint64) {
	e.write(zeros[:padLen(size)])
	e.str(")")
}

func (e *encoder) symlink(target []byte) {
	e.strs("(", "type", "symlink", "target")
	e.bytesStr(target)
	e.str(")")
}

func (e *encoder) dirStart() { e.strs("(", "type", "directory") }

func (e *encoder) entryStart(name []byte) {
	e.strs("entry", "(", "name")
	e.bytesStr(name)
	e.str("node")
}

// entryEnd closes an entry; dirEnd closes a directory node.
func (e *encoder) entryEnd() { e.str(")") }
func (e *encoder) dirEnd()   { e.str(")") }
