package upstream_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/p2pnix/tvix/store/upstream"
)

// nixCache is a binary cache written by Nix 2.8's `nix copy` in each
// compression, under root/<compression>.
type nixCache struct {
	root  string
	key   nixsig.PublicKey
	paths []string // the closure copied: a directory, a text, a text referring to it
	// narHash maps each path to nix-store --query --hash.
	narHash map[string]string
}

var compressions = []string{"none", "xz", "zstd", "bzip2"}

func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(nixtest.RequireNix(t, name), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// writeNixCache adds a small closure to the host's Nix store (unique to
// this test run) and copies it into caches signed by a new key.
func writeNixCache(t testing.TB) *nixCache {
	t.Helper()
	nixtest.RequireRoot(t)
	root := t.TempDir()
	src := filepath.Join(t.TempDir(), "upstream-tree")
	stamp := fmt.Sprint(time.Now().UnixNano())
	os.MkdirAll(filepath.Join(src, "bin"), 0o755)
	os.WriteFile(filepath.Join(src, "bin", "tool"), []byte("#!/bin/sh\necho "+stamp+"\n"), 0o755)
	os.WriteFile(filepath.Join(src, "data"), []byte(strings.Repeat("upstream data\n", 5000)), 0o644)
	os.Symlink("data", filepath.Join(src, "link"))
	dirPath := run(t, "nix-store", "--add", src)
	text := strings.Trim(run(t, "nix-instantiate", "--eval", "--read-write-mode", "-E", `builtins.toFile "upstream-a" "a `+stamp+`"`), "\"")
	textB := strings.Trim(run(t, "nix-instantiate", "--eval", "--read-write-mode", "-E", `builtins.toFile "upstream-b" "b refers to ${builtins.toFile "upstream-a" "a `+stamp+`"}"`), "\"")
	skFile, pkFile := filepath.Join(root, "sk"), filepath.Join(root, "pk")
	run(t, "nix-store", "--generate-binary-cache-key", "test-upstream-1", skFile, pkFile)
	pkText, _ := os.ReadFile(pkFile)
	pk, err := nixsig.ParsePublicKey(strings.TrimSpace(string(pkText)))
	if err != nil {
		t.Fatal(err)
	}
	c := &nixCache{root: root, key: pk, paths: []string{dirPath, text, textB}, narHash: map[string]string{}}
	for _, comp := range compressions {
		run(t, "nix", "--extra-experimental-features", "nix-command", "--option", "substituters", "", "copy", "--to",
			"file://"+filepath.Join(root, comp)+"?compression="+comp+"&secret-key="+skFile, dirPath, textB)
	}
	for _, p := range c.paths {
		c.narHash[p] = run(t, "nix-store", "--query", "--hash", p)
	}
	return c
}

func hashOf(t testing.TB, p string) [store.StorePathHashSize]byte {
	sp, err := nixpath.DefaultStoreDir.Parse(p)
	if err != nil {
		t.Fatal(err)
	}
	return sp.Hash
}

func newSubstituter(t testing.TB, cfg upstream.Config) (*upstream.Substituter, *store.Store) {
	t.Helper()
	st := store.NewMemoryStore()
	cfg.Target = st
	s, err := upstream.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s, st
}

// TestSubstituteNixCaches substitutes every path of caches Nix wrote in
// every compression, over http (nginx) and file://, with Nix's NAR hashes.
func TestSubstituteNixCaches(t *testing.T) {
	c := writeNixCache(t)
	ng := nixtest.StartNginx(t, c.root)
	for _, comp := range compressions {
		for _, base := range []string{ng.URL + "/" + comp, "file://" + filepath.Join(c.root, comp)} {
			s, st := newSubstituter(t, upstream.Config{URLs: []string{base}, TrustedKeys: []nixsig.PublicKey{c.key}})
			for _, p := range c.paths {
				info, err := s.Substitute(context.Background(), hashOf(t, p))
				if err != nil {
					t.Fatalf("%s: %v", base, err)
				}
				if got := "sha256:" + nixbase32.EncodeToString(info.GetNarinfo().GetNarSha256()); got != c.narHash[p] {
					t.Errorf("%s %s: NAR hash %s, Nix: %s", base, p, got, c.narHash[p])
				}
				if _, err := st.PathInfos.Get(context.Background(), hashOf(t, p)); err != nil {
					t.Errorf("%s %s not registered: %v", base, p, err)
				}
			}
		}
	}
}

// TestSubstituteOnce: concurrent requests for one path download its NAR
// once; a path no cache has is asked for once while remembered.
func TestSubstituteOnce(t *testing.T) {
	c := writeNixCache(t)
	ng := nixtest.StartNginx(t, c.root)
	s, _ := newSubstituter(t, upstream.Config{URLs: []string{ng.URL + "/xz"}, TrustedKeys: []nixsig.PublicKey{c.key}})
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Substitute(context.Background(), hashOf(t, c.paths[0]))
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := len(ng.Requests("GET /xz/nar/")); n != 1 {
		t.Errorf("%d NAR downloads, want 1", n)
	}
	missing := hashOf(t, "/nix/store/00000000000000000000000000000000-missing")
	for range 3 {
		if _, err := s.Substitute(context.Background(), missing); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing path: %v", err)
		}
	}
	if n := len(ng.Requests("00000000000000000000000000000000.narinfo")); n != 1 {
		t.Errorf("the missing narinfo was asked for %d times, want 1", n)
	}
}

// TestUnreachableUpstream: after one failed attempt an unreachable cache
// is skipped (misses answered without asking it) until RetryDown passes.
func TestUnreachableUpstream(t *testing.T) {
	c := writeNixCache(t)
	var down atomic.Bool
	var asked atomic.Int32
	files := http.FileServer(http.Dir(c.root))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		if down.Load() {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		files.ServeHTTP(w, r)
	}))
	defer srv.Close()
	down.Store(true)
	now := time.Unix(1000, 0)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	s, _ := newSubstituter(t, upstream.Config{URLs: []string{srv.URL + "/zstd"}, TrustedKeys: []nixsig.PublicKey{c.key}, Now: clock})
	if _, err := s.Substitute(context.Background(), hashOf(t, c.paths[0])); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("with the upstream down: %v", err)
	}
	first := asked.Load()
	if first == 0 {
		t.Fatal("the upstream was not asked")
	}
	down.Store(false)
	for _, p := range c.paths {
		if _, err := s.Substitute(context.Background(), hashOf(t, p)); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("while skipped: %v", err)
		}
	}
	if n := asked.Load(); n != first {
		t.Fatalf("a skipped upstream was asked %d more times", n-first)
	}
	mu.Lock()
	now = now.Add(upstream.DefaultRetryDown + time.Second)
	mu.Unlock()
	if _, err := s.Substitute(context.Background(), hashOf(t, c.paths[0])); err != nil {
		t.Fatalf("after RetryDown: %v", err)
	}
}
