package node

import (
	"bytes"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// http2Preface is what every HTTP/2 client (so every gRPC client over
// plain TCP) sends first.
const http2Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

// sniffTimeout bounds how long a new connection may take to show whether
// it speaks HTTP/2.
const sniffTimeout = 10 * time.Second

// splitListener serves gRPC and HTTP/1 on one listener: connections that
// open with the HTTP/2 preface go to the gRPC server's listener, all others
// to the HTTP server's. gRPC keeps its own transport this way (faster than
// grpc.Server.ServeHTTP); HTTP/1.1 is what Nix speaks to binary caches
// over plain http://.
//
// With a fastPath set (serveNARInfos), an HTTP/1 connection is served by
// it first: it answers narinfo requests itself and hands the connection
// to the HTTP server at the first other request. On Linux an event loop
// (narinfoPoller) serves those connections while they only send narinfo
// requests.
type splitListener struct {
	inner      net.Listener
	grpc, http *chanListener
	once       sync.Once
	fast       atomic.Pointer[fastPath]
	poller     atomic.Pointer[narinfoPoller]

	mu     sync.Mutex
	closed bool
	served map[net.Conn]struct{} // connections the fast path serves
}

func newSplitListener(l net.Listener) *splitListener {
	s := &splitListener{inner: l, grpc: newChanListener(l.Addr()), http: newChanListener(l.Addr())}
	go s.acceptLoop()
	return s
}

func (s *splitListener) acceptLoop() {
	for {
		c, err := s.inner.Accept()
		if err != nil {
			s.grpc.fail(err)
			s.http.fail(err)
			return
		}
		go s.route(c)
	}
}

// route reads as much of the preface as needed to decide.
func (s *splitListener) route(c net.Conn) {
	c.SetReadDeadline(time.Now().Add(sniffTimeout))
	buf := make([]byte, len(http2Preface))
	n := 0
	isH2 := true
	for n < len(buf) {
		m, err := c.Read(buf[n:])
		n += m
		if !bytes.HasPrefix([]byte(http2Preface), buf[:n]) {
			isH2 = false
			break
		}
		if err != nil {
			c.Close()
			return
		}
	}
	c.SetReadDeadline(time.Time{})
	if fp := s.fast.Load(); fp != nil && !isH2 {
		if p := s.poller.Load(); p != nil && p.add(c, buf[:n]) {
			return
		}
		s.serveFast(fp, c, nil, buf[:n])
		return
	}
	pc := &peekedConn{Conn: c, r: io.MultiReader(bytes.NewReader(buf[:n]), c)}
	if isH2 {
		s.grpc.deliver(pc)
	} else {
		s.http.deliver(pc)
	}
}

// serveNARInfos makes fp answer the narinfo requests of the HTTP/1
// connections accepted from now on.
func (s *splitListener) serveNARInfos(fp *fastPath) {
	s.fast.Store(fp)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.poller.Load() != nil {
		return
	}
	if p := newNARInfoPoller(fp, func(c net.Conn, out, buf []byte) { s.serveFast(fp, c, out, buf) }); p != nil {
		s.poller.Store(p)
	}
}

// serveFast serves c, which has sent pre so far and is owed out, with
// fp in this goroutine, and then hands it to the HTTP server.
func (s *splitListener) serveFast(fp *fastPath, c net.Conn, out, pre []byte) {
	if !s.track(c, true) {
		c.Close()
		return
	}
	var next net.Conn
	if _, err := c.Write(out); err != nil {
		c.Close()
	} else {
		next = fp.serve(c, pre)
	}
	s.track(c, false)
	if next != nil {
		s.http.deliver(next)
	}
}

// track adds c to (or removes it from) the connections the fast path
// serves; it reports false once the listener is closed.
func (s *splitListener) track(c net.Conn, add bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !add {
		delete(s.served, c)
		return true
	}
	if s.closed {
		return false
	}
	if s.served == nil {
		s.served = make(map[net.Conn]struct{})
	}
	s.served[c] = struct{}{}
	return true
}

// Close closes the underlying listener (and so both halves) and the
// connections the fast path serves.
func (s *splitListener) Close() error {
	var err error
	s.once.Do(func() { err = s.inner.Close() })
	s.mu.Lock()
	s.closed = true
	for c := range s.served {
		c.Close()
	}
	s.mu.Unlock()
	if p := s.poller.Load(); p != nil {
		p.Close()
	}
	return err
}

// peekedConn replays the bytes read while routing.
type peekedConn struct {
	net.Conn
	r io.Reader
}

func (p *peekedConn) Read(b []byte) (int, error) { return p.r.Read(b) }

// chanListener is a net.Listener fed by splitListener.
type chanListener struct {
	addr   net.Addr
	conns  chan net.Conn
	done   chan struct{}
	mu     sync.Mutex
	err    error
	closed bool
}

func newChanListener(addr net.Addr) *chanListener {
	return &chanListener{addr: addr, conns: make(chan net.Conn), done: make(chan struct{})}
}

func (l *chanListener) deliver(c net.Conn) {
	select {
	case l.conns <- c:
	case <-l.done:
		c.Close()
	}
}

func (l *chanListener) fail(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.closed {
		l.err, l.closed = err, true
		close(l.done)
	}
}

func (l *chanListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		l.mu.Lock()
		defer l.mu.Unlock()
		return nil, l.err
	}
}

func (l *chanListener) Close() error {
	l.fail(net.ErrClosed)
	return nil
}

func (l *chanListener) Addr() net.Addr { return l.addr }
