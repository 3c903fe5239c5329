package upstream

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/p2pnix/tvix/proto/storev1"
)

// Stream is the NAR of a path being substituted, readable while it
// downloads: the decompressed bytes are spooled to an unlinked file as
// they are ingested, and readers follow that file. A reader gets the
// last byte of the NAR only once the NAR hash is checked and the path
// registered; if that fails it gets an error instead, so a client never
// takes a NAR that was refused for whole. Safe for concurrent use.
type Stream struct {
	info *storev1.PathInfo
	size int64

	mu   sync.Mutex
	wake chan struct{} // closed and replaced when n or done change
	f    *os.File      // closed when refs drops to 0
	refs int           // the writer's until finish, and one per reader
	n    int64         // bytes spooled
	done bool
	err  error // of the download, or of the spool
	reg  *storev1.PathInfo
}

// newStream spools info's NAR into an unlinked file in dir.
func newStream(dir string, info *storev1.PathInfo) (*Stream, error) {
	f, err := os.CreateTemp(dir, "upstream-*.nar")
	if err != nil {
		return nil, err
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		return nil, err
	}
	return &Stream{info: info, size: int64(info.GetNarinfo().GetNarSize()), wake: make(chan struct{}), f: f, refs: 1}, nil
}

// Info is the path's PathInfo as its upstream narinfo describes it,
// checked against its signature; its root node only names the path.
func (st *Stream) Info() *storev1.PathInfo { return st.info }

// Write spools p. A spool that fails fails the readers, not the
// download.
func (st *Stream) Write(p []byte) (int, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.err == nil {
		if _, err := st.f.WriteAt(p, st.n); err != nil {
			st.err = fmt.Errorf("spooling the NAR: %w", err)
		}
	}
	st.n += int64(len(p))
	st.notify()
	return len(p), nil
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
	} else if st.err == nil && st.n != st.size {
		st.err = fmt.Errorf("spooled %d bytes of a %d-byte NAR", st.n, st.size)
	}
	st.notify()
	st.unref()
}

func (st *Stream) unref() {
	if st.refs--; st.refs == 0 {
		st.f.Close()
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
			if reg != nil {
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
// the download ended before and its spool is gone (the path is then in
// the store, or refused: see Wait).
func (st *Stream) NewReader(ctx context.Context) io.ReadCloser {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.refs == 0 {
		return nil
	}
	st.refs++
	return &streamReader{ctx: ctx, st: st}
}

// errReaderClosed is a Read after Close.
var errReaderClosed = errors.New("upstream: NAR stream reader closed")

type streamReader struct {
	ctx    context.Context
	st     *Stream
	off    int64
	closed bool
}

func (r *streamReader) Read(p []byte) (int, error) {
	st := r.st
	for {
		st.mu.Lock()
		if r.closed {
			st.mu.Unlock()
			return 0, errReaderClosed
		}
		if st.err != nil {
			err := st.err
			st.mu.Unlock()
			return 0, err
		}
		avail := st.n
		if !st.done {
			avail = min(avail, st.size-1) // the last byte waits for the checks
		}
		if r.off < avail {
			k := min(int64(len(p)), avail-r.off)
			st.mu.Unlock()
			n, err := st.f.ReadAt(p[:k], r.off)
			r.off += int64(n)
			if err == io.EOF && n > 0 {
				err = nil
			}
			return n, err
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
		r.st.unref()
	}
	return nil
}
