package sshstore

import (
	"context"
	"io"
	"net"
	"sync"
	"time"

	"google.golang.org/grpc"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/grpcstore"
)

// Serve answers the store protocol for st on one connection made of in
// and out (ssh's stdin and stdout on the far side) until in ends or ctx
// is done.
func Serve(ctx context.Context, st *store.Store, calc grpcstore.CalculateNARFunc, in io.ReadCloser, out io.WriteCloser) error {
	srv := grpc.NewServer(grpcstore.ServerOptions()...)
	grpcstore.Register(srv, st, calc)
	l := &oneConnListener{conn: &stdioConn{in: in, out: out}, done: make(chan struct{})}
	l.conn.closed = l.close
	stop := context.AfterFunc(ctx, func() { srv.Stop() })
	defer stop()
	go func() {
		<-l.done
		srv.Stop()
	}()
	err := srv.Serve(l)
	if err == grpc.ErrServerStopped {
		return ctx.Err()
	}
	select {
	case <-l.done:
		return ctx.Err()
	default:
		return err
	}
}

// oneConnListener hands out its one connection, then blocks until the
// connection is closed.
type oneConnListener struct {
	conn *stdioConn
	once sync.Once
	done chan struct{}
	took bool
	mu   sync.Mutex
}

func (l *oneConnListener) Accept() (net.Conn, error) {
	l.mu.Lock()
	took := l.took
	l.took = true
	l.mu.Unlock()
	if !took {
		return l.conn, nil
	}
	<-l.done
	return nil, net.ErrClosed
}

func (l *oneConnListener) close() { l.once.Do(func() { close(l.done) }) }

func (l *oneConnListener) Close() error   { l.close(); return nil }
func (l *oneConnListener) Addr() net.Addr { return sshAddr("stdio") }

// stdioConn is a connection over a reader and a writer.
type stdioConn struct {
	in     io.ReadCloser
	out    io.WriteCloser
	closed func()
}

func (c *stdioConn) Read(p []byte) (int, error)  { return c.in.Read(p) }
func (c *stdioConn) Write(p []byte) (int, error) { return c.out.Write(p) }
func (c *stdioConn) Close() error {
	c.in.Close()
	c.out.Close()
	c.closed()
	return nil
}
func (c *stdioConn) LocalAddr() net.Addr                { return sshAddr("stdio") }
func (c *stdioConn) RemoteAddr() net.Addr               { return sshAddr("stdio") }
func (c *stdioConn) SetDeadline(t time.Time) error      { return nil }
func (c *stdioConn) SetReadDeadline(t time.Time) error  { return nil }
func (c *stdioConn) SetWriteDeadline(t time.Time) error { return nil }
