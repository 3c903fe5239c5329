package nixdaemon

import (
	"io"
	"net"
)

// Relay carries a client's session (read from r, answered on w) to the
// daemon at the other end of conn, as nix-daemon --stdio does for its
// socket, until either side ends; it closes conn. When the client stops
// sending, conn's write side is closed and the answers still flow; when
// they cannot be written (the client has gone), conn is closed, so the
// daemon notices at its next write and cancels what it was doing.
func Relay(conn *net.UnixConn, r io.Reader, w io.Writer) error {
	defer conn.Close()
	go func() {
		io.Copy(conn, r)
		conn.CloseWrite()
	}()
	_, err := io.Copy(w, conn)
	return err
}
