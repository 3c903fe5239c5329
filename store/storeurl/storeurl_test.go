package storeurl

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/tvixhome"
)

func TestOpenRejectsBadURLs(t *testing.T) {
	for _, u := range []string{"", "memory", "memory:/x", "s3://bucket", "grpc+http:host:1", "grpc+http://", "grpc+unix:relative.sock", "grpc+http://h:1/path"} {
		st, err := Open(t.Context(), u)
		if err == nil {
			st.Close()
			t.Errorf("%q: accepted", u)
			continue
		}
		if !strings.Contains(err.Error(), "store URL") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: error %q does not name the URL on one line", u, err)
		}
	}
}

func TestOpenLocalAndMemory(t *testing.T) {
	dir := t.TempDir()
	for _, u := range []string{"memory:", "local:" + filepath.Join(dir, "a"), "local://" + filepath.Join(dir, "b")} {
		st, err := Open(t.Context(), u)
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		if _, _, err := st.Blobs.Put(t.Context(), bytes.NewReader([]byte("x"))); err != nil {
			t.Errorf("%s: put: %v", u, err)
		}
		if err := st.Close(); err != nil {
			t.Errorf("%s: close: %v", u, err)
		}
	}
}

func TestDefaults(t *testing.T) {
	t.Setenv("TVIX_HOME", "/h")
	t.Setenv("TVIX_STORE", "")
	if got := DefaultURL(); got != "local:/h/store" {
		t.Errorf("DefaultURL with TVIX_HOME=/h: %q", got)
	}
	t.Setenv("TVIX_STORE", "memory:")
	if got := DefaultURL(); got != "memory:" {
		t.Errorf("DefaultURL with TVIX_STORE: %q", got)
	}
}

func TestDefaultURLFindsNode(t *testing.T) {
	home := t.TempDir()
	t.Setenv("TVIX_HOME", home)
	t.Setenv("TVIX_STORE", "")
	t.Setenv("TVIX_NODE", "")
	sock := tvixhome.Dir(home).NodeSocket()
	// A stale socket file (nobody listening) is not a node.
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	l.Close()
	if got := DefaultURL(); got != "local:"+filepath.Join(home, "store") {
		t.Errorf("with a stale socket: %q", got)
	}
	os.Remove(sock)
	l, err = net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if got := DefaultURL(); got != "grpc+unix:"+sock {
		t.Errorf("with a listening socket: %q", got)
	}
	t.Setenv("TVIX_NODE", "127.0.0.1:7401")
	if got := DefaultURL(); got != "grpc+http://127.0.0.1:7401" {
		t.Errorf("with TVIX_NODE: %q", got)
	}
	t.Setenv("TVIX_STORE", "memory:")
	if got := DefaultURL(); got != "memory:" {
		t.Errorf("TVIX_STORE does not win over TVIX_NODE: %q", got)
	}
}
