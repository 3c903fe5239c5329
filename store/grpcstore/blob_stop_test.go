package grpcstore_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/grpcstore"
	"github.com/p2pnix/tvix/store/storetest"
	"google.golang.org/grpc"
)

// stopMode is how the server misbehaves when asked for the target digest.
type stopMode int

const (
	blockUntilCancel stopMode = iota // hang until the call is cancelled
	truncate                         // send the first half, then end cleanly
	failMidway                       // send the first half, then fail
)

// stoppingBlobs serves blobs, but reading target goes wrong as mode says.
// started receives once the server is inside the read of target.
type stoppingBlobs struct {
	store.BlobService
	target   store.Digest
	mode     stopMode
	unlisted bool // Chunks lists no chunks: the client streams the blob
	started  chan struct{}
}

func (s *stoppingBlobs) Chunks(ctx context.Context, d store.Digest) ([]store.ChunkMeta, error) {
	if s.unlisted {
		return []store.ChunkMeta{{Digest: d}}, nil
	}
	return s.BlobService.Chunks(ctx, d)
}

func (s *stoppingBlobs) Open(ctx context.Context, d store.Digest) (io.ReadCloser, error) {
	rc, err := s.BlobService.Open(ctx, d)
	if err != nil || d != s.target {
		return rc, err
	}
	b, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return nil, err
	}
	select {
	case s.started <- struct{}{}:
	default:
	}
	half := bytes.NewReader(b[:len(b)/2])
	switch s.mode {
	case truncate:
		return io.NopCloser(half), nil
	case failMidway:
		return io.NopCloser(io.MultiReader(half, errReader{errors.New("disk on fire")})), nil
	}
	<-ctx.Done()
	return nil, ctx.Err()
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// serveStoppable serves blobs and returns the server and a client of it.
func serveStoppable(t *testing.T, blobs store.BlobService) (*grpc.Server, store.BlobService) {
	t.Helper()
	st := store.NewMemoryStore()
	st.Blobs = blobs
	srv, conn := serveServer(t, func(s *grpc.Server) { grpcstore.Register(s, st, nil) })
	return srv, grpcstore.NewBlobService(conn)
}

// readBlob opens and reads d, calling during once the server is inside
// the read of the target, and returns what it read.
func readBlob(ctx context.Context, t *testing.T, client store.BlobService, d store.Digest, started chan struct{}, during func()) ([]byte, error) {
	t.Helper()
	rc, err := client.Open(ctx, d)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer rc.Close()
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-started:
			during()
		case <-done:
		}
	}()
	return io.ReadAll(rc)
}

// TestBlobReadStopsWithError checks that however the fetch of a blob
// stops early (the caller cancels, the server ends the stream short, the
// server fails, the server goes away), reading it through the client
// fails with an error saying why, and never ends in a clean EOF after
// part of the content. It covers a single-chunk blob, the last chunk of
// a chunked blob, and a blob streamed without a chunk list.
func TestBlobReadStopsWithError(t *testing.T) {
	real := store.NewMemoryBlobService()
	r := storetest.NewRand(t)
	small, large := storetest.RandomBytes(r, 1000), storetest.RandomBytes(r, 768<<10)
	smallD, _, err := real.Put(t.Context(), bytes.NewReader(small))
	if err != nil {
		t.Fatal(err)
	}
	largeD, _, err := real.Put(t.Context(), bytes.NewReader(large))
	if err != nil {
		t.Fatal(err)
	}
	largeChunks, err := real.Chunks(t.Context(), largeD)
	if err != nil || len(largeChunks) < 2 {
		t.Fatalf("large blob: %d chunks, err %v; want several", len(largeChunks), err)
	}
	shapes := []struct {
		name     string
		blob     store.Digest
		content  []byte
		target   store.Digest
		unlisted bool
	}{
		{"single chunk", smallD, small, smallD, false},
		{"last of several chunks", largeD, large, largeChunks[len(largeChunks)-1].Digest, false},
		{"unlisted chunks", largeD, large, largeD, true},
	}
	for _, sh := range shapes {
		newServer := func(t *testing.T, mode stopMode) (*stoppingBlobs, *grpc.Server, store.BlobService) {
			blobs := &stoppingBlobs{BlobService: real, target: sh.target, mode: mode, unlisted: sh.unlisted, started: make(chan struct{}, 1)}
			srv, client := serveStoppable(t, blobs)
			return blobs, srv, client
		}
		// check fails the test unless the read failed with an error
		// satisfying ok and what was read is a prefix of the content.
		check := func(t *testing.T, got []byte, err error, want string, ok func(error) bool) {
			t.Helper()
			if err == nil || !ok(err) {
				t.Errorf("read %d of %d bytes, then %v; want an error %s", len(got), len(sh.content), err, want)
			}
			if !bytes.HasPrefix(sh.content, got) {
				t.Errorf("read %d bytes that are not a prefix of the blob", len(got))
			}
		}
		t.Run(sh.name+"/cancel during read", func(t *testing.T) {
			blobs, _, client := newServer(t, blockUntilCancel)
			// Repeated: whether the cancel or the failed fetch wins inside
			// the client is up to the scheduler.
			for range 32 {
				ctx, cancel := context.WithCancel(t.Context())
				got, err := readBlob(ctx, t, client, sh.blob, blobs.started, cancel)
				cancel()
				check(t, got, err, "wrapping context.Canceled", func(err error) bool { return errors.Is(err, context.Canceled) })
				if t.Failed() {
					return
				}
			}
		})
		t.Run(sh.name+"/cancel before read", func(t *testing.T) {
			_, _, client := newServer(t, blockUntilCancel)
			for range 32 {
				ctx, cancel := context.WithCancel(t.Context())
				rc, err := client.Open(ctx, sh.blob)
				if err != nil {
					t.Fatalf("open: %v", err)
				}
				cancel()
				got, err := io.ReadAll(rc)
				rc.Close()
				check(t, got, err, "wrapping context.Canceled", func(err error) bool { return errors.Is(err, context.Canceled) })
				if t.Failed() {
					return
				}
			}
		})
		t.Run(sh.name+"/server ends the stream short", func(t *testing.T) {
			blobs, _, client := newServer(t, truncate)
			got, err := readBlob(t.Context(), t, client, sh.blob, blobs.started, func() {})
			check(t, got, err, "wrapping store.ErrCorrupt", func(err error) bool { return errors.Is(err, store.ErrCorrupt) })
		})
		t.Run(sh.name+"/server fails", func(t *testing.T) {
			blobs, _, client := newServer(t, failMidway)
			got, err := readBlob(t.Context(), t, client, sh.blob, blobs.started, func() {})
			check(t, got, err, "naming the server's error", func(err error) bool { return strings.Contains(err.Error(), "disk on fire") })
		})
		t.Run(sh.name+"/server stops", func(t *testing.T) {
			blobs, srv, client := newServer(t, blockUntilCancel)
			got, err := readBlob(t.Context(), t, client, sh.blob, blobs.started, srv.Stop)
			check(t, got, err, "", func(error) bool { return true })
		})
	}
}
