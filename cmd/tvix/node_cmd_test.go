package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/p2pnix/tvix/node"
)

// nodeStartTimeout bounds how long a tvix-node may take to serve or stop.
const nodeStartTimeout = 30 * time.Second

var (
	nodeBinOnce sync.Once
	nodeBin     string
	nodeBinErr  error
)

// tvixNodeBinary builds cmd/tvix-node once per test binary, next to tvix.
func tvixNodeBinary(t *testing.T) string {
	t.Helper()
	tvixBinary(t) // makes binDir, removed by TestMain
	nodeBinOnce.Do(func() {
		nodeBin = filepath.Join(binDir, "tvix-node")
		if out, err := exec.Command("go", "build", "-o", nodeBin, "../tvix-node").CombinedOutput(); err != nil {
			nodeBinErr = fmt.Errorf("building tvix-node: %v: %s", err, out)
		}
	})
	if nodeBinErr != nil {
		t.Fatal(nodeBinErr)
	}
	return nodeBin
}

// runningNode is a tvix-node process on 127.0.0.1.
type runningNode struct {
	cmd    *exec.Cmd
	data   string
	addr   string
	exited chan error
	mu     sync.Mutex
	log    bytes.Buffer
}

// startTestNode starts tvix-node with data directory data on a free port
// of 127.0.0.1 and waits (bounded) until it serves.
func startTestNode(t *testing.T, data string, extra ...string) *runningNode {
	t.Helper()
	args := append([]string{"--data-dir", data, "--api-listen", "127.0.0.1:0", "--no-mdns"}, extra...)
	cmd := exec.Command(tvixNodeBinary(t), args...)
	cmd.Env = append(os.Environ(), "TVIX_HOME="+data)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	n := &runningNode{cmd: cmd, data: data, exited: make(chan error, 1)}
	addrc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			n.mu.Lock()
			n.log.WriteString(sc.Text() + "\n")
			n.mu.Unlock()
			if rest, ok := strings.CutPrefix(sc.Text(), node.ServingPrefix); ok {
				addrc <- strings.Fields(rest)[0]
			}
		}
		n.exited <- cmd.Wait()
	}()
	t.Cleanup(func() { n.stop(t) })
	select {
	case n.addr = <-addrc:
	case err := <-n.exited:
		n.exited <- err
		t.Fatalf("tvix-node exited before serving (%v): %s", err, n.logText())
	case <-time.After(nodeStartTimeout):
		t.Fatalf("tvix-node did not serve within %v: %s", nodeStartTimeout, n.logText())
	}
	return n
}

func (n *runningNode) logText() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.log.String()
}

// stop sends SIGTERM to the node's PID and waits (bounded) for it.
func (n *runningNode) stop(t *testing.T) {
	if n.cmd.ProcessState != nil {
		return
	}
	n.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-n.exited:
		n.exited <- err
	case <-time.After(nodeStartTimeout):
		n.cmd.Process.Kill()
		t.Errorf("tvix-node did not stop within %v of SIGTERM", nodeStartTimeout)
	}
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
	pub, err := os.ReadFile(filepath.Join(data, node.PublicKeyName))
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
	os.MkdirAll(filepath.Join(data, node.LogDirName), 0o755)
	os.WriteFile(filepath.Join(data, node.LogDirName, drv), []byte("building x\n"), 0o644)
	for path, want := range map[string]string{"/log/" + drv: "building x\n", "/log/not-a-drv": "", "/log/..": ""} {
		resp, err := http.Get("http://" + n.addr + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if want == "" && resp.StatusCode != http.StatusNotFound || want != "" && (resp.StatusCode != 200 || string(b) != want) {
			t.Errorf("GET %s: %d %q, want %q", path, resp.StatusCode, b, want)
		}
	}
	n.stop(t)
	// Stopped: the socket is gone and the local store opens again.
	if out := tvixEnvOK(t, []string{"TVIX_HOME=" + data}, "store", "path-info", sp); strings.TrimSpace(out) != sp {
		t.Errorf("after stopping the node, the local store has %q", out)
	}
}
