package tieredstore_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/s3store"
	"github.com/p2pnix/tvix/store/s3store/s3test"
	"github.com/p2pnix/tvix/store/storetest"
	"github.com/p2pnix/tvix/store/tieredstore"
	"google.golang.org/protobuf/proto"
)

func openBucket(t *testing.T, srv *s3test.Server, bucket string) *store.Store {
	t.Helper()
	st, err := s3store.Open(t.Context(), s3store.Config{Bucket: bucket, Endpoint: srv.Endpoint},
		s3store.Options{Credentials: s3store.StaticCredentials(srv.AccessKey, srv.SecretKey)})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestConformance(t *testing.T) {
	srv := s3test.Start(t)
	storetest.Run(t, storetest.Harness{
		New: func(t *testing.T) *store.Store {
			st := tieredstore.New(store.NewMemoryStore(), openBucket(t, srv, srv.NewBucket(t)))
			t.Cleanup(func() { st.Close() })
			return st
		},
	})
}

// TestDurableFirst: a path put through one node's tiers is in the bucket
// with all its content when Put returns, and another node with an empty
// local store sees it and reads it through, keeping what it read.
func TestDurableFirst(t *testing.T) {
	srv := s3test.Start(t)
	bucket := srv.NewBucket(t)
	ctx := t.Context()
	r := storetest.NewRand(t)
	a := tieredstore.New(store.NewMemoryStore(), openBucket(t, srv, bucket))
	tr, info := storetest.PutTreePath(t, a, r)
	h, err := store.ValidatePathInfo(info)
	if err != nil {
		t.Fatal(err)
	}

	durable := openBucket(t, srv, bucket)
	var problems []error
	vs, err := store.VerifyAll(ctx, durable, func(e error) { problems = append(problems, e) })
	if err != nil || len(problems) > 0 || vs.PathInfos != 1 || vs.Directories != 3 {
		t.Fatalf("bucket after Put: %+v, %v, problems %v", vs, err, problems)
	}

	local := store.NewMemoryStore()
	b := tieredstore.New(local, openBucket(t, srv, bucket))
	got, err := b.PathInfos.Get(ctx, h)
	if err != nil || !proto.Equal(got, info) {
		t.Fatalf("new node: Get = %v, %v", got, err)
	}
	var dirs int
	if err := b.Directories.GetRecursive(ctx, tr.RootD, func(store.Digest, *castorev1.Directory) error { dirs++; return nil }); err != nil || dirs != 3 {
		t.Fatalf("new node: GetRecursive: %d directories, %v", dirs, err)
	}
	for _, content := range [][]byte{tr.FileContent, tr.FileContent2} {
		rc, err := b.Blobs.Open(ctx, store.DigestOf(content))
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || !bytes.Equal(data, content) {
			t.Fatalf("new node: read %d bytes, %v", len(data), err)
		}
		if ok, _ := local.Blobs.Has(ctx, store.DigestOf(content)); !ok {
			t.Error("a blob read through is not kept locally")
		}
	}
	if _, err := local.Directories.Get(ctx, tr.RootD); err != nil {
		t.Errorf("a closure read through is not kept locally: %v", err)
	}
}
