package upstream_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/p2pnix/tvix/store/upstream"
)

// held serves m, sending the first half of the NAR file at once and the
// rest when release is closed.
func (m *madeCache) held(t *testing.T, release <-chan struct{}) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := m.files[strings.TrimPrefix(r.URL.Path, "/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if strings.HasPrefix(r.URL.Path, "/nar/") {
			w.Write(b[:len(b)/2])
			w.(http.Flusher).Flush()
			select {
			case <-release:
			case <-r.Context().Done():
				return
			}
			b = b[len(b)/2:]
		}
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// heldStream starts substituting m's path, served held (see held), and
// returns its stream; close release to send the rest of the NAR.
func heldStream(t *testing.T, m *madeCache) (*upstream.Substituter, *store.Store, *upstream.Stream, chan struct{}) {
	release := make(chan struct{})
	s, target := newSubstituter(t, upstream.Config{URLs: []string{m.held(t, release)}, TrustedKeys: []nixsig.PublicKey{m.key}})
	info, st, err := s.Stream(context.Background(), m.hash)
	if err != nil || st == nil {
		t.Fatalf("Stream: info %v, stream %v, err %v; want a stream", info, st, err)
	}
	return s, target, st, release
}

// narOf is the NAR the cache serves for its path.
func (m *madeCache) narOf(t *testing.T) []byte {
	zr, err := zstd.NewReader(bytes.NewReader(m.files["nar/made.nar.zst"]))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func randomContent(seed int64, n int) []byte {
	b := make([]byte, n)
	rand.New(rand.NewSource(seed)).Read(b)
	return b
}

// readAtLeast reads from r until it has n bytes, failing after a minute.
func readAtLeast(t *testing.T, r io.Reader, n int) []byte {
	t.Helper()
	got := make(chan []byte, 1)
	go func() {
		b := make([]byte, n)
		k, _ := io.ReadFull(r, b)
		got <- b[:k]
	}()
	select {
	case b := <-got:
		if len(b) < n {
			t.Fatalf("read %d bytes, want %d", len(b), n)
		}
		return b
	case <-time.After(time.Minute):
		t.Fatalf("no %d bytes within a minute", n)
		return nil
	}
}

// TestStreamWhileDownloading: the narinfo is answered and the NAR's first
// bytes can be read while the upstream still holds the rest; the reader
// then gets the whole NAR, and the path is registered.
func TestStreamWhileDownloading(t *testing.T) {
	m := makeCache(t, randomContent(1, 4<<20))
	want := m.narOf(t)
	s, target, st, release := heldStream(t, m)
	ctx := context.Background()
	if got := st.Info().GetNarinfo().GetNarSize(); got != uint64(len(want)) {
		t.Errorf("NarSize %d, want %d", got, len(want))
	}
	if s.InFlight(m.hash) != st {
		t.Error("InFlight does not return the stream")
	}
	r := st.NewReader(ctx)
	defer r.Close()
	head := readAtLeast(t, r, 1<<20)
	if !bytes.Equal(head, want[:len(head)]) {
		t.Fatal("the first MiB differs from the NAR")
	}
	if _, err := target.PathInfos.Get(ctx, m.hash); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("registered before the NAR was whole: %v", err)
	}
	close(release)
	rest, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(append(head, rest...), want) {
		t.Fatal("the streamed NAR differs from the upstream's")
	}
	reg, err := st.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := target.PathInfos.Get(ctx, m.hash); err != nil {
		t.Fatalf("not registered: %v", err)
	}
	if !bytes.Equal(reg.GetNarinfo().GetNarSha256(), st.Info().GetNarinfo().GetNarSha256()) {
		t.Error("registered another NAR hash")
	}
	r.Close()
	if late := st.NewReader(ctx); late != nil {
		late.Close()
		t.Error("a reader of a finished stream; want nil (the store has the path)")
	}
}

// TestStreamRefusedNAR: a reader of a NAR that fails its hash check gets
// an error, never the NAR's last byte, and nothing is registered.
func TestStreamRefusedNAR(t *testing.T) {
	m := makeCache(t, randomContent(2, 2<<20))
	other := makeCache(t, randomContent(3, 2<<20))
	m.files["nar/made.nar.zst"] = other.files["nar/made.nar.zst"]
	_, target, st, release := heldStream(t, m)
	ctx := context.Background()
	r := st.NewReader(ctx)
	defer r.Close()
	close(release)
	got, err := io.ReadAll(r)
	if err == nil || !strings.Contains(err.Error(), "NAR hash mismatch") {
		t.Fatalf("read %d bytes, err %v; want a NAR hash mismatch", len(got), err)
	}
	if size := st.Info().GetNarinfo().GetNarSize(); uint64(len(got)) >= size {
		t.Errorf("read %d bytes of a refused %d-byte NAR", len(got), size)
	}
	if _, err := st.Wait(ctx); !errors.Is(err, upstream.ErrRefused) {
		t.Errorf("Wait: %v, want refused", err)
	}
	if _, err := target.PathInfos.Get(ctx, m.hash); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("registered anyway: %v", err)
	}
}

// TestStreamReaderBehind: a reader that reads nothing is waited for
// StreamStall, then left behind: more than StreamWindow bytes behind the
// download, it gets ErrBehind (and reads the rest from the store, which
// has the path once Wait returns).
func TestStreamReaderBehind(t *testing.T) {
	m := makeCache(t, randomContent(4, upstream.StreamWindow+(1<<20)))
	_, target, st, release := heldStream(t, m)
	ctx := context.Background()
	r := st.NewReader(ctx)
	defer r.Close()
	close(release)
	if _, err := st.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Read(make([]byte, 1)); !errors.Is(err, upstream.ErrBehind) {
		t.Fatalf("read at 0 of a finished stream longer than its window: %v, want ErrBehind", err)
	}
	if _, err := target.PathInfos.Get(ctx, m.hash); err != nil {
		t.Fatalf("not registered: %v", err)
	}
}
