package storeurl

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/store/s3store/s3test"
)

func TestOpenRejectsBadURLs(t *testing.T) {
	for _, u := range []string{"", "memory", "memory:/x", "s3://bucket?compression=xz", "s3://x", "grpc+http:host:1", "grpc+http://", "grpc+unix:relative.sock", "grpc+http://h:1/path"} {
		st, err := Open(t.Context(), u)
		if err == nil {
			st.Close()
			t.Errorf("%q: accepted", u)
			continue
		}
		if !strings.Contains(err.Error(), "store URL") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: error %q does not name the URL on one line", u, err)
		}
	}
}

func TestOpenLocalAndMemory(t *testing.T) {
	dir := t.TempDir()
	for _, u := range []string{"memory:", "local:" + filepath.Join(dir, "a"), "local://" + filepath.Join(dir, "b")} {
		st, err := Open(t.Context(), u)
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		if _, _, err := st.Blobs.Put(t.Context(), bytes.NewReader([]byte("x"))); err != nil {
			t.Errorf("%s: put: %v", u, err)
		}
		if err := st.Close(); err != nil {
			t.Errorf("%s: close: %v", u, err)
		}
	}
}

func TestDefaults(t *testing.T) {
	t.Setenv("TVIX_HOME", "/h")
	t.Setenv("TVIX_STORE", "")
	if got := DefaultURL(); got != "local:/h/store" {
		t.Errorf("DefaultURL with TVIX_HOME=/h: %q", got)
	}
	t.Setenv("TVIX_STORE", "memory:")
	if got := DefaultURL(); got != "memory:" {
		t.Errorf("DefaultURL with TVIX_STORE: %q", got)
	}
}

func TestDefaultURLFindsNode(t *testing.T) {
	home := t.TempDir()
	t.Setenv("TVIX_HOME", home)
	t.Setenv("TVIX_STORE", "")
	t.Setenv("TVIX_NODE", "")
	sock := tvixhome.Dir(home).NodeSocket()
	// A stale socket file (nobody listening) is not a node.
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	l.Close()
	if got := DefaultURL(); got != "local:"+filepath.Join(home, "store") {
		t.Errorf("with a stale socket: %q", got)
	}
	os.Remove(sock)
	l, err = net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if got := DefaultURL(); got != "grpc+unix:"+sock {
		t.Errorf("with a listening socket: %q", got)
	}
	t.Setenv("TVIX_NODE", "127.0.0.1:7401")
	if got := DefaultURL(); got != "grpc+http://127.0.0.1:7401" {
		t.Errorf("with TVIX_NODE: %q", got)
	}
	t.Setenv("TVIX_STORE", "memory:")
	if got := DefaultURL(); got != "memory:" {
		t.Errorf("TVIX_STORE does not win over TVIX_NODE: %q", got)
	}
}

// TestOpenS3 opens s3:// URLs against a real S3 server, with credentials
// found as the AWS SDK finds them: the environment, then a profile of the
// shared credentials file.
func TestOpenS3(t *testing.T) {
	srv := s3test.Start(t)
	bucket := srv.NewBucket(t)
	dir := t.TempDir()
	creds := filepath.Join(dir, "credentials")
	profile := "[ci]\naws_access_key_id = " + srv.AccessKey + "\naws_secret_access_key = " + srv.SecretKey + "\n"
	if err := os.WriteFile(creds, []byte(profile), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_ACCESS_KEY_ID", srv.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", srv.SecretKey)
	url := "s3://" + bucket + "/cache?endpoint=" + srv.Endpoint + "&region=us-east-1"
	st, err := Open(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	d, _, err := st.Blobs.Put(t.Context(), bytes.NewReader([]byte("through the environment")))
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	st, err = Open(t.Context(), url+"&profile=ci")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if ok, err := st.Blobs.Has(t.Context(), d); err != nil || !ok {
		t.Fatalf("blob put with environment keys, seen with the profile: %v, %v", ok, err)
	}
	if keys := srv.Keys(t, bucket, "cache/chunks/"); len(keys) != 1 {
		t.Errorf("keys under the prefix: %v", keys)
	}
}
