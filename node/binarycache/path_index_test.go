package binarycache

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
)

// countedGets is a PathInfoService that counts its Gets.
type countedGets struct {
	store.PathInfoService
	gets atomic.Int32
}

func (c *countedGets) Get(ctx context.Context, h [store.StorePathHashSize]byte) (*storev1.PathInfo, error) {
	c.gets.Add(1)
	return c.PathInfoService.Get(ctx, h)
}

// addFile adds a one-file path holding content to st.
func addFile(t *testing.T, st *store.Store, name, content string) *storev1.PathInfo {
	t.Helper()
	src := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(src, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := nar.AddPath(t.Context(), st, nixpath.DefaultStoreDir, src)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// TestPathIndexMisses: with the shard's index loaded, a path the shard
// never held is a 404 without a store lookup, a path added before the
// load or put just after a miss is served, and a path whose hash shares
// nothing with those is still a miss.
func TestPathIndexMisses(t *testing.T) {
	shard := store.NewMemoryStore()
	counted := &countedGets{PathInfoService: shard.PathInfos}
	var x *PathIndex
	shard.PathInfos, x = NewIndexedPathInfos(counted)
	before := addFile(t, shard, "before", "added before the index is loaded")
	sk, _, err := nixsig.GenerateKey("index-test-1")
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Config{Store: shard, ShardIndex: x, StoreDir: nixpath.DefaultStoreDir, SigningKey: sk,
		UploadDir: filepath.Join(t.TempDir(), "uploads")})
	if err != nil {
		t.Fatal(err)
	}
	unknown := "00000000000000000000000000000000"
	counted.gets.Store(0)
	if _, code := c.NARInfo(t.Context(), unknown); code != http.StatusNotFound || counted.gets.Load() != 1 {
		t.Errorf("miss before the load: %d after %d lookups, want 404 after 1", code, counted.gets.Load())
	}
	if err := x.Load(t.Context(), shard.PathInfos); err != nil {
		t.Fatal(err)
	}
	counted.gets.Store(0)
	if _, code := c.NARInfo(t.Context(), unknown); code != http.StatusNotFound || counted.gets.Load() != 0 {
		t.Errorf("miss after the load: %d after %d lookups, want 404 after none", code, counted.gets.Load())
	}
	after := addFile(t, shard, "after", "added after a miss")
	for _, info := range []*storev1.PathInfo{before, after} {
		hashPart := string(store.NodeName(info.GetNode()))[:32]
		if text, code := c.NARInfo(t.Context(), hashPart); code != http.StatusOK {
			t.Errorf("%s: %d %s, want 200", hashPart, code, text)
		}
	}
}

// TestPathIndexKeepsPutMany: the wrapper has PutMany when what it
// wraps has.
func TestPathIndexKeepsPutMany(t *testing.T) {
	isBatcher := func(ps store.PathInfoService) bool {
		_, ok := ps.(store.PathInfoBatcher)
		return ok
	}
	mem := store.NewMemoryStore().PathInfos
	for _, inner := range []store.PathInfoService{mem, &countedGets{PathInfoService: mem}} {
		ps, _ := NewIndexedPathInfos(inner)
		if got, want := isBatcher(ps), isBatcher(inner); got != want {
			t.Errorf("%T: the wrapper has PutMany: %v, want %v", inner, got, want)
		}
	}
}

// TestPathIndexUnparsableName: a put whose name does not parse as a
// store path makes the index say yes to everything.
func TestPathIndexUnparsableName(t *testing.T) {
	ps, x := NewIndexedPathInfos(store.NewMemoryStore().PathInfos)
	if err := x.Load(t.Context(), ps); err != nil {
		t.Fatal(err)
	}
	var h [store.StorePathHashSize]byte
	if x.MayHold(h) {
		t.Fatal("an empty, loaded index may hold a path")
	}
	ps.Put(t.Context(), &storev1.PathInfo{}) // refused by the store
	if !x.MayHold(h) {
		t.Error("after a put it could not key, the index says a path is surely absent")
	}
}
