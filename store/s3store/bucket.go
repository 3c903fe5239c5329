package s3store

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/p2pnix/tvix/store"
)

// bucket is the S3 client bound to one bucket and key prefix. Every error
// it returns is one line naming the bucket and the object; a missing
// object wraps store.ErrNotFound.
type bucket struct {
	c      *s3.Client
	name   string
	prefix string // "" or ending in "/"
	// refreshAge: an object found present on a write path that is older
	// than this is rewritten, so a collection running now keeps it (see
	// doc.go).
	refreshAge time.Duration
}

func (b *bucket) key(kind, name string) string { return b.prefix + kind + "/" + name }

// where names an object in errors: s3://bucket/key.
func (b *bucket) where(key string) string { return "s3://" + b.name + "/" + key }

// wrap turns a client error on key into a one-line error naming it.
func (b *bucket) wrap(op, key string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s: %s: %w", b.where(key), op, err)
	}
	if isNotFound(err) {
		return fmt.Errorf("%s: %w", b.where(key), store.ErrNotFound)
	}
	return fmt.Errorf("%s: %s: %s", b.where(key), op, oneLine(err))
}

// isNotFound reports a 404 for an object (not for the bucket).
func isNotFound(err error) bool {
	var ae smithy.APIError
	if errors.As(err, &ae) && ae.ErrorCode() == "NoSuchBucket" {
		return false
	}
	var re *awshttp.ResponseError
	return errors.As(err, &re) && re.HTTPStatusCode() == 404
}

// oneLine shortens the SDK's error to its status and API error; it keeps
// the SDK's text for errors without a response (a refused connection).
func oneLine(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	var tries *retry.MaxAttemptsError
	if errors.As(err, &tries) {
		return fmt.Sprintf("gave up after %d attempts: %s", tries.Attempt, oneLine(tries.Err))
	}
	var ae smithy.APIError
	var re *awshttp.ResponseError
	switch {
	case errors.As(err, &ae) && errors.As(err, &re):
		return fmt.Sprintf("HTTP %d %s: %s", re.HTTPStatusCode(), ae.ErrorCode(), ae.ErrorMessage())
	case errors.As(err, &re) && re.HTTPStatusCode() != 0:
		return fmt.Sprintf("HTTP %d", re.HTTPStatusCode())
	}
	return err.Error()
}

// get returns the whole object key and its modification time.
func (b *bucket) get(ctx context.Context, key string) ([]byte, time.Time, error) {
	out, err := b.c.GetObject(ctx, &s3.GetObjectInput{Bucket: &b.name, Key: &key})
	if err != nil {
		return nil, time.Time{}, b.wrap("get", key, err)
	}
	defer out.Body.Close()
	n := aws.ToInt64(out.ContentLength)
	buf := bytes.NewBuffer(make([]byte, 0, max(0, min(n, store.ChunkMaxSize+1))))
	if _, err := io.Copy(buf, out.Body); err != nil {
		return nil, time.Time{}, b.wrap("get", key, err)
	}
	return buf.Bytes(), aws.ToTime(out.LastModified), nil
}

// head reports whether key exists, with its size and modification time.
func (b *bucket) head(ctx context.Context, key string) (bool, int64, time.Time, error) {
	out, err := b.c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &b.name, Key: &key})
	if err != nil {
		if isNotFound(err) {
			return false, 0, time.Time{}, nil
		}
		return false, 0, time.Time{}, b.wrap("head", key, err)
	}
	return true, aws.ToInt64(out.ContentLength), aws.ToTime(out.LastModified), nil
}

// put writes data to key; when it returns nil the server has it.
func (b *bucket) put(ctx context.Context, key string, data []byte) error {
	_, err := b.c.PutObject(ctx, &s3.PutObjectInput{
		Bucket: &b.name, Key: &key, Body: bytes.NewReader(data),
		ContentLength: aws.Int64(int64(len(data))),
	})
	return b.wrap("put", key, err)
}

// del removes key (a missing key is no error, as in S3).
func (b *bucket) del(ctx context.Context, key string) error {
	_, err := b.c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &b.name, Key: &key})
	return b.wrap("delete", key, err)
}

// ensure makes key hold data, which the caller derived from the key
// (content-addressed): it skips the upload when the object exists, and
// rewrites one older than refreshAge.
func (b *bucket) ensure(ctx context.Context, key string, data []byte) error {
	ok, _, mod, err := b.head(ctx, key)
	if err != nil {
		return err
	}
	if ok && !b.stale(mod) {
		return nil
	}
	return b.put(ctx, key, data)
}

// stale reports whether an object modified at mod must be refreshed
// before something new refers to it.
func (b *bucket) stale(mod time.Time) bool {
	return b.refreshAge > 0 && time.Since(mod) > b.refreshAge
}

// touch refreshes key's modification time by copying it onto itself.
func (b *bucket) touch(ctx context.Context, key string) error {
	segs := strings.Split(b.name+"/"+key, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	src := strings.Join(segs, "/")
	_, err := b.c.CopyObject(ctx, &s3.CopyObjectInput{
		Bucket: &b.name, Key: &key, CopySource: &src,
		MetadataDirective: "REPLACE",
	})
	return b.wrap("refresh", key, err)
}

// object is one listed key.
type object struct {
	Key     string
	Size    int64
	ModTime time.Time
}

// list calls fn with every object whose key starts with the prefix of
// kind, in key order.
func (b *bucket) list(ctx context.Context, kind string, fn func(object) error) error {
	prefix := b.prefix + kind + "/"
	p := s3.NewListObjectsV2Paginator(b.c, &s3.ListObjectsV2Input{Bucket: &b.name, Prefix: &prefix})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return b.wrap("list", prefix, err)
		}
		for _, o := range page.Contents {
			if err := fn(object{Key: aws.ToString(o.Key), Size: aws.ToInt64(o.Size), ModTime: aws.ToTime(o.LastModified)}); err != nil {
				return err
			}
		}
	}
	return nil
}

// digestOf parses the digest out of a listed key of kind; ok is false for
// keys that are not a digest (not written by this package).
func (b *bucket) digestOf(key, kind string) (store.Digest, bool) {
	name, ok := strings.CutPrefix(key, b.prefix+kind+"/")
	var d store.Digest
	if !ok || len(name) != 2*store.DigestSize {
		return d, false
	}
	if _, err := hex.Decode(d[:], []byte(name)); err != nil {
		return d, false
	}
	return d, true
}
