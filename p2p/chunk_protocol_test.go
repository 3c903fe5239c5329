package p2p

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"sync/atomic"
	"testing"

	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/storetest"
)

func TestReadChunkRequest(t *testing.T) {
	d := store.DigestOf([]byte("x"))
	good := append(binary.AppendUvarint(nil, 2), append(d[:], d[:]...)...)
	if ds, err := readChunkRequest(bytes.NewReader(good)); err != nil || len(ds) != 2 || ds[1] != d {
		t.Fatalf("good request: %v %v", ds, err)
	}
	for name, req := range map[string][]byte{
		"empty":     nil,
		"zero":      binary.AppendUvarint(nil, 0),
		"too many":  binary.AppendUvarint(nil, maxBatchChunks+1),
		"cut short": good[:len(good)-1],
	} {
		if _, err := readChunkRequest(bytes.NewReader(req)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzReadChunkRequest(f *testing.F) {
	d := store.DigestOf([]byte("x"))
	f.Add(append(binary.AppendUvarint(nil, 1), d[:]...))
	f.Add([]byte{0})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		ds, err := readChunkRequest(bytes.NewReader(b))
		if err == nil && (len(ds) == 0 || len(ds) > maxBatchChunks || len(b) < 1+len(ds)*store.DigestSize) {
			t.Fatalf("accepted %d digests from %d bytes", len(ds), len(b))
		}
	})
}

// chunkPeers starts a source node (with srcCfg) holding a random blob of
// several chunks and a node connected to it; it returns both, the blob
// and its chunks.
func chunkPeers(t *testing.T, srcCfg Config) (src, dst *Node, data []byte, cs []store.ChunkMeta) {
	t.Helper()
	src, srcStore := startNode(t, srcCfg)
	dst, _ = startNode(t, testConfig(t))
	if err := dst.Connect(ctxT(t), src.Addrs()[0]); err != nil {
		t.Fatal(err)
	}
	data = storetest.RandomBytes(storetest.NewRand(t), 3<<20)
	d, _, err := srcStore.Blobs.Put(ctxT(t), bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	cs, err = srcStore.Blobs.Chunks(ctxT(t), d)
	if err != nil || len(cs) < 3 {
		t.Fatalf("chunks: %d, %v", len(cs), err)
	}
	return src, dst, data, cs
}

// TestChunkBatch: a batch of chunks comes back verified and in order; a
// multi-chunk blob's digest or an unknown chunk is "not here"; a peer
// that is not allowed gets nothing.
func TestChunkBatch(t *testing.T) {
	cfg := testConfig(t)
	var refuse atomic.Bool
	cfg.AllowPeer = func(peer.ID) bool { return !refuse.Load() }
	src, dst, big, cs := chunkPeers(t, cfg)
	bd := store.DigestOf(big)
	var got []byte
	err := dst.readChunkBatch(ctxT(t), src.ID(), cs, func(i int, data []byte) error {
		got = append(got, data...)
		return nil
	})
	if err != nil || !bytes.Equal(got, big) {
		t.Fatalf("batch: %d bytes, %v", len(got), err)
	}
	for name, c := range map[string]store.ChunkMeta{
		"whole blob":    {Digest: bd, Size: uint64(len(big))},
		"unknown chunk": {Digest: store.DigestOf([]byte("nowhere")), Size: 7},
	} {
		err := dst.readChunkBatch(ctxT(t), src.ID(), []store.ChunkMeta{cs[0], c}, func(int, []byte) error { return nil })
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: %v, want not found", name, err)
		}
	}
	// A listed size that is not the chunk's is a lie.
	wrong := []store.ChunkMeta{{Digest: cs[0].Digest, Size: cs[0].Size + 1}}
	if err := dst.readChunkBatch(ctxT(t), src.ID(), wrong, func(int, []byte) error { return nil }); !errors.Is(err, store.ErrCorrupt) {
		t.Errorf("wrong size: %v, want corrupt", err)
	}
	refuse.Store(true)
	err = dst.readChunkBatch(ctxT(t), src.ID(), cs[:1], func(int, []byte) error { return nil })
	if err == nil || errors.Is(err, io.EOF) {
		t.Errorf("refused peer: %v, want a reset stream", err)
	}
}

// TestChunkStreamReuse: consecutive batches to a peer share one stream;
// an idle stream that broke meanwhile is replaced without failing the
// batch.
func TestChunkStreamReuse(t *testing.T) {
	src, dst, data, cs := chunkPeers(t, testConfig(t))
	idle := func() []*chunkStream {
		dst.chunkPool.mu.Lock()
		defer dst.chunkPool.mu.Unlock()
		return append([]*chunkStream(nil), dst.chunkPool.idle[src.ID()]...)
	}
	batch := func() {
		t.Helper()
		var got []byte
		if err := dst.readChunkBatch(ctxT(t), src.ID(), cs, func(_ int, b []byte) error { got = append(got, b...); return nil }); err != nil || !bytes.Equal(got, data) {
			t.Fatalf("batch: %d bytes, %v", len(got), err)
		}
	}
	batch()
	first := idle()
	batch()
	if second := idle(); len(first) != 1 || len(second) != 1 || second[0] != first[0] {
		t.Fatalf("idle streams %v then %v: want the same one reused", first, second)
	}
	first[0].s.Reset() // broken while idle
	batch()
	if third := idle(); len(third) != 1 || third[0] == first[0] {
		t.Errorf("the broken stream was not replaced: %v", third)
	}
}

// reorderedChunks lists a blob's chunks with the first two swapped: each
// chunk is genuine, the whole is not the blob.
type reorderedChunks struct{ store.BlobService }

func (r *reorderedChunks) Chunks(ctx context.Context, d store.Digest) ([]store.ChunkMeta, error) {
	cs, err := r.BlobService.Chunks(ctx, d)
	if len(cs) > 1 {
		cs = append([]store.ChunkMeta(nil), cs...)
		cs[0], cs[1] = cs[1], cs[0]
	}
	return cs, err
}

// TestWrongChunkListRefused: the only provider lists genuine chunks that
// do not add up to the blob; the fetch fails, the provider is blamed and
// the local store holds nothing under the blob's digest.
func TestWrongChunkListRefused(t *testing.T) {
	sk, trust := testKey(t)
	r := storetest.NewRand(t)
	data := storetest.RandomBytes(r, 4<<20)
	backing := store.NewMemoryStore()
	start := func(i int, st *store.Store, peers ...*Node) *Node {
		cfg := testConfig(t)
		trust(i, &cfg)
		for _, p := range peers {
			cfg.Bootstrap = append(cfg.Bootstrap, p.Addrs()...)
		}
		nd, err := New(ctxT(t), cfg, st)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { nd.Close() })
		return nd
	}
	liar := start(0, &store.Store{Blobs: &reorderedChunks{backing.Blobs}, Directories: backing.Directories, PathInfos: backing.PathInfos})
	fetcher := start(1, store.NewMemoryStore(), liar)
	for _, nd := range []*Node{liar, fetcher} {
		eventually(t, "routing table", func() bool { return nd.dht.RoutingTable().Size() > 0 })
	}
	info := putFilePath(t, backing, r, "big", data, &sk)
	announce(t, liar, info)
	h, _ := store.ValidatePathInfo(info)
	if _, err := fetcher.Store().PathInfos.Get(ctxT(t), h); err == nil {
		t.Fatal("fetch through a wrong chunk list succeeded")
	}
	if has, _ := fetcher.local.Blobs.Has(ctxT(t), store.DigestOf(data)); has {
		t.Error("the blob is stored after a wrong chunk list")
	}
	if fetcher.Misbehaved(liar.ID()) == 0 {
		t.Error("the provider of the wrong list was not blamed")
	}
}
