package builder

import (
	"bytes"
	"io"
	"sync"
)

// LineWriter passes every complete line written to it, without its
// newline, to Line; the slice is Line's to keep. With MaxLine > 0, a line
// longer than MaxLine bytes goes on in pieces. Flush passes on an
// unfinished last line. Safe for concurrent use.
type LineWriter struct {
	Line    func(line []byte)
	MaxLine int

	mu  sync.Mutex
	buf []byte
}

var _ io.Writer = (*LineWriter)(nil)

func (w *LineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			break
		}
		w.Line(append([]byte(nil), w.buf[:i]...))
		w.buf = w.buf[i+1:]
	}
	if w.MaxLine > 0 && len(w.buf) > w.MaxLine {
		w.Line(append([]byte(nil), w.buf...))
		w.buf = w.buf[:0]
	}
	return len(p), nil
}

// Flush passes on a last line that has no newline.
func (w *LineWriter) Flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.buf) > 0 {
		w.Line(w.buf)
		w.buf = nil
	}
}
