package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/sshstore"
	"github.com/p2pnix/tvix/store/storetest"
)

// sshStoreURL is the ssh:// URL of a local store in remoteDir, served by
// this package's tvix as root on 127.0.0.1 (NIX_SSHOPTS names the port).
func sshStoreURL(t *testing.T, remoteDir string) string {
	return "ssh://root@127.0.0.1?remote-program=" + tvixBinary(t) + "&remote-store=local:" + remoteDir
}

// TestStoreOverSSH runs the conformance suite through an ssh:// store:
// the system's ssh client, with NIX_SSHOPTS, to Debian's sshd on
// loopback, running `tvix store serve --stdio` over a local store.
func TestStoreOverSSH(t *testing.T) {
	sshd := startSSHD(t)
	t.Setenv("NIX_SSHOPTS", sshd.SSHOpts)
	url := sshStoreURL(t, filepath.Join(t.TempDir(), "remote"))
	st, err := sshstore.OpenURL(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	storetest.Run(t, storetest.Harness{
		New: func(t *testing.T) *store.Store { return st },
	})
}

// TestStoreCommandsOverSSH: tvix store add and path-info with --store
// ssh://, and the one-line error of a refused login.
func TestStoreCommandsOverSSH(t *testing.T) {
	sshd := startSSHD(t)
	remote := filepath.Join(t.TempDir(), "remote")
	url := sshStoreURL(t, remote)
	run := func(opts string, args ...string) (string, string, error) {
		cmd := exec.Command(tvixBinary(t), append([]string{"--store", url}, args...)...)
		cmd.Env = append(os.Environ(), "NIX_SSHOPTS="+opts, "TVIX_HOME="+t.TempDir())
		var out, errb strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		return out.String(), errb.String(), err
	}
	src := t.TempDir()
	if err := os.WriteFile(filepath.Join(src, "hello"), []byte("hello over ssh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, err := run(sshd.SSHOpts, "store", "add", src)
	if err != nil {
		t.Fatalf("store add: %v\n%s", err, stderr)
	}
	path := strings.TrimSpace(out)
	got, stderr, err := run(sshd.SSHOpts, "store", "cat", path+"/hello")
	if err != nil || got != "hello over ssh\n" {
		t.Fatalf("store cat: %q, %v\n%s", got, err, stderr)
	}
	// The path is in the far side's local store.
	cmd := exec.Command(tvixBinary(t), "--store", "local:"+remote, "store", "path-info", path)
	cmd.Env = append(os.Environ(), "TVIX_HOME="+t.TempDir())
	if b, err := cmd.CombinedOutput(); err != nil || strings.TrimSpace(string(b)) != path {
		t.Fatalf("path-info on the far side: %q, %v", b, err)
	}

	// Another key: ssh refuses, in one line naming the host.
	other := filepath.Join(t.TempDir(), "other_ed25519")
	if b, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, b)
	}
	fields := strings.Fields(sshd.SSHOpts)
	for i := range fields[:len(fields)-1] {
		if fields[i] == "-i" {
			fields[i+1] = other
		}
	}
	opts := strings.Join(append(fields, "-o", "IdentitiesOnly=yes"), " ")
	_, stderr, err = run(opts, "store", "path-info", path)
	if err == nil {
		t.Fatal("path-info with a key sshd does not know succeeded")
	}
	if lines := strings.Split(strings.TrimSpace(stderr), "\n"); len(lines) != 1 || !strings.Contains(stderr, "ssh root@127.0.0.1") {
		t.Errorf("refused login: stderr %q, want one line naming ssh root@127.0.0.1", stderr)
	}
}

// TestBuildOverSSH: tvix build --store ssh://… builds here and keeps the
// outputs in the far side's store.
func TestBuildOverSSH(t *testing.T) {
	nixtest.RequireRoot(t)
	sshd := startSSHD(t)
	t.Setenv("NIX_SSHOPTS", sshd.SSHOpts)
	remote := filepath.Join(t.TempDir(), "remote")
	c := newCLI(t)
	c.store = sshStoreURL(t, remote)
	out := strings.TrimSpace(c.ok(nil, "build", "--no-out-link", "../../examples/hello.nix"))
	if !strings.HasPrefix(out, "/nix/store/") {
		t.Fatalf("tvix build printed %q", out)
	}
	far := c.fresh()
	far.store = "local:" + remote
	if greeting := far.ok(nil, "store", "cat", out+"/greeting.txt"); greeting != "Hello from a sandboxed build\n" {
		t.Errorf("greeting.txt in the far side's store = %q", greeting)
	}
}
