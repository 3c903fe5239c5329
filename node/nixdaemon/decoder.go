package nixdaemon

import (
	"errors"
	"fmt"
	"io"

	"github.com/nix-community/go-nix/pkg/wire"
	"github.com/p2pnix/tvix/internal/countio"
)

// ErrMalformed marks a message the server cannot decode: the connection it
// came on is closed.
var ErrMalformed = errors.New("malformed daemon protocol message")

// Limits on what one message may hold, so that a hostile length cannot
// make the server allocate without bound.
const (
	maxStringLen = 1 << 20 // a store path, an option value, a signature
	maxListLen   = 1 << 20 // entries of one set or list
)

// decoder reads the fields of one message with go-nix's wire primitives.
// The first error sticks: later reads return zero values, and err names
// the field and the offset where decoding failed.
type decoder struct {
	r   *countio.Reader
	err error
}

func (d *decoder) fail(what string, at int64, err error) {
	if d.err != nil {
		return
	}
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	d.err = fmt.Errorf("%w: %s at byte %d: %w", ErrMalformed, what, at, err)
}

func (d *decoder) u64(what string) uint64 {
	if d.err != nil {
		return 0
	}
	at := d.r.N
	v, err := wire.ReadUint64(d.r)
	if err != nil {
		d.fail(what, at, err)
	}
	return v
}

func (d *decoder) bool(what string) bool {
	if d.err != nil {
		return false
	}
	at := d.r.N
	v, err := wire.ReadBool(d.r)
	if err != nil {
		d.fail(what, at, err)
	}
	return v
}

func (d *decoder) str(what string) string {
	if d.err != nil {
		return ""
	}
	at := d.r.N
	v, err := wire.ReadString(d.r, maxStringLen)
	if err != nil {
		d.fail(what, at, err)
	}
	return v
}

// count reads the length of a list and checks it against maxListLen.
func (d *decoder) count(what string) int {
	at := d.r.N
	n := d.u64(what)
	if d.err == nil && n > maxListLen {
		d.fail(what, at, fmt.Errorf("%d entries, more than %d", n, maxListLen))
		return 0
	}
	return int(n)
}

// strs reads a list (or set) of strings.
func (d *decoder) strs(what string) []string {
	n := d.count(what)
	var out []string
	for i := 0; i < n && d.err == nil; i++ {
		out = append(out, d.str(what))
	}
	return out
}

// strMap reads a list of string pairs.
func (d *decoder) strPairs(what string) [][2]string {
	n := d.count(what)
	var out [][2]string
	for i := 0; i < n && d.err == nil; i++ {
		k := d.str(what)
		v := d.str(what)
		out = append(out, [2]string{k, v})
	}
	return out
}

// framedReader reads the framed data that follows some operations: frames
// of a length and that many bytes, ended by a frame of length zero, after
// which it returns io.EOF. A broken frame (the stream ending inside one)
// is kept in err, to tell it from an error of whoever reads the data.
type framedReader struct {
	r    *countio.Reader
	left uint64
	done bool
	err  error
}

func (f *framedReader) Read(b []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	for f.left == 0 {
		if f.done {
			return 0, io.EOF
		}
		at := f.r.N
		n, err := wire.ReadUint64(f.r)
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			f.err = fmt.Errorf("%w: frame length at byte %d: %w", ErrMalformed, at, err)
			return 0, f.err
		}
		if n == 0 {
			f.done = true
			return 0, io.EOF
		}
		f.left = n
	}
	if uint64(len(b)) > f.left {
		b = b[:f.left]
	}
	n, err := f.r.Read(b)
	f.left -= uint64(n)
	if err != nil && !(errors.Is(err, io.EOF) && n > 0) {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		f.err = fmt.Errorf("%w: frame data at byte %d: %w", ErrMalformed, f.r.N, err)
		return n, f.err
	}
	return n, nil
}

// drain reads the rest of the frames, so that the next message can be
// read; it fails only if the framing itself is broken.
func (f *framedReader) drain() error {
	_, err := io.Copy(io.Discard, f)
	if f.err != nil {
		return f.err
	}
	return err
}
