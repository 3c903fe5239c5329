package upstream

import (
	"compress/bzip2"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/zstd"
	"github.com/p2pnix/tvix/internal/countio"
	"github.com/p2pnix/tvix/internal/xzguard"
	"github.com/ulikunitz/xz"
)

// ErrTooLarge is wrapped by the error of a decompressed stream that
// grows past its bound: longer than the NAR it claims to be, or
// expanding more than the allowed ratio (a decompression bomb).
var ErrTooLarge = errors.New("decompressed data too large")

// Bounds limit a decompressed stream.
type Bounds struct {
	// MaxSize is the most bytes it may produce.
	MaxSize uint64
	// MaxRatio, when not 0, is the most bytes out per byte in, checked
	// once the output passes RatioSlack.
	MaxRatio uint64
}

// RatioSlack is the output below which the ratio is not checked: small
// files of zeros compress far better than any real NAR.
const RatioSlack = 1 << 20

// Decompress undoes a narinfo's Compression ("none" or "", "xz", "zstd",
// "bzip2") on r within b.
func Decompress(compression string, r io.Reader, b Bounds) (io.Reader, error) {
	in := &countio.Reader{R: r}
	var out io.Reader
	switch compression {
	case "", "none":
		out = in
	case "xz":
		x, err := xz.NewReader(xzguard.NewReader(in, xzguard.MaxDict))
		if err != nil {
			return nil, fmt.Errorf("xz: %w", err)
		}
		out = x
	case "bzip2":
		out = bzip2.NewReader(in)
	case "zstd":
		d, err := zstd.NewReader(in, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(256<<20))
		if err != nil {
			return nil, fmt.Errorf("zstd: %w", err)
		}
		out = d.IOReadCloser()
	default:
		return nil, fmt.Errorf("compression %q not supported (none, xz, zstd or bzip2)", compression)
	}
	return &boundedReader{r: out, in: in, b: b}, nil
}

// boundedReader fails once its output breaks its bounds.
type boundedReader struct {
	r   io.Reader
	in  *countio.Reader
	b   Bounds
	out uint64
}

func (br *boundedReader) Read(p []byte) (int, error) {
	n, err := br.r.Read(p)
	br.out += uint64(n)
	if br.out > br.b.MaxSize {
		return 0, fmt.Errorf("%w: more than the %d bytes announced", ErrTooLarge, br.b.MaxSize)
	}
	if br.b.MaxRatio > 0 && br.out > RatioSlack && br.out > br.b.MaxRatio*max(uint64(br.in.N), 1) {
		return 0, fmt.Errorf("%w: %d bytes from %d compressed, over the ratio %d", ErrTooLarge, br.out, br.in.N, br.b.MaxRatio)
	}
	return n, err
}
