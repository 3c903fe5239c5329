package node

import (
	"bufio"
	"bytes"
	"github.com/p2pnix/tvix/node/nodetest"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixpath"
)

const testHash = "0123456789abcdfghijklmnpqrsvwxyz"

func TestParseNARInfoGET(t *testing.T) {
	for _, c := range []struct {
		head string
		ok   bool
	}{
		{"GET /" + testHash + ".narinfo HTTP/1.1\r\nHost: x\r\n\r\n", true},
		{"GET /" + testHash + ".narinfo HTTP/1.1\r\nhost: x\r\nUser-Agent: curl\r\nAccept: */*\r\n\r\n", true},
		{"GET /" + testHash + ".narinfo HTTP/1.1\r\n\r\n", false},                                         // no Host
		{"GET /" + testHash + ".narinfo HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", false},                   // two
		{"HEAD /" + testHash + ".narinfo HTTP/1.1\r\nHost: x\r\n\r\n", false},                             // method
		{"GET /" + testHash + ".narinfo HTTP/1.0\r\nHost: x\r\n\r\n", false},                              // version
		{"GET /" + testHash + ".narinfo?x=1 HTTP/1.1\r\nHost: x\r\n\r\n", false},                          // query
		{"GET /" + strings.ToUpper(testHash) + ".narinfo HTTP/1.1\r\nHost: x\r\n\r\n", false},             // case
		{"GET /nix-cache-info HTTP/1.1\r\nHost: x\r\n\r\n", false},                                        // target
		{"GET /" + testHash + ".narinfo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false},         // close
		{"GET /" + testHash + ".narinfo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n", false},         // body
		{"GET /" + testHash + ".narinfo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: x\r\n\r\n", false},      // body
		{"GET /" + testHash + ".narinfo HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", false},                   // folding
		{"GET /" + testHash + ".narinfo HTTP/1.1\r\nHost : x\r\n\r\n", false},                             // space
		{"GET /" + testHash + ".narinfo HTTP/1.1\r\nHost: x\r\nno colon\r\n\r\n", false},                  // malformed
		{"GET /" + testHash + ".narinfo HTTP/1.1\r\nHost: x\r\n\r\nGET", false},                           // trailing
		{"GET /" + testHash + ".narinfo HTTP/1.1\r\nHost: x\r\n", false},                                  // unended
		{"GET /" + testHash + ".narinfo HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\n\r\n", false},              // upgrade
		{"GET /" + testHash + ".narinfo HTTP/1.1\r\nHost: x\r\nTvix-Substitute-Direct: 1\r\n\r\n", false}, // a peer's direct substitution
		{"GET /" + testHash + ".narinfo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n", false},      // expect
	} {
		hash, ok := parseNARInfoGET([]byte(c.head))
		if ok != c.ok || (ok && hash != testHash) {
			t.Errorf("%q: %q, %v; want %v", c.head, hash, ok, c.ok)
		}
	}
}

// FuzzParseNARInfoGET checks that every head the fast path takes is one
// net/http reads as the same plain GET of the same narinfo, without a
// body, on a connection kept open.
func FuzzParseNARInfoGET(f *testing.F) {
	f.Add([]byte("GET /" + testHash + ".narinfo HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n"))
	f.Add([]byte("GET /" + testHash + ".narinfo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
	f.Fuzz(func(t *testing.T, head []byte) {
		hash, ok := parseNARInfoGET(head)
		if !ok {
			return
		}
		r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(head)))
		if err != nil {
			t.Fatalf("fast path takes %q, net/http: %v", head, err)
		}
		if r.Method != http.MethodGet || r.URL.Path != "/"+hash+".narinfo" || r.URL.RawQuery != "" || r.ContentLength != 0 || r.Close || r.ProtoMinor != 1 {
			t.Fatalf("fast path takes %q as %s; net/http reads %s %s (length %d, close %v)", head, hash, r.Method, r.URL, r.ContentLength, r.Close)
		}
	})
}

// TestNARInfoFastPath sends pipelined requests on one connection (a hit,
// a miss, then a request the fast path hands to the HTTP server, then a
// hit again, which the HTTP server answers) and checks each answer
// against the HTTP server's answer to the same request.
func TestNARInfoFastPath(t *testing.T) {
	n := startMemoryNode(t)
	hit := addTestPath(t, n, "hello")
	req := func(path string, extra string) string {
		return "GET " + path + " HTTP/1.1\r\nHost: test\r\n" + extra + "\r\n"
	}
	c, err := net.Dial("tcp", n.APIAddr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	paths := []string{"/" + hit + ".narinfo", "/" + testHash + ".narinfo", "/nix-cache-info", "/" + hit + ".narinfo"}
	var all string
	for _, p := range paths {
		all += req(p, "")
	}
	if _, err := io.WriteString(c, all); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	for _, p := range paths {
		got := readResponse(t, br)
		// The same request with a header the fast path refuses goes to
		// the HTTP server.
		ref, err := net.Dial("tcp", n.APIAddr().String())
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(ref, req(p, "Connection: close\r\n"))
		want := readResponse(t, bufio.NewReader(ref))
		ref.Close()
		if got.code != want.code || got.body != want.body || got.ctype != want.ctype || got.length != want.length {
			t.Errorf("GET %s: %d %q (%s, %d bytes), the HTTP server: %d %q (%s, %d bytes)", p,
				got.code, got.body, got.ctype, got.length, want.code, want.body, want.ctype, want.length)
		}
	}
	if k := n.tcp.fast.Load().served.Load(); k != 2 {
		t.Errorf("the fast path answered %d requests, want 2 (the hit and the miss before the hand-over)", k)
	}
	if _, _, miss := n.cache.Hits(); miss != 2 {
		t.Errorf("%d misses counted, want 2", miss)
	}
}

type response struct {
	code        int
	ctype, body string
	length      int64
}

func readResponse(t *testing.T, br *bufio.Reader) response {
	t.Helper()
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if resp.Header.Get("Date") == "" {
		t.Errorf("no Date header: %v", resp.Header)
	}
	return response{code: resp.StatusCode, ctype: resp.Header.Get("Content-Type"), body: string(body), length: resp.ContentLength}
}

// TestNARInfoMissThenAdded: on a node whose shard index is loaded, a
// path's narinfo is a 404 before the path is added and served right
// after, on the same connection.
func TestNARInfoMissThenAdded(t *testing.T) {
	n := startMemoryNode(t)
	if n.shardIndex == nil {
		t.Fatal("a node on a memory: store has no shard index")
	}
	nodetest.WaitFor(t, 10*time.Second, "the shard index loads", n.shardIndex.Loaded)
	dir := filepath.Join(t.TempDir(), "p")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "f"), []byte("added after a miss"), 0o644)
	// The path's name is known before it is added: its hash comes from
	// its NAR, the same both times.
	scratch := store.NewMemoryStore()
	want, err := nar.AddPath(t.Context(), scratch, nixpath.DefaultStoreDir, dir)
	if err != nil {
		t.Fatal(err)
	}
	hashPart := string(store.NodeName(want.Node))[:32]
	c, err := net.Dial("tcp", n.APIAddr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	br := bufio.NewReader(c)
	get := func() int {
		io.WriteString(c, "GET /"+hashPart+".narinfo HTTP/1.1\r\nHost: test\r\n\r\n")
		return readResponse(t, br).code
	}
	if code := get(); code != http.StatusNotFound {
		t.Fatalf("before the add: %d, want 404", code)
	}
	if _, err := nar.AddPath(t.Context(), n.store, nixpath.DefaultStoreDir, dir); err != nil {
		t.Fatal(err)
	}
	if code := get(); code != http.StatusOK {
		t.Errorf("right after the add: %d, want 200", code)
	}
}

// addTestPath adds a path of one file holding content to n's store and
// returns its hash part.
func addTestPath(t *testing.T, n *Node, content string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "p")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "f"), []byte(content), 0o644)
	info, err := nar.AddPath(t.Context(), n.store, nixpath.DefaultStoreDir, dir)
	if err != nil {
		t.Fatal(err)
	}
	return string(store.NodeName(info.Node))[:32]
}

// TestNARInfoEventLoop: what the fast path's event loop must get right
// besides one request at a time: a request head in two writes, the unix
// socket, thousands of pipelined requests to a client with a small
// receive buffer, and closing the listener closing the connections it
// serves. (Replies that fill the socket: TestNARInfoPollerFullSocket.)
func TestNARInfoEventLoop(t *testing.T) {
	n := startMemoryNode(t)
	req := "GET /" + addTestPath(t, n, "served by the event loop") + ".narinfo HTTP/1.1\r\nHost: test\r\n\r\n"
	dial := func(network, addr string) (net.Conn, *bufio.Reader) {
		c, err := net.Dial(network, addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		c.SetDeadline(time.Now().Add(time.Minute))
		return c, bufio.NewReader(c)
	}

	c, br := dial("tcp", n.APIAddr().String())
	io.WriteString(c, req[:40])
	io.WriteString(c, req[40:])
	if got := readResponse(t, br); got.code != http.StatusOK {
		t.Errorf("a head in two writes: %d, want 200", got.code)
	}
	want := readResponseOf(t, c, br, req)

	u, ubr := dial("unix", n.SocketPath())
	if got := readResponseOf(t, u, ubr, req); got != want {
		t.Errorf("on the unix socket: %+v, on TCP: %+v", got, want)
	}

	p, pbr := dial("tcp", n.APIAddr().String())
	p.(*net.TCPConn).SetReadBuffer(32 << 10)
	const many = 3000
	go io.WriteString(p, strings.Repeat(req, many))
	for i := range many {
		if got := readResponse(t, pbr); got != want {
			t.Fatalf("pipelined request %d: %+v, want %+v", i, got, want)
		}
	}

	n.tcp.Close()
	if _, err := br.ReadByte(); err == nil {
		t.Error("a kept-alive connection stays open after the listener closed")
	}
}

// readResponseOf sends req on c and reads the response.
func readResponseOf(t *testing.T, c net.Conn, br *bufio.Reader, req string) response {
	t.Helper()
	if _, err := io.WriteString(c, req); err != nil {
		t.Fatal(err)
	}
	return readResponse(t, br)
}
