package upstream_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/narinfo"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/p2pnix/tvix/store/upstream"
)

// madeCache is a one-path binary cache made here, to break on purpose.
type madeCache struct {
	files map[string][]byte
	path  string
	hash  [store.StorePathHashSize]byte
	key   nixsig.PublicKey
}

// makeCache serves content as one file path, zstd-compressed, signed.
func makeCache(t *testing.T, content []byte) *madeCache {
	t.Helper()
	ctx := context.Background()
	st := store.NewMemoryStore()
	d, size, err := st.Blobs.Put(ctx, bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	node := &castorev1.Node{Node: &castorev1.Node_File{File: &castorev1.FileNode{Name: []byte("x"), Digest: d[:], Size: size}}}
	var narBytes bytes.Buffer
	if _, err := nar.Write(ctx, &narBytes, st.Blobs, st.Directories, node); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(narBytes.Bytes())
	dir := nixpath.DefaultStoreDir
	sp, err := dir.MakeSourcePath("made", sum)
	if err != nil {
		t.Fatal(err)
	}
	nar.SetNodeName(node, []byte(sp.Base()))
	info := &storev1.PathInfo{Node: node, Narinfo: &storev1.NARInfo{NarSize: uint64(narBytes.Len()), NarSha256: sum[:]}}
	sk, pk, err := nixsig.GenerateKey("made-1")
	if err != nil {
		t.Fatal(err)
	}
	if err := nixsig.Sign(dir, sk, info); err != nil {
		t.Fatal(err)
	}
	var packed bytes.Buffer
	zw, _ := zstd.NewWriter(&packed)
	zw.Write(narBytes.Bytes())
	zw.Close()
	text, err := narinfo.Render(dir, info, narinfo.NARFile{URL: "nar/made.nar.zst", Compression: "zstd"})
	if err != nil {
		t.Fatal(err)
	}
	return &madeCache{files: map[string][]byte{sp.HashPart() + ".narinfo": []byte(text), "nar/made.nar.zst": packed.Bytes()},
		path: dir.Absolute(sp), hash: sp.Hash, key: pk}
}

func (m *madeCache) serve(t *testing.T, truncate bool) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := m.files[strings.TrimPrefix(r.URL.Path, "/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if truncate && strings.HasPrefix(r.URL.Path, "/nar/") {
			w.Header().Set("Content-Length", "100000")
			w.Write(b[:len(b)/2])
			return
		}
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestBadInputRefused: each broken upstream gives a one-line error naming
// the path and the upstream, and registers nothing.
func TestBadInputRefused(t *testing.T) {
	plain := []byte(strings.Repeat("some content of a path\n", 1000))
	cases := []struct {
		name    string
		content []byte
		breakIt func(m *madeCache)
		trust   func(m *madeCache) nixsig.PublicKey
		trunc   bool
		want    string
	}{
		{name: "nar hash", content: plain, want: "NAR hash mismatch", breakIt: func(m *madeCache) {
			other := makeCache(t, []byte(strings.Repeat("Some content of a path\n", 1000)))
			m.files["nar/made.nar.zst"] = other.files["nar/made.nar.zst"]
		}},
		{name: "signature", content: plain, want: "no valid signature", trust: func(*madeCache) nixsig.PublicKey {
			_, pk, _ := nixsig.GenerateKey("stranger-1")
			return pk
		}},
		{name: "truncated", content: plain, trunc: true, want: "truncated"},
		{name: "bomb", content: make([]byte, 32<<20), want: "too large"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := makeCache(t, tc.content)
			if tc.breakIt != nil {
				tc.breakIt(m)
			}
			key := m.key
			if tc.trust != nil {
				key = tc.trust(m)
			}
			url := m.serve(t, tc.trunc)
			s, st := newSubstituter(t, upstream.Config{URLs: []string{url}, TrustedKeys: []nixsig.PublicKey{key}})
			_, err := s.Substitute(context.Background(), m.hash)
			if err == nil {
				t.Fatal("substituted")
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.want) || !strings.Contains(msg, m.path) || !strings.Contains(msg, url) || strings.Contains(msg, "\n") {
				t.Errorf("error %q: want one line with %q, the path and the upstream", msg, tc.want)
			}
			if tc.name != "truncated" && s.Stats().Refused != 1 {
				t.Errorf("stats %+v, want one refused", s.Stats())
			}
			if _, err := st.PathInfos.Get(context.Background(), m.hash); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("registered anyway: %v", err)
			}
		})
	}
}

// TestImportDirectoryChecksSignatures: a file:// cache is read the same
// way (the air-gapped import).
func TestImportDirectoryChecksSignatures(t *testing.T) {
	m := makeCache(t, []byte("air-gapped\n"))
	dir := t.TempDir()
	for name, b := range m.files {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	_, stranger, _ := nixsig.GenerateKey("stranger-1")
	s, _ := newSubstituter(t, upstream.Config{URLs: []string{"file://" + dir}, TrustedKeys: []nixsig.PublicKey{stranger}})
	if _, err := s.Substitute(context.Background(), m.hash); !errors.Is(err, upstream.ErrRefused) {
		t.Fatalf("untrusted import: %v", err)
	}
	s, _ = newSubstituter(t, upstream.Config{URLs: []string{"file://" + dir}, TrustedKeys: []nixsig.PublicKey{m.key}})
	if _, err := s.Substitute(context.Background(), m.hash); err != nil {
		t.Fatal(err)
	}
}
