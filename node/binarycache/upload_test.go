package binarycache

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
)

// startCache serves a cache over a memory store until the test ends and
// returns it with its base URL.
func startCache(t *testing.T) (*Cache, string) {
	t.Helper()
	sk, _, err := nixsig.GenerateKey("cache-test-1")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	c, err := New(Config{Store: store.NewMemoryStore(), StoreDir: nixpath.DefaultStoreDir, SigningKey: sk,
		UploadDir: filepath.Join(dir, "uploads"), LogDir: filepath.Join(dir, "log")})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	c.Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return c, srv.URL
}

// TestStagedUploadsBounded: NARs whose narinfo never comes are limited in
// number, and old ones are pruned.
func TestStagedUploadsBounded(t *testing.T) {
	c, base := startCache(t)
	put := func(name string) int {
		req, _ := http.NewRequest(http.MethodPut, base+"/nar/"+name, strings.NewReader("nar"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	old := time.Now().Add(-2 * stagedTTL)
	for i := range maxStaged {
		p := filepath.Join(c.cfg.UploadDir, fmt.Sprintf("%d.nar", i))
		os.WriteFile(p, nil, 0o644)
		if i == 0 {
			os.Chtimes(p, old, old)
		}
	}
	if code := put("first.nar"); code != http.StatusOK {
		t.Fatalf("PUT with one stale staged NAR: %d, want 200 (the stale one pruned)", code)
	}
	if _, err := os.Stat(filepath.Join(c.cfg.UploadDir, "0.nar")); !os.IsNotExist(err) {
		t.Errorf("stale staged NAR not pruned: %v", err)
	}
	if code := put("second.nar"); code != http.StatusServiceUnavailable {
		t.Errorf("PUT beyond %d staged NARs: %d, want 503", maxStaged, code)
	}
	if code := put(".hidden.nar"); code != http.StatusBadRequest {
		t.Errorf("PUT of a hidden name: %d, want 400", code)
	}
}
