package node

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/p2pnix/tvix/internal/faults"
)

// The binary cache's narinfo requests are most of what Nix asks a cache,
// one small reply each, and net/http's machinery per request (a
// goroutine reading ahead, deadlines, header maps, two muxes) cost twice
// the CPU of the lookup itself. fastPath answers them on an HTTP/1.1
// connection itself and hands the connection to the HTTP server, with
// the bytes it read, at the first request that is anything else. On
// Linux an event loop (narinfoPoller) serves those connections.
type fastPath struct {
	narinfo func(ctx context.Context, hashPart string) (string, int)
	observe func(route string, code int, bytes int64) // the HTTP request metrics
	date    atomic.Pointer[dateLine]
	served  atomic.Uint64 // requests answered
}

// narinfoRoute is the route narinfo requests are counted under, as the
// HTTP server's mux names it.
const narinfoRoute = "GET /{file}"

// fastPathMaxHeader is the longest request head the fast path reads
// before it hands the connection over.
const fastPathMaxHeader = 4096

// fastPathHeaderTimeout bounds the time a started request head may take,
// as the HTTP server's ReadHeaderTimeout does.
const fastPathHeaderTimeout = 30 * time.Second

type dateLine struct {
	sec  int64
	line []byte // "Date: ...\r\n"
}

// dateHeader returns the Date header line for now, formatted once a
// second.
func (f *fastPath) dateHeader(now time.Time) []byte {
	if d := f.date.Load(); d != nil && d.sec == now.Unix() {
		return d.line
	}
	d := &dateLine{sec: now.Unix(), line: []byte("Date: " + now.UTC().Format(http.TimeFormat) + "\r\n")}
	f.date.Store(d)
	return d.line
}

// serve answers narinfo requests on c, which has sent pre so far, until
// c closes or sends another request; then it returns c, replaying the
// unanswered bytes, for the HTTP server (nil if c was closed). The
// replies to pipelined requests go out in one write.
func (f *fastPath) serve(c net.Conn, pre []byte) net.Conn {
	buf := make([]byte, 0, fastPathMaxHeader)
	buf = append(buf, pre...)
	var out []byte
	deadline := false
	for {
		var n int
		var other bool
		out, n, other = f.answer(out[:0], buf)
		if len(out) > 0 {
			if _, err := c.Write(out); err != nil {
				c.Close()
				return nil
			}
		}
		buf = buf[:copy(buf, buf[n:])]
		if other || len(buf) == cap(buf) {
			return handOver(c, buf)
		}
		if n > 0 && deadline {
			c.SetReadDeadline(time.Time{})
			deadline = false
		}
		if len(buf) > 0 && !deadline {
			c.SetReadDeadline(time.Now().Add(fastPathHeaderTimeout))
			deadline = true
		}
		m, err := c.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if err != nil {
			if len(buf) > 0 {
				return handOver(c, buf) // the server answers what it can
			}
			c.Close()
			return nil
		}
	}
}

// answer appends to out the replies to the complete narinfo requests at
// the start of buf and returns how many bytes of buf they took; other
// reports that a complete request the fast path does not answer follows
// them.
func (f *fastPath) answer(out, buf []byte) (_ []byte, n int, other bool) {
	for {
		end := bytes.Index(buf[n:], []byte("\r\n\r\n"))
		if end < 0 {
			return out, n, false
		}
		hashPart, ok := parseNARInfoGET(buf[n : n+end+4])
		if !ok {
			return out, n, true
		}
		text, code := f.narinfo(context.Background(), hashPart)
		out = f.reply(out, code, text)
		n += end + 4
	}
}

// reply appends the response net/http would give for a narinfo request
// answered with code and text, and counts it.
func (f *fastPath) reply(out []byte, code int, text string) []byte {
	body, ctype := text, "text/x-nix-narinfo"
	switch code {
	case http.StatusOK:
	case http.StatusNotFound:
		body, ctype = "404 page not found\n", "text/plain; charset=utf-8"
	default:
		body, ctype = text+"\n", "text/plain; charset=utf-8"
	}
	out = append(out, "HTTP/1.1 "...)
	out = strconv.AppendInt(out, int64(code), 10)
	out = append(out, ' ')
	out = append(out, http.StatusText(code)...)
	out = append(out, "\r\nContent-Type: "...)
	out = append(out, ctype...)
	if code != http.StatusOK {
		out = append(out, "\r\nX-Content-Type-Options: nosniff"...)
	}
	out = append(out, "\r\n"...)
	out = append(out, f.dateHeader(faults.Now())...)
	out = append(out, "Content-Length: "...)
	out = strconv.AppendInt(out, int64(len(body)), 10)
	out = append(out, "\r\n\r\n"...)
	out = append(out, body...)
	f.observe(narinfoRoute, code, int64(len(body)))
	f.served.Add(1)
	return out
}

// handOver returns c with buf to be read again first.
func handOver(c net.Conn, buf []byte) net.Conn {
	return &peekedConn{Conn: c, r: io.MultiReader(bytes.NewReader(bytes.Clone(buf)), c)}
}

// parseNARInfoGET reports whether head (a request head, ending with its
// empty line) is a plain HTTP/1.1 "GET /<hash part>.narinfo" the fast
// path answers as the HTTP server would, and returns the hash part. It
// refuses anything else: another method, target or version, a body, a
// Connection, Expect or Upgrade header, a peer's direct substitution
// (substituteDirectHeader), folded lines, no Host.
func parseNARInfoGET(head []byte) (string, bool) {
	const prefix, suffix = "GET /", ".narinfo HTTP/1.1\r\n"
	const hashLen = 32
	if len(head) < len(prefix)+hashLen+len(suffix) || string(head[:len(prefix)]) != prefix ||
		string(head[len(prefix)+hashLen:len(prefix)+hashLen+len(suffix)]) != suffix {
		return "", false
	}
	hash := head[len(prefix) : len(prefix)+hashLen]
	for _, c := range hash {
		if (c < '0' || c > '9') && (c < 'a' || c > 'z') {
			return "", false
		}
	}
	host := false
	rest := head[len(prefix)+hashLen+len(suffix):]
	for {
		i := bytes.Index(rest, []byte("\r\n"))
		if i < 0 {
			return "", false
		}
		line := rest[:i]
		rest = rest[i+2:]
		if len(line) == 0 {
			break
		}
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 || !allIn(line[:colon], isTokenByte) || !allIn(line[colon+1:], isValueByte) {
			return "", false
		}
		switch name := line[:colon]; {
		case bytes.EqualFold(name, []byte("Host")):
			if host || !allIn(bytes.TrimSpace(line[colon+1:]), isHostByte) {
				return "", false
			}
			host = true
		case bytes.EqualFold(name, []byte("Connection")), bytes.EqualFold(name, []byte("Content-Length")),
			bytes.EqualFold(name, []byte("Transfer-Encoding")), bytes.EqualFold(name, []byte("Expect")),
			bytes.EqualFold(name, []byte("Upgrade")), bytes.EqualFold(name, []byte("Trailer")),
			bytes.EqualFold(name, []byte(substituteDirectHeader)): // marked by directSubstitutions
			return "", false
		}
	}
	if !host || len(rest) != 0 {
		return "", false
	}
	return string(hash), true
}

func allIn(b []byte, ok func(byte) bool) bool {
	for _, c := range b {
		if !ok(c) {
			return false
		}
	}
	return true
}

// isTokenByte is a character of a header name (RFC 9110's tchar).
func isTokenByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// isValueByte is a character the fast path takes in a header value:
// printable ASCII and tab.
func isValueByte(c byte) bool { return c == '\t' || c >= ' ' && c < 0x7f }

// isHostByte is a character the fast path takes in a Host header.
func isHostByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(".:-[]_", c) >= 0
}
