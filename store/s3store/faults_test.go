package s3store_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/s3store"
	"github.com/p2pnix/tvix/store/s3store/s3test"
	"github.com/p2pnix/tvix/store/storetest"
)

// faulty answers requests matching match with status and an S3 error
// of code instead of passing them on, while fail says so.
type faulty struct {
	next   http.RoundTripper
	match  func(*http.Request) bool
	fail   func() bool
	status int
	code   string
	hits   atomic.Int64
}

func (f *faulty) RoundTrip(r *http.Request) (*http.Response, error) {
	if f.match(r) && f.fail() {
		f.hits.Add(1)
		if r.Body != nil {
			io.Copy(io.Discard, r.Body)
			r.Body.Close()
		}
		body := "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + f.code + "</Code><Message>injected by the test</Message></Error>"
		return &http.Response{
			StatusCode: f.status, Status: http.StatusText(f.status), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header:  http.Header{"Content-Type": {"application/xml"}},
			Body:    io.NopCloser(strings.NewReader(body)),
			Request: r, ContentLength: int64(len(body)),
		}, nil
	}
	return f.next.RoundTrip(r)
}

func oneLine(t *testing.T, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") {
		t.Errorf("error of several lines: %q", msg)
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error %q does not name %q", msg, w)
		}
	}
}

func TestFaults(t *testing.T) {
	srv := s3test.Start(t)
	fast := s3store.Options{MaxBackoff: 20 * time.Millisecond}

	t.Run("ThrottledThenServed", func(t *testing.T) {
		// Each PUT is refused twice, then served.
		var mu sync.Mutex
		seen := map[string]int{}
		f := &faulty{next: http.DefaultTransport, status: 503, code: "SlowDown"}
		f.match = func(r *http.Request) bool {
			if r.Method != http.MethodPut {
				return false
			}
			mu.Lock()
			defer mu.Unlock()
			seen[r.URL.Path]++
			return seen[r.URL.Path] <= 2
		}
		f.fail = func() bool { return true }
		opt := fast
		opt.HTTPClient = &http.Client{Transport: f}
		st := open(t, srv, srv.NewBucket(t), "", opt)
		data := storetest.RandomBytes(storetest.NewRand(t), 3<<20)
		d, _, err := st.Blobs.Put(t.Context(), bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if f.hits.Load() == 0 {
			t.Fatal("no request was throttled")
		}
		rc, err := st.Blobs.Open(t.Context(), d)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("read back %d bytes, err %v", len(got), err)
		}
	})

	t.Run("ServerErrorsGiveUp", func(t *testing.T) {
		bucket := srv.NewBucket(t)
		f := &faulty{next: http.DefaultTransport, status: 500, code: "InternalError",
			match: func(r *http.Request) bool {
				return strings.Contains(r.URL.Path, "/blobs/") && r.Method == http.MethodPut
			},
			fail: func() bool { return true }}
		opt := fast
		opt.MaxAttempts = 3
		opt.HTTPClient = &http.Client{Transport: f}
		st := open(t, srv, bucket, "", opt)
		data := storetest.RandomBytes(storetest.NewRand(t), 2<<20)
		_, _, err := st.Blobs.Put(t.Context(), bytes.NewReader(data))
		d := store.DigestOf(data)
		oneLine(t, err, "s3://"+bucket+"/blobs/"+hex.EncodeToString(d[:]), "after 3 attempts", "500", "InternalError")
		if got := f.hits.Load(); got != 3 {
			t.Errorf("%d attempts, want 3", got)
		}
		// Its chunks may stay; the blob is not registered.
		if ok, err := st.Blobs.Has(t.Context(), d); err != nil || ok {
			t.Errorf("Has after a failed put: %v, %v", ok, err)
		}
	})

	t.Run("WrongCredentials", func(t *testing.T) {
		bucket := srv.NewBucket(t)
		_, err := s3store.Open(t.Context(), s3store.Config{Bucket: bucket, Endpoint: srv.Endpoint},
			s3store.Options{Credentials: s3store.StaticCredentials(srv.AccessKey, "wrong"), MaxBackoff: time.Millisecond})
		oneLine(t, err, "s3://"+bucket, "403")
	})

	t.Run("NoSuchBucket", func(t *testing.T) {
		_, err := s3store.Open(t.Context(), s3store.Config{Bucket: "tvix-missing", Endpoint: srv.Endpoint},
			s3store.Options{Credentials: s3store.StaticCredentials(srv.AccessKey, srv.SecretKey)})
		oneLine(t, err, "s3://tvix-missing", "no such bucket")
	})

	t.Run("Unreachable", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		_, err = s3store.Open(t.Context(), s3store.Config{Bucket: "tvix-cache", Endpoint: "http://" + addr},
			s3store.Options{Credentials: s3store.StaticCredentials("a", "b"), MaxAttempts: 2, MaxBackoff: time.Millisecond})
		oneLine(t, err, "s3://tvix-cache", "connection refused")
	})

	t.Run("MissingAndCorruptObjects", func(t *testing.T) {
		bucket := srv.NewBucket(t)
		st := open(t, srv, bucket, "", fast)
		ctx := t.Context()
		r := storetest.NewRand(t)
		tr, info := storetest.PutTreePath(t, st, r)

		// A chunk of a blob deleted behind the store's back.
		big := store.DigestOf(tr.FileContent2)
		cs, err := st.Blobs.Chunks(ctx, big)
		if err != nil || len(cs) < 2 {
			t.Fatalf("chunks: %v, %v", cs, err)
		}
		gone := "chunks/" + hex.EncodeToString(cs[1].Digest[:])
		srv.Delete(t, bucket, gone)
		rc, err := st.Blobs.Open(ctx, big)
		if err == nil {
			_, err = io.ReadAll(rc)
			rc.Close()
		}
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("blob with a deleted chunk: %v, want ErrNotFound", err)
		}
		oneLine(t, err, "s3://"+bucket+"/"+gone)

		// A directory rewritten with other bytes.
		dirKey := "directories/" + hex.EncodeToString(tr.MidD[:])
		srv.Put(t, bucket, dirKey, []byte("not a directory"))
		_, err = st.Directories.Get(ctx, tr.MidD)
		if !errors.Is(err, store.ErrCorrupt) {
			t.Errorf("rewritten directory: %v, want ErrCorrupt", err)
		}
		oneLine(t, err, "s3://"+bucket+"/"+dirKey)

		// A PathInfo copied under another path's key.
		_, other := storetest.StorePathName(r, "other")
		h, _ := store.ValidatePathInfo(info)
		keys := srv.Keys(t, bucket, "pathinfos/")
		if len(keys) != 1 || !strings.HasSuffix(keys[0], "/"+nixHash(h)) {
			t.Fatalf("pathinfo keys %v", keys)
		}
		enc := getObject(t, srv, bucket, keys[0])
		srv.Put(t, bucket, "pathinfos/"+nixHash(other), enc)
		_, err = st.PathInfos.Get(ctx, other)
		if !errors.Is(err, store.ErrCorrupt) {
			t.Errorf("PathInfo under another key: %v, want ErrCorrupt", err)
		}
		oneLine(t, err, "s3://"+bucket+"/pathinfos/"+nixHash(other))
	})

	t.Run("PathInfoNeedsItsContent", func(t *testing.T) {
		bucket := srv.NewBucket(t)
		st := open(t, srv, bucket, "", fast)
		r := storetest.NewRand(t)
		tr := storetest.MakeTree(t, st, r)
		// The directories are never put: the PathInfo must not be either.
		info, _ := storetest.MakePathInfo(r, "dangling", dirNode(tr))
		if _, err := st.PathInfos.Put(t.Context(), info); !errors.Is(err, store.ErrInvalid) {
			t.Fatalf("PathInfo without its directories: %v, want ErrInvalid", err)
		}
		if keys := srv.Keys(t, bucket, "pathinfos/"); len(keys) != 0 {
			t.Errorf("a refused PathInfo is in the bucket: %v", keys)
		}
	})
}
