package upstream_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
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

// writeNixCache adds a small closure to the host's Nix store (unique to
// this test run) and copies it into caches signed by a new key.
func writeNixCache(t testing.TB) *nixCache {
	t.Helper()
	root := t.TempDir()
	paths := nixtest.UpstreamClosure(t)
	sk, pkText := nixtest.CacheKey(t, root, "test-upstream-1")
	pk, err := nixsig.ParsePublicKey(pkText)
	if err != nil {
		t.Fatal(err)
	}
	c := &nixCache{root: root, key: pk, paths: paths, narHash: map[string]string{}}
	for _, comp := range compressions {
		nixtest.NixCopyTo(t, filepath.Join(root, comp), comp, sk, paths[0], paths[2])
	}
	for _, p := range c.paths {
		c.narHash[p] = nixtest.Run(t, "nix-store", "--query", "--hash", p)
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
	if n := ng.CountRequests("GET /xz/nar/", 1); n != 1 || s.Stats().Downloads != 1 {
		t.Errorf("%d NAR downloads (%+v), want 1", n, s.Stats())
	}
	missing := hashOf(t, "/nix/store/00000000000000000000000000000000-missing")
	for range 3 {
		if _, err := s.Substitute(context.Background(), missing); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing path: %v", err)
		}
	}
	if n := ng.CountRequests("00000000000000000000000000000000.narinfo", 1); n != 1 {
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

// TestImportExportWithNix: a cache directory Nix wrote is imported, with
// signatures checked; the closure exported again (xz and zstd, signed by
// another key) is what `nix copy --from file://DIR` copies back, with
// Nix's NAR hashes.
func TestImportExportWithNix(t *testing.T) {
	c := writeNixCache(t)
	ctx := context.Background()
	st := store.NewMemoryStore()
	dir := nixpath.DefaultStoreDir
	_, stranger, _ := nixsig.GenerateKey("stranger-1")
	if _, err := upstream.ImportDir(ctx, filepath.Join(c.root, "xz"), []nixsig.PublicKey{stranger}, dir, st); !errors.Is(err, upstream.ErrRefused) {
		t.Fatalf("import with the wrong key: %v", err)
	}
	added, err := upstream.ImportDir(ctx, filepath.Join(c.root, "xz"), []nixsig.PublicKey{c.key}, dir, st)
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != len(c.paths) {
		t.Fatalf("imported %v, want %v", added, c.paths)
	}
	sk, pk, err := nixsig.GenerateKey("site-b-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, comp := range []string{"xz", "zstd"} {
		out := filepath.Join(t.TempDir(), "cache")
		written, err := upstream.ExportDir(ctx, st, dir, []string{c.paths[0], c.paths[2]}, out, upstream.ExportOptions{Compression: comp, SigningKey: &sk})
		if err != nil {
			t.Fatal(err)
		}
		if len(written) != len(c.paths) {
			t.Fatalf("exported %v", written)
		}
		nixtest.Run(t, "nix-store", "--delete", c.paths[2], c.paths[1], c.paths[0])
		nixtest.Run(t, "nix", "--extra-experimental-features", "nix-command", "copy", "--from", "file://"+out,
			"--option", "trusted-public-keys", pk.String(), c.paths[0], c.paths[2])
		for _, p := range c.paths {
			if got := nixtest.Run(t, "nix-store", "--query", "--hash", p); got != c.narHash[p] {
				t.Errorf("%s: %s after nix copy --from the %s export, want %s", p, got, comp, c.narHash[p])
			}
		}
	}
}
