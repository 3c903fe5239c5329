package buildsession

import (
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/p2pnix/tvix/builder"
)

// progressLine serialises what builds write to stderr (their logs and
// "building" lines) and, when stderr is a terminal, keeps a status line
// under it: "[built/total built, N running, N failed]". It is safe for
// concurrent use.
type progressLine struct {
	mu                            sync.Mutex
	w                             io.Writer
	tty                           bool
	total, built, running, failed int
	shown                         bool
	partial                       bool // the last write did not end a line
}

// newProgressLine writes to w; the status line is drawn only when show
// is set and w is a terminal.
func newProgressLine(w io.Writer, show bool) *progressLine {
	return &progressLine{w: w, tty: show && isTerminal(w)}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Write passes build log output through, above the status line.
func (p *progressLine) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.erase()
	n, err := p.w.Write(b)
	if len(b) > 0 {
		p.partial = b[len(b)-1] != '\n'
	}
	p.draw()
	return n, err
}

func (p *progressLine) printf(format string, args ...any) {
	fmt.Fprintf(p, format, args...)
}

func (p *progressLine) plan(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total += n
	p.erase()
	p.draw()
}

func (p *progressLine) event(e builder.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case e.Started:
		p.running++
	case e.Err != nil:
		p.running--
		p.failed++
	default:
		p.running--
		p.built++
	}
	p.erase()
	p.draw()
}

// clear removes the status line for good (before the final output).
func (p *progressLine) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.erase()
	p.tty = false
}

func (p *progressLine) erase() {
	if p.shown {
		io.WriteString(p.w, "\r\x1b[K")
		p.shown = false
	}
}

func (p *progressLine) draw() {
	if !p.tty || p.partial || p.total == 0 {
		return
	}
	fmt.Fprintf(p.w, "[%d/%d built, %d running, %d failed]", p.built, p.total, p.running, p.failed)
	p.shown = true
}
