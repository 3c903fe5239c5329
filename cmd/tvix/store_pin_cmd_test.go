package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/store/s3store/s3test"
)

// TestStorePinLocal: pin, pins and unpin on the local store, with one-line
// errors for a path not in the store and one not pinned.
func TestStorePinLocal(t *testing.T) {
	checkPinCommands(t, []string{"TVIX_HOME=" + t.TempDir()})
}

// TestStorePinOnS3: the same on an s3:// store, whose pins are objects in
// the bucket that its garbage collection keeps.
func TestStorePinOnS3(t *testing.T) {
	srv := s3test.Start(t)
	bucket := srv.NewBucket(t)
	env := []string{"TVIX_HOME=" + t.TempDir(), "AWS_ACCESS_KEY_ID=" + srv.AccessKey,
		"AWS_SECRET_ACCESS_KEY=" + srv.SecretKey, "AWS_EC2_METADATA_DISABLED=true"}
	checkPinCommands(t, env, "--store", "s3://"+bucket+"?endpoint="+srv.Endpoint+"&region=us-east-1")
}

// checkPinCommands runs tvix with env and the root flags pre: it adds a
// path, pins it, lists it, and unpins it.
func checkPinCommands(t *testing.T, env []string, pre ...string) {
	run := func(args ...string) string { return tvixEnvOK(t, env, append(pre, args...)...) }
	fail := func(args ...string) (string, int) {
		_, stderr, code := tvixEnv(t, env, append(pre, args...)...)
		return stderr, code
	}
	tree := filepath.Join(t.TempDir(), "pinned")
	os.WriteFile(tree, []byte("keep me\n"), 0o644)
	path := strings.TrimSpace(run("store", "add", tree))
	run("store", "pin", path)
	if got := strings.TrimSpace(run("store", "pins")); got != path {
		t.Errorf("pins: %q, want %q", got, path)
	}
	missing := "/nix/store/00000000000000000000000000000000-gone"
	if stderr, code := fail("store", "pin", missing); code == 0 || strings.Count(strings.TrimSpace(stderr), "\n") > 0 || !strings.Contains(stderr, "not in the store") {
		t.Errorf("pin of a missing path: exit %d, %q", code, stderr)
	}
	run("store", "unpin", path)
	if got := run("store", "pins"); got != "" {
		t.Errorf("pins after unpin: %q", got)
	}
	if stderr, code := fail("store", "unpin", path); code == 0 || !strings.Contains(stderr, "not pinned") {
		t.Errorf("second unpin: exit %d, %q", code, stderr)
	}
}

// TestStoreFetchAndPinThroughNode: B fetches two paths added on A (same
// private network) with tvix store fetch, then pins one through its API;
// without a node, fetch says so.
func TestStoreFetchAndPinThroughNode(t *testing.T) {
	pskFile := filepath.Join(t.TempDir(), "swarm.key")
	if err := os.WriteFile(pskFile, []byte(tvixEnvOK(t, nil, "cluster", "new-psk")), 0o600); err != nil {
		t.Fatal(err)
	}
	a := startClusterNode(t, "--psk-file", pskFile)
	b := startClusterNode(t, "--psk-file", pskFile, "--join", a.addr)
	var paths []string
	for _, name := range []string{"one", "two"} {
		f := filepath.Join(t.TempDir(), name)
		os.WriteFile(f, []byte(strings.Repeat(name, 50000)), 0o644)
		paths = append(paths, strings.TrimSpace(tvixEnvOK(t, nil, "--node", a.addr, "store", "add", f)))
	}
	var out, stderr string
	waitFor(t, "B fetches both paths", func() bool {
		var code int
		out, stderr, code = tvixEnv(t, nil, "--node", b.addr, "store", "fetch", paths[0], paths[1])
		return code == 0
	})
	want := append([]string(nil), paths...)
	if want[0] > want[1] {
		want[0], want[1] = want[1], want[0]
	}
	if got := strings.Fields(out); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("fetch printed %q, want %q (stderr %s)", out, want, stderr)
	}
	tvixEnvOK(t, nil, "--node", b.addr, "store", "pin", paths[1])
	if got := strings.TrimSpace(tvixEnvOK(t, nil, "--node", b.addr, "store", "pins")); got != paths[1] {
		t.Errorf("pins through B: %q, want %q", got, paths[1])
	}
	tvixEnvOK(t, nil, "--node", b.addr, "store", "unpin", paths[1])
	if _, stderr, code := tvixEnv(t, nil, "--node", b.addr, "store", "unpin", paths[1]); code == 0 || !strings.Contains(stderr, "not pinned") {
		t.Errorf("unpin of an unpinned path through B: exit %d, %q", code, stderr)
	}

	noNode := []string{"TVIX_HOME=" + t.TempDir()}
	if _, stderr, code := tvixEnv(t, noNode, "store", "fetch", paths[0]); code == 0 || !strings.Contains(stderr, "no tvix-node") {
		t.Errorf("fetch without a node: exit %d, %q", code, stderr)
	}
}
