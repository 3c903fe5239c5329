package nixdaemon_test

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"testing"
	"time"

	"github.com/nix-community/go-nix/pkg/nar"
	"github.com/nix-community/go-nix/pkg/wire"
	"github.com/p2pnix/tvix/node/nixdaemon"
)

// testClient speaks the client side of the protocol, for what Nix's own
// client cannot show.
type testClient struct {
	t       *testing.T
	conn    net.Conn
	r       *bufio.Reader
	w       *bufio.Writer
	version nixdaemon.Version
}

// dial connects to sock and does the handshake as a client of version v.
func dial(t *testing.T, sock string, v nixdaemon.Version) *testClient {
	t.Helper()
	nc, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	// Every read has a deadline: a server that hangs fails the test.
	nc.SetDeadline(time.Now().Add(time.Minute))
	c := &testClient{t: t, conn: nc, r: bufio.NewReader(nc), w: bufio.NewWriter(nc), version: v}
	c.u64(nixdaemon.ClientMagic)
	c.flush()
	if m := c.readU64(); m != nixdaemon.ServerMagic {
		t.Fatalf("server magic %#x", m)
	}
	server := nixdaemon.Version(c.readU64())
	c.version = min(server, v)
	c.u64(uint64(v))
	c.u64(0) // no CPU affinity
	c.u64(0) // reserve space
	c.flush()
	if c.version.AtLeast(33) {
		c.readString()
	}
	if c.version.AtLeast(35) {
		c.readU64()
	}
	if err := c.stderr(); err != "" {
		t.Fatalf("handshake: %s", err)
	}
	return c
}

func (c *testClient) u64(v uint64) {
	if err := wire.WriteUint64(c.w, v); err != nil {
		c.t.Fatal(err)
	}
}

func (c *testClient) str(s string) {
	if err := wire.WriteString(c.w, s); err != nil {
		c.t.Fatal(err)
	}
}

func (c *testClient) flush() {
	if err := c.w.Flush(); err != nil {
		c.t.Fatal(err)
	}
}

func (c *testClient) readU64() uint64 {
	c.t.Helper()
	v, err := wire.ReadUint64(c.r)
	if err != nil {
		c.t.Fatalf("reading from the daemon: %v", err)
	}
	return v
}

func (c *testClient) readString() string {
	c.t.Helper()
	s, err := wire.ReadString(c.r, 1<<20)
	if err != nil {
		c.t.Fatalf("reading from the daemon: %v", err)
	}
	return s
}

// stderr reads messages up to STDERR_LAST (returning "") or STDERR_ERROR
// (returning its message).
func (c *testClient) stderr() string {
	c.t.Helper()
	for {
		switch m := c.readU64(); m {
		case 0x616c7473: // STDERR_LAST
			return ""
		case 0x63787470: // STDERR_ERROR
			if !c.version.AtLeast(26) {
				msg := c.readString()
				c.readU64()
				return msg
			}
			c.readString() // "Error"
			c.readU64()    // level
			c.readString() // name
			msg := c.readString()
			c.readU64() // position
			for n := c.readU64(); n > 0; n-- {
				c.readU64()
				c.readString()
			}
			return msg
		case 0x6f6c6d67: // STDERR_NEXT
			c.readString()
		default:
			c.t.Fatalf("unexpected stderr message %#x", m)
		}
	}
}

func (c *testClient) narFromPath(path string) []byte {
	c.t.Helper()
	c.u64(uint64(nixdaemon.OpNarFromPath))
	c.str(path)
	c.flush()
	if err := c.stderr(); err != "" {
		c.t.Fatalf("NarFromPath %s: %s", path, err)
	}
	// A NAR has no length on the wire: its structure says where it ends.
	var buf bytes.Buffer
	copyNAR(c.t, io.TeeReader(c.r, &buf))
	return buf.Bytes()
}

func (c *testClient) close() { c.conn.Close() }

// copyNAR reads one NAR from r, to its last byte and no further.
func copyNAR(t *testing.T, r io.Reader) {
	t.Helper()
	nr, err := nar.NewReader(r)
	if err != nil {
		t.Fatalf("NAR from the daemon: %v", err)
	}
	for {
		if _, err := nr.Next(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("NAR from the daemon: %v", err)
		}
		if _, err := io.Copy(io.Discard, nr); err != nil {
			t.Fatalf("NAR from the daemon: %v", err)
		}
	}
	nr.Close()
}
