package upstream

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/p2pnix/tvix/proto/storev1"
)

// StreamWindow is how many of the latest bytes of a NAR being downloaded
// a Stream keeps in memory for its readers (less for a smaller NAR).
const StreamWindow = 32 << 20

// ErrBehind is a Stream reader's error when it fell more than
// StreamWindow bytes behind the download: the rest is read from the
// store once the path is there (see Stream.Wait).
var ErrBehind = errors.New("upstream: NAR reader fell behind the download")

// StreamStall is how long the download waits for a reader at the far
// end of the window to read on (so that a reader no slower than that is
// never left behind) before it leaves the reader behind.
const StreamStall = 5 * time.Second

// Stream is the NAR of a path being substituted, readable while it
// downloads: its latest decompressed bytes are kept in memory as they
// are ingested, and readers follow them. A reader gets the last byte of
// the NAR only once the NAR hash is checked and the path registered; if
// that fails it gets an error instead, so a client never takes a NAR
// that was refused for whole. Safe for concurrent use.
type Stream struct {
	info *storev1.PathInfo
	size int64

	mu      sync.Mutex
	wake    chan struct{} // closed and replaced when n or done change
	moved   chan struct{} // closed and replaced when a reader reads
	ring    []byte        // byte i of the NAR at i % len(ring); nil once refs is 0
	refs    int           // the writer's until finish, and one per reader
	readers map[*streamReader]bool
	n       int64 // bytes written
	done    bool
	err     error
	reg     *storev1.PathInfo
}

func newStream(info *storev1.PathInfo) *Stream {
	size := int64(info.GetNarinfo().GetNarSize())
	return &Stream{info: info, size: size, wake: make(chan struct{}), moved: make(chan struct{}),
		ring: make([]byte, max(1, min(size, StreamWindow))), refs: 1, readers: map[*streamReader]bool{}}
}

// Info is the path's PathInfo as its upstream narinfo describes it,
// checked against its signature; its root node only names the path.
func (st *Stream) Info() *storev1.PathInfo { return st.info }

// Write takes the next bytes of the NAR, first waiting (up to
// StreamStall) for readers whose next bytes they would overwrite.
func (st *Stream) Write(p []byte) (int, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.waitReaders(st.n + int64(len(p)) - int64(len(st.ring)))
	n := len(p)
	if len(p) > len(st.ring) {
		st.n += int64(len(p) - len(st.ring))
		p = p[len(p)-len(st.ring):]
	}
	for len(p) > 0 {
		k := copy(st.ring[st.n%int64(len(st.ring)):], p)
		st.n += int64(k)
		p = p[k:]
	}
	st.notify()
	return n, nil
}

// waitReaders waits until no reader still needs the bytes before off,
// leaving behind a reader that does not read on within StreamStall.
// st.mu is held.
func (st *Stream) waitReaders(off int64) {
	var timer *time.Timer
	for {
		var slow *streamReader
		for r := range st.readers {
			if !r.behind && r.off < off && (slow == nil || r.off < slow.off) {
				slow = r
			}
		}
		if slow == nil {
			break
		}
		if timer == nil {
			timer = time.NewTimer(StreamStall)
			defer timer.Stop()
		}
		moved, at := st.moved, slow.off
		st.mu.Unlock()
		fired := false
		select {
		case <-moved:
		case <-timer.C:
			fired = true
		}
		st.mu.Lock()
		if fired && slow.off == at {
			slow.behind = true
		}
		if fired || slow.off != at {
			timer.Reset(StreamStall)
		}
	}
}

func (st *Stream) notify() {
	close(st.wake)
	st.wake = make(chan struct{})
}

// finish ends the stream: reg is the registered PathInfo, or err why the
// download failed.
func (st *Stream) finish(reg *storev1.PathInfo, err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.done, st.reg = true, reg
	if err != nil {
		st.err = err
	} else if st.n != st.size {
		st.err = fmt.Errorf("streamed %d bytes of a %d-byte NAR", st.n, st.size)
	}
	st.notify()
	st.unref()
}

func (st *Stream) unref() {
	if st.refs--; st.refs == 0 {
		st.ring = nil
	}
}

// Wait returns the registered PathInfo once the download ends, or why
// it failed.
func (st *Stream) Wait(ctx context.Context) (*storev1.PathInfo, error) {
	for {
		st.mu.Lock()
		done, reg, err, wake := st.done, st.reg, st.err, st.wake
		st.mu.Unlock()
		if done {
			if reg != nil && err == nil {
				return reg, nil
			}
			return nil, err
		}
		select {
		case <-wake:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// NewReader returns a reader of the NAR from its start, whose Read
// waits (until ctx ends) for the bytes still to come. It is nil when
// the download ended and no reader is left (the path is then in the
// store, or refused: see Wait).
func (st *Stream) NewReader(ctx context.Context) io.ReadCloser {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.refs == 0 {
		return nil
	}
	st.refs++
	r := &streamReader{ctx: ctx, st: st}
	st.readers[r] = true
	return r
}

// errReaderClosed is a Read after Close.
var errReaderClosed = errors.New("upstream: NAR stream reader closed")

type streamReader struct {
	ctx    context.Context
	st     *Stream
	off    int64
	closed bool
	behind bool // left behind: the download no longer waits for it
}

func (r *streamReader) Read(p []byte) (int, error) {
	st := r.st
	for {
		st.mu.Lock()
		switch {
		case r.closed:
			st.mu.Unlock()
			return 0, errReaderClosed
		case st.err != nil:
			err := st.err
			st.mu.Unlock()
			return 0, err
		case r.off < st.n-int64(len(st.ring)):
			st.mu.Unlock()
			return 0, ErrBehind
		}
		avail := st.n
		if !st.done {
			avail = min(avail, st.size-1) // the last byte waits for the checks
		}
		if r.off < avail {
			k := int(min(int64(len(p)), avail-r.off))
			n := 0
			for n < k {
				n += copy(p[n:k], st.ring[(r.off+int64(n))%int64(len(st.ring)):])
			}
			r.off += int64(n)
			close(st.moved)
			st.moved = make(chan struct{})
			st.mu.Unlock()
			return n, nil
		}
		if st.done {
			st.mu.Unlock()
			return 0, io.EOF
		}
		wake := st.wake
		st.mu.Unlock()
		select {
		case <-wake:
		case <-r.ctx.Done():
			return 0, r.ctx.Err()
		}
	}
}

func (r *streamReader) Close() error {
	r.st.mu.Lock()
	defer r.st.mu.Unlock()
	if !r.closed {
		r.closed = true
		delete(r.st.readers, r)
		close(r.st.moved)
		r.st.moved = make(chan struct{})
		r.st.unref()
	}
	return nil
}
