package binarycache

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/narinfo"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/prometheus/client_golang/prometheus"
)

// askedPeers is a PeerLookup that says every path is provided and
// counts the questions.
type askedPeers struct{ asked atomic.Int32 }

var _ PeerLookup = (*askedPeers)(nil)

func (p *askedPeers) Connected() bool { return true }

func (p *askedPeers) Provided(ctx context.Context, h [store.StorePathHashSize]byte) bool {
	p.asked.Add(1)
	return true
}

// fetch GETs url (with the Range header when rng is not empty) and
// returns the status code and body.
func fetch(t *testing.T, url, rng string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rng != "" {
		req.Header.Set("Range", rng)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// TestServesPathOnlyStoreHas: a path the local shard lacks and the store
// (the cluster, in the node) has is looked up on the peers, served with a
// narinfo signed by the cache's key, and its NAR is served whole, by
// Range and zstd-compressed; the counts and metrics say where it came
// from, and an unknown path is a miss.
func TestServesPathOnlyStoreHas(t *testing.T) {
	ctx := context.Background()
	sk, pk, err := nixsig.GenerateKey("cache-test-1")
	if err != nil {
		t.Fatal(err)
	}
	cluster := store.NewMemoryStore()
	src := filepath.Join(t.TempDir(), "hello")
	if err := os.WriteFile(src, bytes.Repeat([]byte("hello binary cache\n"), 1000), 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := nar.AddPath(ctx, cluster, nixpath.DefaultStoreDir, src)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if _, err := nar.Write(ctx, &want, cluster.Blobs, cluster.Directories, info.GetNode()); err != nil {
		t.Fatal(err)
	}
	peers := &askedPeers{}
	reg := prometheus.NewRegistry()
	dir := t.TempDir()
	c, err := New(Config{Store: cluster, Shard: store.NewMemoryStore(), StoreDir: nixpath.DefaultStoreDir, SigningKey: sk,
		UploadDir: filepath.Join(dir, "uploads"), Peers: peers, Metrics: reg, Compression: "zstd"})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	c.Register(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	hashPart := string(store.NodeName(info.GetNode()))[:32]
	code, body := fetch(t, srv.URL+"/"+hashPart+".narinfo", "")
	if code != http.StatusOK {
		t.Fatalf("narinfo: %d %s", code, body)
	}
	p, err := narinfo.Parse(nixpath.DefaultStoreDir, bytes.NewReader(body), "served narinfo")
	if err != nil {
		t.Fatal(err)
	}
	p.SetNode(info.GetNode())
	if n, err := nixsig.Verify(nixpath.DefaultStoreDir, []nixsig.PublicKey{pk}, p.Info); n != 1 || err != nil {
		t.Errorf("narinfo signatures by the cache's key: %d valid, %v\n%s", n, err, body)
	}
	if p.File.Compression != "zstd" || !strings.HasSuffix(p.File.URL, ".nar.zst") {
		t.Errorf("narinfo names %q compressed %q, want a .nar.zst, zstd", p.File.URL, p.File.Compression)
	}
	if n := peers.asked.Load(); n != 1 {
		t.Errorf("peers asked %d times, want 1", n)
	}

	zst := srv.URL + "/" + p.File.URL
	code, body = fetch(t, zst, "")
	if code != http.StatusOK {
		t.Fatalf("NAR.zst: %d", code)
	}
	zr, err := zstd.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	zr.Close()
	if err != nil || !bytes.Equal(got, want.Bytes()) {
		t.Errorf("NAR.zst decompresses to %d bytes (%v), want the %d of the NAR", len(got), err, want.Len())
	}
	plain := strings.TrimSuffix(zst, ".zst")
	if code, body = fetch(t, plain, ""); code != http.StatusOK || !bytes.Equal(body, want.Bytes()) {
		t.Errorf("NAR: %d, %d bytes, want 200 and the %d of the NAR", code, len(body), want.Len())
	}
	if code, body = fetch(t, plain, "bytes=100-199"); code != http.StatusPartialContent || !bytes.Equal(body, want.Bytes()[100:200]) {
		t.Errorf("NAR bytes 100-199: %d %q, want 206 %q", code, body, want.Bytes()[100:200])
	}
	if code, _ = fetch(t, srv.URL+"/"+strings.Repeat("0", 32)+".narinfo", ""); code != http.StatusNotFound {
		t.Errorf("unknown narinfo: %d, want 404", code)
	}

	// The first narinfo came from a peer and the miss was asked too; the
	// NAR requests looked the path up again through the store.
	if local, peer, miss := c.Hits(); local != 0 || peer != 1 || miss != 1 {
		t.Errorf("Hits() = %d local, %d peer, %d miss; want 0, 1, 1", local, peer, miss)
	}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]float64{}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			key := f.GetName()
			for _, l := range m.GetLabel() {
				key += "," + l.GetName() + "=" + l.GetValue()
			}
			counts[key] = m.GetCounter().GetValue() + float64(m.GetHistogram().GetSampleCount())
		}
	}
	for key, want := range map[string]float64{
		"tvix_binary_cache_narinfo_total,result=peer":      1,
		"tvix_binary_cache_narinfo_total,result=miss":      1,
		"tvix_binary_cache_dht_lookups_total,result=found": float64(peers.asked.Load()),
		"tvix_binary_cache_dht_lookup_seconds":             float64(peers.asked.Load()),
	} {
		if counts[key] != want {
			t.Errorf("%s = %v, want %v", key, counts[key], want)
		}
	}
}

// TestNARInfoOfWrongPathIsRefused: an upload whose narinfo describes
// another path than its name stores nothing.
func TestNARInfoOfWrongPathIsRefused(t *testing.T) {
	c, base := startCache(t)
	other := strings.Repeat("1", 32)
	text := "StorePath: /nix/store/" + strings.Repeat("0", 32) + "-x\nURL: nar/x.nar\nCompression: none\n" +
		"NarHash: sha256:" + strings.Repeat("0", 52) + "\nNarSize: 1\n"
	req, _ := http.NewRequest(http.MethodPut, base+"/"+other+".narinfo", strings.NewReader(text))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(msg), "describes") {
		t.Errorf("PUT of a narinfo under another name: %d %q, want 400 naming the path it describes", resp.StatusCode, msg)
	}
	n := 0
	c.store.PathInfos.List(context.Background(), func(*storev1.PathInfo) error { n++; return nil })
	if n != 0 {
		t.Errorf("%d paths stored after a refused upload", n)
	}
}
