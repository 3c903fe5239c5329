package grpcstore_test

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/grpcstore"
	"github.com/p2pnix/tvix/store/storetest"
	"google.golang.org/grpc"
)

// BenchmarkBlobOverGRPC measures putting and reading back a 32 MiB blob
// through the client and server adapters on loopback (memory backend, so
// the figure is the gRPC and verification cost).
func BenchmarkBlobOverGRPC(b *testing.B) {
	backend := store.NewMemoryStore()
	conn := serve(b, func(s *grpc.Server) { grpcstore.Register(s, backend, nil) })
	client := grpcstore.NewStore(conn)
	data := storetest.RandomBytes(rand.New(rand.NewPCG(5, 6)), 32<<20)
	b.Run("put", func(b *testing.B) {
		r := rand.New(rand.NewPCG(7, 8))
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			b.StopTimer()
			fresh := storetest.RandomBytes(r, len(data)) // nothing dedups
			b.StartTimer()
			if _, _, err := client.Blobs.Put(b.Context(), bytes.NewReader(fresh)); err != nil {
				b.Fatal(err)
			}
		}
	})
	d, _, err := client.Blobs.Put(b.Context(), bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("read", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			readOnce(b, client.Blobs, d)
		}
	})
}

// BenchmarkSmallBlobReads measures reading a 1000-byte blob over gRPC,
// where per-call allocations (such as the server's read buffer) dominate.
func BenchmarkSmallBlobReads(b *testing.B) {
	backend := store.NewMemoryStore()
	conn := serve(b, func(s *grpc.Server) { grpcstore.Register(s, backend, nil) })
	client := grpcstore.NewStore(conn)
	data := storetest.RandomBytes(rand.New(rand.NewPCG(9, 10)), 1000)
	d, _, err := client.Blobs.Put(b.Context(), bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		readOnce(b, client.Blobs, d)
	}
}

// readOnce reads blob d through client and discards it.
func readOnce(b *testing.B, client store.BlobService, d store.Digest) {
	rc, err := client.Open(b.Context(), d)
	if err != nil {
		b.Fatal(err)
	}
	defer rc.Close()
	if _, err := io.Copy(io.Discard, rc); err != nil {
		b.Fatal(err)
	}
}
