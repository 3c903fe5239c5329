package binarycache

import (
	"context"
	"errors"
	"io"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/upstream"
)

// narReadSeeker presents a NAR rendered from the store as an
// io.ReadSeeker for http.ServeContent (Range requests). Seek only records
// the offset; the next Read renders the NAR from the start in a goroutine,
// dropping the bytes before the offset. Not safe for concurrent use.
type narReadSeeker struct {
	ctx  context.Context
	st   *store.Store
	node *castorev1.Node
	size int64

	off    int64
	pr     *io.PipeReader
	cancel context.CancelFunc
}

func (s *narReadSeeker) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += s.off
	case io.SeekEnd:
		offset += s.size
	}
	if offset < 0 {
		return 0, errors.New("nar: seek before start")
	}
	if offset != s.off {
		s.stop()
		s.off = offset
	}
	return offset, nil
}

func (s *narReadSeeker) Read(b []byte) (int, error) {
	if s.off >= s.size {
		return 0, io.EOF
	}
	if s.pr == nil {
		s.start()
	}
	n, err := s.pr.Read(b)
	s.off += int64(n)
	return n, err
}

func (s *narReadSeeker) start() {
	ctx, cancel := context.WithCancel(s.ctx)
	pr, pw := io.Pipe()
	s.pr, s.cancel = pr, cancel
	skip := s.off
	go func() {
		_, err := nar.Write(ctx, &skipWriter{w: pw, skip: skip}, s.st.Blobs, s.st.Directories, s.node)
		pw.CloseWithError(err)
	}()
}

func (s *narReadSeeker) stop() {
	if s.pr != nil {
		s.cancel()
		s.pr.CloseWithError(errors.New("nar: seek"))
		s.pr = nil
	}
}

// Close stops a rendering in progress.
func (s *narReadSeeker) Close() error {
	s.stop()
	return nil
}

// skipWriter drops the first skip bytes written to it.
type skipWriter struct {
	w    io.Writer
	skip int64
}

func (s *skipWriter) Write(b []byte) (int, error) {
	n := len(b)
	if s.skip >= int64(n) {
		s.skip -= int64(n)
		return n, nil
	}
	b = b[s.skip:]
	s.skip = 0
	if _, err := s.w.Write(b); err != nil {
		return 0, err
	}
	return n, nil
}

// streamedNAR reads a NAR from an upstream stream while it downloads; a
// reader that falls behind the stream's window goes on from the store
// once the path is registered there. Not safe for concurrent use.
type streamedNAR struct {
	ctx context.Context
	c   *Cache
	st  *upstream.Stream
	r   io.ReadCloser
	off int64
	rs  *narReadSeeker
}

func (s *streamedNAR) Read(p []byte) (int, error) {
	if s.rs != nil {
		return s.rs.Read(p)
	}
	n, err := s.r.Read(p)
	s.off += int64(n)
	if !errors.Is(err, upstream.ErrBehind) {
		return n, err
	}
	info, err := s.st.Wait(s.ctx)
	if err != nil {
		return n, err
	}
	s.rs = &narReadSeeker{ctx: s.ctx, st: s.c.store, node: info.GetNode(), size: int64(info.GetNarinfo().GetNarSize()), off: s.off}
	return n, nil
}

// Close ends the stream's reader and a rendering in progress.
func (s *streamedNAR) Close() error {
	if s.rs != nil {
		s.rs.Close()
	}
	return s.r.Close()
}
