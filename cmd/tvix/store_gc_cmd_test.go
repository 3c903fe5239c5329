package main

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/s3store/s3test"
)

// TestStoreGCOnS3: tvix store gc removes an object no path refers to from
// a bucket, keeps the added path, and keeps everything within --grace.
func TestStoreGCOnS3(t *testing.T) {
	srv := s3test.Start(t)
	bucket := srv.NewBucket(t)
	t.Setenv("AWS_ACCESS_KEY_ID", srv.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", srv.SecretKey)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	c := newCLI(t)
	c.store = "s3://" + bucket + "?endpoint=" + srv.Endpoint + "&region=us-east-1"
	src := filepath.Join(t.TempDir(), "src")
	if err := os.WriteFile(src, []byte("kept\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := strings.TrimSpace(c.ok(nil, "store", "add", src))
	orphan := []byte("no path refers to this")
	d := store.DigestOf(orphan)
	srv.Put(t, bucket, "chunks/"+hex.EncodeToString(d[:]), orphan)

	if out := c.ok(nil, "store", "gc"); out != "removed 0 directories, 0 chunk lists, 0 chunks (0 bytes)\n" {
		t.Errorf("gc within the grace period: %q", out)
	}
	if out := c.ok(nil, "store", "gc", "--grace", "0"); out != "removed 0 directories, 0 chunk lists, 1 chunks (22 bytes)\n" {
		t.Errorf("gc --grace 0: %q", out)
	}
	if got := c.ok(nil, "store", "cat", path); got != "kept\n" {
		t.Errorf("the added path after gc: %q", got)
	}
}
