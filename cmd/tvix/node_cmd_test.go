package main

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/node/nodetest"
)

// tvixNodeBinary builds cmd/tvix-node once per test binary, next to tvix.
func tvixNodeBinary(t *testing.T) string {
	t.Helper()
	tvixBinary(t) // makes binDir, removed by TestMain
	return nodetest.Build(t, nodetest.NodePackage, binDir)
}

// runningNode is a tvix-node process on 127.0.0.1.
type runningNode struct {
	*nodetest.Proc
	addr string // host:port of its API
}

func (n *runningNode) logText() string { return n.Log() }

// startTestNode starts tvix-node with data directory data on a free port
// of 127.0.0.1 and waits (bounded) until it serves.
func startTestNode(t *testing.T, data string, extra ...string) *runningNode {
	t.Helper()
	p := nodetest.StartLoopback(t, tvixNodeBinary(t), data, []string{"TVIX_HOME=" + data}, extra...)
	return &runningNode{Proc: p, addr: p.Addr}
}

// tvixEnv runs tvix with exactly args (no --store) and the given extra
// environment, returning stdout, stderr and the exit code.
func tvixEnv(t *testing.T, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(tvixBinary(t), args...)
	cmd.Env = append(os.Environ(), "TVIX_STORE=", "TVIX_NODE=")
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), code
}

func tvixEnvOK(t *testing.T, env []string, args ...string) string {
	t.Helper()
	out, stderr, code := tvixEnv(t, env, args...)
	if code != 0 {
		t.Fatalf("tvix %s (env %v): exit %d: %s", strings.Join(args, " "), env, code, stderr)
	}
	return out
}

// TestNodeSelection: --node, $TVIX_NODE and a node running on $TVIX_HOME
// all reach the node's store; --store with --node is refused; key show
// prints the node's public key.
func TestNodeSelection(t *testing.T) {
	data := t.TempDir()
	n := startTestNode(t, data)
	tree := filepath.Join(t.TempDir(), "sel")
	os.MkdirAll(tree, 0o755)
	os.WriteFile(filepath.Join(tree, "f"), []byte(data), 0o644)
	other := []string{"TVIX_HOME=" + t.TempDir()}
	sp := strings.TrimSpace(tvixEnvOK(t, other, "--node", n.addr, "store", "add", tree))
	for name, env := range map[string][]string{
		"TVIX_NODE":           append(other, "TVIX_NODE="+n.addr),
		"node on TVIX_HOME":   {"TVIX_HOME=" + data},
		"TVIX_NODE as socket": append(other, "TVIX_NODE="+filepath.Join(data, "tvix.sock")),
	} {
		if out := tvixEnvOK(t, env, "store", "path-info", sp); strings.TrimSpace(out) != sp {
			t.Errorf("%s: path-info printed %q, want %s", name, out, sp)
		}
	}
	// Without a node the other home's local store does not have it.
	if _, _, code := tvixEnv(t, other, "store", "path-info", sp); code == 0 {
		t.Errorf("path-info found %s in an unrelated local store", sp)
	}
	if _, stderr, code := tvixEnv(t, other, "--store", "memory:", "--node", n.addr, "store", "path-info", sp); code == 0 || !strings.Contains(stderr, "--node") {
		t.Errorf("--store with --node: exit %d, %s", code, stderr)
	}
	pub, err := os.ReadFile(tvixhome.Dir(data).PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	want := strings.TrimSpace(string(pub))
	if got := strings.TrimSpace(tvixEnvOK(t, other, "--node", n.addr, "key", "show")); got != want {
		t.Errorf("key show --node: %q, want %q", got, want)
	}
	if got := strings.TrimSpace(tvixEnvOK(t, []string{"TVIX_HOME=" + data}, "key", "show")); got != want {
		t.Errorf("key show in the node's data dir: %q, want %q", got, want)
	}
	// Build logs from the data directory, by .drv name.
	drv := "0123456789abcdfghijklmnpqrsvwxyz-x.drv"
	os.MkdirAll(tvixhome.Dir(data).Logs(), 0o755)
	os.WriteFile(tvixhome.Dir(data).BuildLog(drv), []byte("building x\n"), 0o644)
	// "/log/.." is cleaned by the server into a redirect to the status
	// page, which must not be followed into a 200: it is not a log.
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for path, want := range map[string]string{"/log/" + drv: "building x\n", "/log/not-a-drv": "", "/log/..": ""} {
		resp, err := noRedirect.Get("http://" + n.addr + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		missing := resp.StatusCode == http.StatusNotFound || resp.StatusCode/100 == 3
		if want == "" && !missing || want != "" && (resp.StatusCode != 200 || string(b) != want) {
			t.Errorf("GET %s: %d %q, want %q", path, resp.StatusCode, b, want)
		}
	}
	if err := n.Stop(); err != nil {
		t.Error(err)
	}
	// Stopped: the socket is gone and the local store opens again.
	if out := tvixEnvOK(t, []string{"TVIX_HOME=" + data}, "store", "path-info", sp); strings.TrimSpace(out) != sp {
		t.Errorf("after stopping the node, the local store has %q", out)
	}
}
