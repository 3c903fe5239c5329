package s3store_test

import (
	"encoding/hex"
	"testing"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/s3store"
	"github.com/p2pnix/tvix/store/s3store/s3test"
	"github.com/p2pnix/tvix/store/storetest"
)

// open opens a store in a new bucket of srv (under prefix, when given).
func open(t *testing.T, srv *s3test.Server, bucket, prefix string, opt s3store.Options) *store.Store {
	t.Helper()
	if opt.Credentials == nil {
		opt.Credentials = s3store.StaticCredentials(srv.AccessKey, srv.SecretKey)
	}
	st, err := s3store.Open(t.Context(), s3store.Config{Bucket: bucket, Prefix: prefix, Endpoint: srv.Endpoint}, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestConformance(t *testing.T) {
	srv := s3test.Start(t)
	buckets := map[*store.Store]string{}
	storetest.Run(t, storetest.Harness{
		New: func(t *testing.T) *store.Store {
			b := srv.NewBucket(t)
			st := open(t, srv, b, "tvix/cache", s3store.Options{})
			buckets[st] = b
			return st
		},
		Corrupt: func(t *testing.T, st *store.Store, d store.Digest, content []byte) {
			bad := append([]byte(nil), content...)
			bad[len(bad)/2] ^= 0x40
			srv.Put(t, buckets[st], "tvix/cache/chunks/"+hex.EncodeToString(d[:]), bad)
		},
		ReadsVerified: true,
	})
}
