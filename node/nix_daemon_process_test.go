package node_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/node/nixdaemon/nixdaemontest"
)

// nixClient runs Nix 2.8's commands with their configuration, caches and
// state under one temporary directory.
type nixClient struct {
	t   *testing.T
	env []string
}

// newNixClient returns a client whose files live under dir.
func newNixClient(t *testing.T, dir string) *nixClient {
	t.Helper()
	return &nixClient{t: t, env: nixdaemontest.NixEnv(t, dir)}
}

// run runs a Nix command and returns its standard output; it fails the
// test with the command's stderr when the command fails.
func (c *nixClient) run(name string, args ...string) string {
	c.t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = c.env
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		c.t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String() + stderr.String()
}

// nixPathInfo is the part of nix path-info --json a copy must keep.
type nixPathInfo struct {
	Path       string   `json:"path"`
	NarHash    string   `json:"narHash"`
	NarSize    uint64   `json:"narSize"`
	References []string `json:"references"`
	Deriver    string   `json:"deriver"`
	CA         string   `json:"ca"`
}

// pathInfos is nix path-info --json --recursive of paths in storeURL,
// sorted by path.
func (c *nixClient) pathInfos(storeURL string, paths ...string) []nixPathInfo {
	c.t.Helper()
	cmd := exec.Command("nix", append([]string{"path-info", "--store", storeURL, "--json", "--recursive"}, paths...)...)
	cmd.Env = c.env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		c.t.Fatalf("nix path-info --store %s: %v\n%s", storeURL, err, stderr.String())
	}
	var infos []nixPathInfo
	if err := json.Unmarshal(out, &infos); err != nil {
		c.t.Fatalf("nix path-info --json: %v\n%s", err, out)
	}
	for i := range infos {
		sort.Strings(infos[i].References)
	}
	sort.Slice(infos, func(i, j int) bool { return infos[i].Path < infos[j].Path })
	return infos
}

// smallClosure instantiates, in a chroot store of its own under dir, a
// closure of three paths with references between them (text files whose
// strings refer to the others, so nothing is built). It returns the
// client store and the closure's top path.
func smallClosure(t *testing.T, c *nixClient, dir string) (clientStore, top string) {
	t.Helper()
	src := filepath.Join(dir, "expr", "src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "file"), []byte("hello from the node test\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	expr := filepath.Join(dir, "expr", "default.nix")
	if err := os.WriteFile(expr, []byte(`
let
  src = builtins.path { path = ./src; name = "src"; };
  a = builtins.toFile "a" "a refers to ${src}";
in builtins.toFile "b" "b refers to ${a} and ${src}"
`), 0o644); err != nil {
		t.Fatal(err)
	}
	clientStore = filepath.Join(dir, "client")
	top = strings.Trim(strings.TrimSpace(c.run("nix-instantiate", "--store", clientStore, "--eval", "--read-write-mode", expr)), `"`)
	return clientStore, top
}

// TestNodeNixDaemonSocket checks that a real tvix-node serves the Nix
// daemon protocol on nix-daemon.sock in its data directory (mode 0660):
// Nix 2.8's nix store ping answers, and nix copy --to unix://… of a small
// closure leaves the same path-info on the node as in the client's store.
func TestNodeNixDaemonSocket(t *testing.T) {
	nixtest.RequireNix(t, "nix")
	nixtest.RequireRoot(t) // the client's chroot store (--store DIR) needs root
	bin := buildNode(t)
	dataDir := t.TempDir()
	startNode(t, bin, dataDir)

	sock := tvixhome.Dir(dataDir).NixDaemonSocket()
	fi, err := os.Stat(sock)
	if err != nil {
		t.Fatalf("nix daemon socket: %v", err)
	}
	if fi.Mode()&os.ModeSocket == 0 || fi.Mode().Perm() != 0o660 {
		t.Errorf("%s: mode %v, want a socket with 0660", sock, fi.Mode())
	}

	tmp := t.TempDir()
	c := newNixClient(t, tmp)
	remote := "unix://" + sock
	if out := c.run("nix", "store", "ping", "--store", remote); !strings.Contains(out, "Store URL: "+remote) {
		t.Errorf("nix store ping --store %s: %q", remote, out)
	}

	clientStore, top := smallClosure(t, c, tmp)
	want := c.pathInfos(clientStore, top)
	if len(want) != 3 {
		t.Fatalf("closure of %s: %d paths, want 3: %+v", top, len(want), want)
	}
	c.run("nix", "copy", "--no-check-sigs", "--from", clientStore, "--to", remote, top)
	if got := c.pathInfos(remote, top); !reflect.DeepEqual(got, want) {
		t.Errorf("path-info on the node after nix copy --to %s\n got %+v\nwant %+v", remote, got, want)
	}
}
