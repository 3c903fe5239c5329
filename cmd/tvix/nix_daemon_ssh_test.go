package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/node/nixdaemon/nixdaemontest"
)

// sshdTimeout bounds how long the test's sshd may take to listen.
const sshdTimeout = 15 * time.Second

// testSSHD is an OpenSSH server on a loopback port whose host key,
// authorized key, configuration and pid file are in a temporary
// directory, with the client options that reach it.
type testSSHD struct {
	Port int
	// SSHOpts is NIX_SSHOPTS for Nix's ssh: port, key, known hosts in
	// the temporary directory, no user configuration.
	SSHOpts string
}

// startSSHD runs Debian's /usr/sbin/sshd -D on a free port of 127.0.0.1
// for the test's lifetime and waits until it listens. sshd insists on
// /run/sshd, its privilege separation directory; rather than creating it
// on the host, sshd runs in a mount namespace of its own with a tmpfs on
// /run.
func startSSHD(t *testing.T) *testSSHD {
	t.Helper()
	if _, err := os.Stat("/usr/sbin/sshd"); err != nil {
		nixtest.Unavailable(t, "/usr/sbin/sshd: %v (make deps installs openssh-server)", err)
	}
	for _, tool := range []string{"ssh", "ssh-keygen", "unshare"} {
		if _, err := exec.LookPath(tool); err != nil {
			nixtest.Unavailable(t, "%s not installed", tool)
		}
	}
	nixtest.RequireRoot(t) // a mount namespace, and sshd's root login
	dir := t.TempDir()
	hostKey, userKey := filepath.Join(dir, "host_ed25519"), filepath.Join(dir, "id_ed25519")
	for _, k := range []string{hostKey, userKey} {
		if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "tvix-test", "-f", k).CombinedOutput(); err != nil {
			t.Fatalf("ssh-keygen: %v\n%s", err, out)
		}
	}
	pub, err := os.ReadFile(userKey + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	authorized := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(authorized, pub, 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	conf := filepath.Join(dir, "sshd_config")
	// StrictModes would reject the key files: /tmp is world-writable.
	if err := os.WriteFile(conf, []byte(fmt.Sprintf(`Port %d
ListenAddress 127.0.0.1
HostKey %s
PidFile %s
AuthorizedKeysFile %s
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
LogLevel INFO
`, port, hostKey, filepath.Join(dir, "sshd.pid"), authorized)), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("unshare", "--mount", "--propagation", "private", "sh", "-c",
		`mount -t tmpfs -o mode=0755 tmpfs /run && mkdir -m 0755 /run/sshd && exec /usr/sbin/sshd -D -e -f "$1"`, "sh", conf)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("sshd: %v", err)
	}
	listening := make(chan struct{})
	exited := make(chan error, 1)
	go func() { // its log goes to the test's; it ends before Cleanup returns
		sc := bufio.NewScanner(stderr)
		want := fmt.Sprintf("Server listening on 127.0.0.1 port %d", port)
		for sc.Scan() {
			t.Logf("sshd: %s", sc.Text())
			if strings.Contains(sc.Text(), want) {
				close(listening)
				want = "\x00" // only once
			}
		}
		exited <- cmd.Wait()
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		select {
		case <-exited:
		case <-time.After(sshdTimeout):
			t.Errorf("sshd did not exit within %v of SIGKILL", sshdTimeout)
		}
	})
	select {
	case <-listening:
	case err := <-exited:
		exited <- err
		t.Fatalf("sshd exited before listening: %v", err)
	case <-time.After(sshdTimeout):
		t.Fatalf("sshd did not listen on port %d within %v", port, sshdTimeout)
	}
	c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), sshdTimeout)
	if err != nil {
		t.Fatalf("sshd says it listens, but: %v", err)
	}
	c.Close()
	return &testSSHD{Port: port, SSHOpts: strings.Join([]string{
		"-F", "/dev/null", "-p", fmt.Sprint(port), "-i", userKey,
		"-o", "UserKnownHostsFile=" + filepath.Join(dir, "known_hosts"),
		"-o", "StrictHostKeyChecking=no", "-o", "BatchMode=yes",
	}, " ")}
}

// sshNixClient runs Nix 2.8's commands with their configuration, caches
// and state under one temporary directory and NIX_SSHOPTS for an sshd.
type sshNixClient struct {
	t   *testing.T
	env []string
	// wrap runs the commands (the Nix 2.26 chroot's run script); empty
	// for the host's Nix.
	wrap []string
}

func newSSHNixClient(t *testing.T, dir, sshOpts string) *sshNixClient {
	t.Helper()
	return &sshNixClient{t: t, env: append(nixdaemontest.NixEnv(t, dir), "NIX_SSHOPTS="+sshOpts)}
}

// run runs a Nix command and returns its stdout and stderr; it fails the
// test when the command fails.
func (c *sshNixClient) run(name string, args ...string) (string, string) {
	c.t.Helper()
	stdout, stderr, err := c.try(name, args...)
	if err != nil {
		c.t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr)
	}
	return stdout, stderr
}

// try runs a Nix command and returns its stdout, stderr and error.
func (c *sshNixClient) try(name string, args ...string) (string, string, error) {
	argv := append(append(slices.Clone(c.wrap), name), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = c.env
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.String(), stderr.String(), err
}

// sshPathInfo is the part of nix path-info --json a copy must keep.
type sshPathInfo struct {
	Path       string   `json:"path"`
	NarHash    string   `json:"narHash"`
	NarSize    uint64   `json:"narSize"`
	References []string `json:"references"`
	Deriver    string   `json:"deriver"`
	CA         string   `json:"ca"`
}

// pathInfos is nix path-info --json --recursive of paths in storeURL,
// sorted by path.
func (c *sshNixClient) pathInfos(storeURL string, paths ...string) []sshPathInfo {
	c.t.Helper()
	out, _ := c.run("nix", append([]string{"path-info", "--store", storeURL, "--json", "--recursive"}, paths...)...)
	var infos []sshPathInfo
	if err := json.Unmarshal([]byte(out), &infos); err != nil {
		c.t.Fatalf("nix path-info --json: %v\n%s", err, out)
	}
	for i := range infos {
		sort.Strings(infos[i].References)
	}
	sort.Slice(infos, func(i, j int) bool { return infos[i].Path < infos[j].Path })
	return infos
}

// TestNixDaemonOverSSH runs tvix nix-daemon --stdio as the remote
// program of Nix 2.8's ssh-ng:// store through a real sshd on loopback:
// nix store ping answers, and a small closure copied with nix copy --to
// ssh-ng:// and back with --from ssh-ng:// into a fresh store keeps its
// path-info. The remote side's store is under the test's TVIX_HOME.
func TestNixDaemonOverSSH(t *testing.T) {
	nixtest.RequireNix(t, "nix")
	nixtest.RequireRoot(t) // the client's chroot stores (--store DIR) need root
	sshd := startSSHD(t)
	bin := tvixBinary(t)
	tmp := t.TempDir()
	home := filepath.Join(tmp, "tvix-home")
	program := strings.Join([]string{"env", "TVIX_HOME=" + home, bin, "nix-daemon"}, " ") // Nix adds --stdio
	remote := "ssh-ng://root@127.0.0.1?remote-program=" + strings.ReplaceAll(program, " ", "%20")
	c := newSSHNixClient(t, tmp, sshd.SSHOpts)

	if out, errOut := c.run("nix", "store", "ping", "--store", remote); !strings.Contains(out+errOut, "Store URL: ssh-ng://root@127.0.0.1") {
		t.Errorf("nix store ping --store %s: %q %q", remote, out, errOut)
	}

	src := filepath.Join(tmp, "expr", "src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "file"), []byte("hello over ssh-ng\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	expr := filepath.Join(tmp, "expr", "default.nix")
	if err := os.WriteFile(expr, []byte(`
let
  src = builtins.path { path = ./src; name = "src"; };
  a = builtins.toFile "a" "a refers to ${src}";
in builtins.toFile "b" "b refers to ${a} and ${src}"
`), 0o644); err != nil {
		t.Fatal(err)
	}
	client := filepath.Join(tmp, "client")
	out, _ := c.run("nix-instantiate", "--store", client, "--eval", "--read-write-mode", expr)
	top := strings.Trim(strings.TrimSpace(out), `"`)
	want := c.pathInfos(client, top)
	if len(want) != 3 {
		t.Fatalf("closure of %s: %d paths, want 3: %+v", top, len(want), want)
	}

	c.run("nix", "copy", "--no-check-sigs", "--from", client, "--to", remote, top)
	if got := c.pathInfos(remote, top); !reflect.DeepEqual(got, want) {
		t.Errorf("path-info over ssh-ng after nix copy --to\n got %+v\nwant %+v", got, want)
	}

	back := filepath.Join(tmp, "back")
	c.run("nix", "copy", "--no-check-sigs", "--from", remote, "--to", back, top)
	if got := c.pathInfos(back, top); !reflect.DeepEqual(got, want) {
		t.Errorf("path-info after nix copy --from ssh-ng\n got %+v\nwant %+v", got, want)
	}
	if b, err := os.ReadFile(filepath.Join(back, top)); err != nil || !strings.Contains(string(b), "b refers to") {
		t.Errorf("%s in the store copied back: %q, %v", top, b, err)
	}
}
