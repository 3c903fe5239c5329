// Package s3test starts an S3-compatible server for tests: Versity's
// gateway (versitygw, installed by `make deps`) over a temporary
// directory, on a loopback port.
package s3test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/p2pnix/tvix/internal/nixtest"
)

// Server is a running S3 server with one root key pair.
type Server struct {
	// Endpoint is its base URL, http://127.0.0.1:PORT.
	Endpoint             string
	AccessKey, SecretKey string
	// Client reaches it as root, path-style.
	Client *s3.Client
}

// startTimeout bounds how long the server may take to answer.
const startTimeout = 30 * time.Second

// Binary returns the path of versitygw: on PATH, else in $(go env
// GOPATH)/bin where `make deps` puts it; a missing one stops the test
// (fails it under CI).
func Binary(t testing.TB) string {
	t.Helper()
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p
	}
	gopath := os.Getenv("GOPATH")
	if gopath == "" {
		if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
			gopath = strings.TrimSpace(string(out))
		}
	}
	for _, dir := range filepath.SplitList(gopath) {
		p := filepath.Join(dir, "bin", "versitygw")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	nixtest.Unavailable(t, "versitygw not installed (make deps installs it)")
	return ""
}

// Start runs the server for the test's lifetime and waits until it
// answers.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := Binary(t)
	dir := t.TempDir()
	root := filepath.Join(dir, "root")
	if err := os.Mkdir(root, 0o755); err != nil {
		t.Fatal(err)
	}
	s := &Server{AccessKey: "tvixtestaccess", SecretKey: "tvixtestsecret0123456789"}
	for attempt := 0; ; attempt++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		logPath := filepath.Join(dir, fmt.Sprintf("versitygw-%d.log", attempt))
		logf, err := os.Create(logPath)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "--access", s.AccessKey, "--secret", s.SecretKey,
			"--port", addr, "--quiet", "posix", root)
		cmd.Stdout, cmd.Stderr = logf, logf
		// No inherited ROOT_*/VGW_* settings.
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
		if err := cmd.Start(); err != nil {
			t.Fatalf("start %s: %v", bin, err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait(); logf.Close() }()
		s.Endpoint = "http://" + addr
		s.Client = s.NewClient(s.AccessKey, s.SecretKey)
		err = s.waitReady(exited)
		if err == nil {
			t.Cleanup(func() {
				cmd.Process.Kill()
				<-exited
			})
			return s
		}
		cmd.Process.Kill()
		<-exited
		log, _ := os.ReadFile(logPath)
		if attempt == 2 {
			t.Fatalf("versitygw did not start: %v\n%s", err, log)
		}
		t.Logf("versitygw on %s: %v (trying another port)\n%s", addr, err, log)
	}
}

// waitReady polls ListBuckets until it answers or the process exits.
func (s *Server) waitReady(exited <-chan error) error {
	deadline := time.Now().Add(startTimeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_, err := s.Client.ListBuckets(ctx, &s3.ListBucketsInput{})
		cancel()
		if err == nil {
			return nil
		}
		select {
		case e := <-exited:
			return fmt.Errorf("exited: %v (last request: %v)", e, err)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not answering after %v: %v", startTimeout, err)
		}
	}
}

// NewClient returns a client of the server with the given keys, trying
// each request once.
func (s *Server) NewClient(accessKey, secretKey string) *s3.Client {
	return s3.New(s3.Options{
		BaseEndpoint:     aws.String(s.Endpoint),
		Region:           "us-east-1",
		UsePathStyle:     true,
		Credentials:      credentials.NewStaticCredentialsProvider(accessKey, secretKey, ""),
		RetryMaxAttempts: 1,
	})
}

var buckets atomic.Int64

// NewBucket creates an empty bucket and returns its name.
func (s *Server) NewBucket(t testing.TB) string {
	t.Helper()
	name := fmt.Sprintf("tvix-test-%d-%d", os.Getpid(), buckets.Add(1))
	if _, err := s.Client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: &name}); err != nil {
		t.Fatalf("create bucket %s: %v", name, err)
	}
	return name
}

// Put writes an object behind the store's back.
func (s *Server) Put(t testing.TB, bucket, key string, data []byte) {
	t.Helper()
	_, err := s.Client.PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: &bucket, Key: &key, Body: strings.NewReader(string(data)),
	})
	if err != nil {
		t.Fatalf("put s3://%s/%s: %v", bucket, key, err)
	}
}

// Delete removes an object behind the store's back.
func (s *Server) Delete(t testing.TB, bucket, key string) {
	t.Helper()
	if _, err := s.Client.DeleteObject(context.Background(), &s3.DeleteObjectInput{Bucket: &bucket, Key: &key}); err != nil {
		t.Fatalf("delete s3://%s/%s: %v", bucket, key, err)
	}
}

// Keys lists the bucket's keys under prefix.
func (s *Server) Keys(t testing.TB, bucket, prefix string) []string {
	t.Helper()
	var keys []string
	p := s3.NewListObjectsV2Paginator(s.Client, &s3.ListObjectsV2Input{Bucket: &bucket, Prefix: &prefix})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatalf("list s3://%s/%s: %v", bucket, prefix, err)
		}
		for _, o := range page.Contents {
			keys = append(keys, aws.ToString(o.Key))
		}
	}
	return keys
}
