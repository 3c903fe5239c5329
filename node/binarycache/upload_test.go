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

// TestStagedAfterClockStep: a NAR staged a moment ago whose file looks
// two hours old, as after NTP steps the clock forward, is kept for its
// narinfo.
func TestStagedAfterClockStep(t *testing.T) {
	c, base := startCache(t)
	for _, name := range []string{"a.nar", "b.nar"} {
		req, _ := http.NewRequest(http.MethodPut, base+"/nar/"+name, strings.NewReader("nar"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("PUT %s: %d", name, resp.StatusCode)
		}
		stepped := time.Now().Add(-2 * stagedTTL)
		os.Chtimes(filepath.Join(c.cfg.UploadDir, name), stepped, stepped)
	}
	if _, err := os.Stat(filepath.Join(c.cfg.UploadDir, "a.nar")); err != nil {
		t.Errorf("a NAR staged a moment ago was pruned after a step of the clock: %v", err)
	}
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
	for i := range maxStaged {
		name := fmt.Sprintf("%d.nar", i)
		os.WriteFile(filepath.Join(c.cfg.UploadDir, name), nil, 0o644)
		c.stage(name)
		if i == 0 {
			c.staged.at[name] = time.Now().Add(-2 * stagedTTL)
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
