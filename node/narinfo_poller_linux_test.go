package node

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestNARInfoPollerFullSocket: replies larger than the socket's send
// buffer are written in part by the event loop and the rest by the
// connection's own goroutine, in order, and the requests after them are
// answered there.
func TestNARInfoPollerFullSocket(t *testing.T) {
	body := strings.Repeat("x", 20000) // more than the send buffer
	fp := &fastPath{
		narinfo: func(context.Context, string) (string, int) { return body, http.StatusOK },
		observe: func(string, int, int64) {},
	}
	var released atomic.Int32
	p := newNARInfoPoller(fp, func(c net.Conn, out, buf []byte) {
		released.Add(1)
		if _, err := c.Write(out); err == nil {
			if next := fp.serve(c, buf); next != nil {
				next.Close()
			}
		}
	})
	if p == nil {
		t.Fatal("no event loop on Linux")
	}
	defer p.Close()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.SetsockoptInt(fds[0], unix.SOL_SOCKET, unix.SO_SNDBUF, 4096); err != nil {
		t.Fatal(err)
	}
	conn := func(fd int) net.Conn {
		f := os.NewFile(uintptr(fd), "")
		defer f.Close()
		c, err := net.FileConn(f)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	server, client := conn(fds[0]), conn(fds[1])
	defer client.Close()
	if !p.add(server, nil) {
		t.Fatal("the event loop refused a unix socket")
	}
	client.SetDeadline(time.Now().Add(time.Minute))
	const many = 200
	go io.WriteString(client, strings.Repeat("GET /"+testHash+".narinfo HTTP/1.1\r\nHost: test\r\n\r\n", many))
	br := bufio.NewReader(client)
	for i := range many {
		if got := readResponse(t, br); got.code != http.StatusOK || got.body != body {
			t.Fatalf("request %d: %d, %d bytes, want 200 and %d bytes", i, got.code, len(got.body), len(body))
		}
	}
	if released.Load() != 1 {
		t.Errorf("the connection went to a goroutine %d times, want once", released.Load())
	}
}
