package nar

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// ErrMalformed is wrapped by every error about the content of a NAR.
var ErrMalformed = errors.New("malformed NAR")

// Limits on strings in a NAR, those of Linux file systems.
const (
	maxNameLen   = 255  // NAME_MAX
	maxTargetLen = 4095 // PATH_MAX without the NUL
	maxTokenLen  = 16
)

// FormatError is a problem with a NAR's content at a byte offset.
type FormatError struct {
	Input  string // what was being read, such as a file name or "stdin"
	Offset int64
	Msg    string
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("%s: malformed NAR at byte %d: %s", e.Input, e.Offset, e.Msg)
}

func (e *FormatError) Unwrap() error { return ErrMalformed }

// visitor receives the nodes of a NAR in order. name is nil for the root.
type visitor interface {
	// file must read its content from r (size bytes) or return an error.
	file(name []byte, executable bool, size uint64, r io.Reader) error
	symlink(name, target []byte) error
	enterDir(name []byte) error
	leaveDir() error
}

// parser is a strict, streaming NAR parser. It reads no byte past the
// end of the NAR; every byte it consumes is also written to h.
type parser struct {
	r     *bufio.Reader
	h     io.Writer
	input string
	off   int64 // of the next byte, counted from the start of the input
	start int64 // offset of the NAR's first byte
	v     visitor
	buf   [8]byte
	// whole requires the input to end with the NAR.
	whole bool
}

func (p *parser) fail(off int64, format string, args ...any) error {
	return &FormatError{Input: p.input, Offset: off, Msg: fmt.Sprintf(format, args...)}
}

// readFull reads len(b) bytes; running out of input is a FormatError.
func (p *parser) readFull(b []byte, what string) error {
	n, err := io.ReadFull(p.r, b)
	p.off += int64(n)
	p.h.Write(b[:n])
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return p.fail(p.off, "truncated in %s", what)
	}
	return err
}

func (p *parser) u64(what string) (uint64, error) {
	if err := p.readFull(p.buf[:], what); err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(p.buf[:]), nil
}

func (p *parser) padding(n uint64, what string) error {
	k := padLen(n)
	if k == 0 {
		return nil
	}
	start := p.off
	if err := p.readFull(p.buf[:k], what+" padding"); err != nil {
		return err
	}
	if !bytes.Equal(p.buf[:k], zeros[:k]) {
		return p.fail(start, "non-zero padding after %s", what)
	}
	return nil
}

// str reads one string of at most max bytes.
func (p *parser) str(max int, what string) ([]byte, error) {
	start := p.off
	n, err := p.u64(what + " length")
	if err != nil {
		return nil, err
	}
	if n > uint64(max) {
		return nil, p.fail(start, "%s of %d bytes, at most %d allowed", what, n, max)
	}
	b := make([]byte, n)
	if err := p.readFull(b, what); err != nil {
		return nil, err
	}
	return b, p.padding(n, what)
}

// token reads a short string and returns it with its offset.
func (p *parser) token() (string, int64, error) {
	start := p.off
	n, err := p.u64("token length")
	if err != nil {
		return "", start, err
	}
	if n > maxTokenLen {
		return "", start, p.fail(start, "expected a token, got a string of %d bytes", n)
	}
	b := make([]byte, n)
	if err := p.readFull(b, "token"); err != nil {
		return "", start, err
	}
	return string(b), start, p.padding(n, "token")
}

func (p *parser) expect(want string) error {
	got, off, err := p.token()
	if err != nil {
		return err
	}
	if got != want {
		return p.fail(off, "expected %q, got %q", want, got)
	}
	return nil
}

// parse reads one NAR and, if p.whole, requires the input to end right
// after it.
func (p *parser) parse() error {
	if err := p.expect(magic); err != nil {
		return err
	}
	if err := p.node(nil, 0); err != nil {
		return err
	}
	if !p.whole {
		return nil
	}
	if _, err := p.r.ReadByte(); err != io.EOF {
		if err != nil {
			return err
		}
		return p.fail(p.off, "trailing data after the archive")
	}
	return nil
}

func (p *parser) node(name []byte, depth int) error {
	if depth > maxDepth {
		return p.fail(p.off, "directories nested deeper than %d", maxDepth)
	}
	if err := p.expect("("); err != nil {
		return err
	}
	if err := p.expect("type"); err != nil {
		return err
	}
	typ, off, err := p.token()
	if err != nil {
		return err
	}
	switch typ {
	case "regular":
		err = p.regular(name)
	case "symlink":
		err = p.symlink(name)
	case "directory":
		err = p.directory(name, depth)
	default:
		return p.fail(off, "unknown node type %q", typ)
	}
	return err
}

func (p *parser) regular(name []byte) error {
	tok, off, err := p.token()
	if err != nil {
		return err
	}
	executable := false
	if tok == "executable" {
		executable = true
		markOff := p.off
		mark, err := p.str(maxTokenLen, "executable marker")
		if err != nil {
			return err
		}
		if len(mark) != 0 {
			return p.fail(markOff, "executable marker is not empty")
		}
		if tok, off, err = p.token(); err != nil {
			return err
		}
	}
	if tok != "contents" {
		return p.fail(off, "expected \"contents\", got %q", tok)
	}
	size, err := p.u64("file size")
	if err != nil {
		return err
	}
	cr := &contentReader{p: p, left: size}
	if err := p.v.file(name, executable, size, cr); err != nil {
		if cr.err != nil {
			return cr.err
		}
		return err
	}
	if cr.left > 0 { // the visitor stopped early: skip the rest
		if _, err := io.Copy(io.Discard, cr); err != nil {
			return err
		}
	}
	if err := p.padding(size, "file contents"); err != nil {
		return err
	}
	return p.expect(")")
}

// contentReader yields exactly left bytes of file content; input that
// ends early is a FormatError.
type contentReader struct {
	p    *parser
	left uint64
	err  error
}

func (c *contentReader) Read(b []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	if c.left == 0 {
		return 0, io.EOF
	}
	if uint64(len(b)) > c.left {
		b = b[:c.left]
	}
	n, err := c.p.r.Read(b)
	c.p.off += int64(n)
	c.p.h.Write(b[:n])
	c.left -= uint64(n)
	if err == io.EOF && c.left > 0 {
		c.err = c.p.fail(c.p.off, "truncated in file contents (%d bytes missing)", c.left)
		return n, c.err
	}
	if err != nil && err != io.EOF {
		c.err = err
	}
	return n, c.err
}

func (p *parser) symlink(name []byte) error {
	if err := p.expect("target"); err != nil {
		return err
	}
	off := p.off
	target, err := p.str(maxTargetLen, "symlink target")
	if err != nil {
		return err
	}
	if len(target) == 0 || bytes.IndexByte(target, 0) >= 0 {
		return p.fail(off, "symlink target %q is empty or contains NUL", target)
	}
	if err := p.v.symlink(name, target); err != nil {
		return err
	}
	return p.expect(")")
}

func (p *parser) directory(name []byte, depth int) error {
	if err := p.v.enterDir(name); err != nil {
		return err
	}
	var prev []byte
	for {
		tok, off, err := p.token()
		if err != nil {
			return err
		}
		if tok == ")" {
			return p.v.leaveDir()
		}
		if tok != "entry" {
			return p.fail(off, "expected \"entry\" or \")\", got %q", tok)
		}
		if err := p.expect("("); err != nil {
			return err
		}
		if err := p.expect("name"); err != nil {
			return err
		}
		off = p.off
		child, err := p.str(maxNameLen, "entry name")
		if err != nil {
			return err
		}
		switch {
		case len(child) == 0, string(child) == ".", string(child) == "..",
			bytes.IndexByte(child, '/') >= 0, bytes.IndexByte(child, 0) >= 0:
			return p.fail(off, "invalid entry name %q", child)
		case prev != nil && bytes.Compare(prev, child) >= 0:
			if bytes.Equal(prev, child) {
				return p.fail(off, "duplicate entry name %q", child)
			}
			return p.fail(off, "entry %q is not sorted after %q", child, prev)
		}
		prev = child
		if err := p.expect("node"); err != nil {
			return err
		}
		if err := p.node(child, depth+1); err != nil {
			return err
		}
		if err := p.expect(")"); err != nil {
			return err
		}
	}
}
