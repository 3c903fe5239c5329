package upstream

import "io"

// Read-ahead buffers: how many, and how large.
const (
	readAheadBufs    = 4
	readAheadBufSize = 1 << 20
)

// readAhead reads r on a goroutine of its own, up to readAheadBufs
// buffers ahead of its reader, so that downloading, decompressing and
// streaming a NAR run beside its ingestion. Read is for one goroutine;
// stop ends the read-ahead.
type readAhead struct {
	full  chan []byte
	free  chan []byte
	stopc chan struct{}
	done  chan struct{}
	err   error // why reading r ended, set before full is closed
	cur   []byte
	held  []byte
}

func newReadAhead(r io.Reader) *readAhead {
	ra := &readAhead{full: make(chan []byte, readAheadBufs), free: make(chan []byte, readAheadBufs),
		stopc: make(chan struct{}), done: make(chan struct{})}
	for range readAheadBufs {
		ra.free <- make([]byte, readAheadBufSize)
	}
	go ra.run(r)
	return ra
}

func (ra *readAhead) run(r io.Reader) {
	defer close(ra.done)
	for {
		var buf []byte
		select {
		case buf = <-ra.free:
		case <-ra.stopc:
			return
		}
		k, err := io.ReadFull(r, buf[:cap(buf)])
		if k > 0 {
			select {
			case ra.full <- buf[:k]:
			case <-ra.stopc:
				return
			}
		}
		if err != nil {
			if err == io.ErrUnexpectedEOF {
				err = io.EOF
			}
			ra.err = err
			close(ra.full)
			return
		}
	}
}

func (ra *readAhead) Read(p []byte) (int, error) {
	if len(ra.cur) == 0 {
		if ra.held != nil {
			ra.free <- ra.held
			ra.held = nil
		}
		b, ok := <-ra.full
		if !ok {
			return 0, ra.err
		}
		ra.cur, ra.held = b, b
	}
	n := copy(p, ra.cur)
	ra.cur = ra.cur[n:]
	return n, nil
}

// stop ends the read-ahead and waits for its goroutine, after unblock
// (if not nil) has ended a read in progress.
func (ra *readAhead) stop(unblock func()) {
	close(ra.stopc)
	if unblock != nil {
		unblock()
	}
	<-ra.done
}
