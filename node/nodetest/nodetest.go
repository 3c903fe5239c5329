// Package nodetest builds the project's binaries and runs real tvix-node
// processes for tests: start one, wait until it serves, read its log,
// stop or kill it. Every wait is bounded.
package nodetest

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/p2pnix/tvix/node/nodeclient"
)

// Timeout bounds how long a node may take to start serving or to stop.
const Timeout = 30 * time.Second

var (
	buildMu sync.Mutex
	built   = map[string]string{} // output path by package

	binDirOnce sync.Once
	binDir     string
	binDirErr  error
)

// BinDir is a temporary directory for the binaries of one test binary's
// tests, made on first use; Main removes it.
func BinDir(t testing.TB) string {
	t.Helper()
	binDirOnce.Do(func() { binDir, binDirErr = os.MkdirTemp("", "tvix-test-bin-") })
	if binDirErr != nil {
		t.Fatal(binDirErr)
	}
	return binDir
}

// Main runs the tests of m, removes BinDir's directory and exits: the
// TestMain of a package whose tests use BinDir.
func Main(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// Build compiles the main package pkg (an import path such as
// "github.com/p2pnix/tvix/cmd/tvix-node") into dir, once per process and
// package, and returns the binary's path. The caller removes dir.
func Build(t testing.TB, pkg, dir string) string {
	t.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	if p, ok := built[pkg]; ok {
		return p
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	out := filepath.Join(dir, filepath.Base(pkg))
	if b, err := exec.Command(goTool, "build", "-o", out, pkg).CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, b)
	}
	built[pkg] = out
	return out
}

// NodePackage is the import path of the tvix-node command.
const NodePackage = "github.com/p2pnix/tvix/cmd/tvix-node"

// LoopbackArgs are the flags of a test node with data directory dataDir:
// a free port on 127.0.0.1 and no mDNS (test nodes on one machine would
// find each other across tests).
func LoopbackArgs(dataDir string) []string {
	return []string{"--data-dir", dataDir, "--api-listen", "127.0.0.1:0", "--no-mdns"}
}

// Proc is a running tvix-node process.
type Proc struct {
	Cmd     *exec.Cmd
	DataDir string
	// Addr is the host:port of the node's API, from its serving line.
	Addr string

	exited chan error // receives Wait's result once; put back by readers
	mu     sync.Mutex
	log    bytes.Buffer
}

// Start runs argv (a tvix-node command line, possibly behind a wrapper
// such as `ip netns exec NS`) with env added to the environment, and
// waits until the node prints nodeclient.ServingPrefix. The node is stopped at
// the end of the test. dataDir is only recorded.
func Start(t testing.TB, dataDir string, env []string, argv ...string) *Proc {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &Proc{Cmd: cmd, DataDir: dataDir, exited: make(chan error, 1)}
	addrc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			p.mu.Lock()
			p.log.WriteString(line + "\n")
			p.mu.Unlock()
			if rest, ok := strings.CutPrefix(line, nodeclient.ServingPrefix); ok {
				select {
				case addrc <- strings.Fields(rest)[0]:
				default:
				}
			}
		}
		p.exited <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if err := p.Stop(); err != nil {
			t.Logf("%v", err)
		}
	})
	select {
	case p.Addr = <-addrc:
	case err := <-p.exited:
		p.exited <- err
		t.Fatalf("tvix-node exited before serving (%v): %s", err, p.Log())
	case <-time.After(Timeout):
		t.Fatalf("tvix-node did not serve within %v: %s", Timeout, p.Log())
	}
	return p
}

// StartLoopback starts bin with LoopbackArgs(dataDir) followed by extra.
func StartLoopback(t testing.TB, bin, dataDir string, env []string, extra ...string) *Proc {
	t.Helper()
	return Start(t, dataDir, env, append(append([]string{bin}, LoopbackArgs(dataDir)...), extra...)...)
}

// Log returns everything the node wrote to stderr so far.
func (p *Proc) Log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.log.String()
}

// wait returns the process's exit error, or false after d.
func (p *Proc) wait(d time.Duration) (error, bool) {
	select {
	case err := <-p.exited:
		p.exited <- err
		return err, true
	case <-time.After(d):
		return nil, false
	}
}

// Stop sends SIGTERM and waits (bounded) for the process to exit; it
// kills it after Timeout. It returns an error when the node did not exit
// cleanly. Stopping a stopped node returns its first result again.
func (p *Proc) Stop() error {
	if err, done := p.wait(0); done {
		return exitErr(err)
	}
	p.Cmd.Process.Signal(syscall.SIGTERM)
	if err, done := p.wait(Timeout); done {
		return exitErr(err)
	}
	p.Cmd.Process.Kill()
	p.wait(Timeout)
	return fmt.Errorf("tvix-node did not exit within %v of SIGTERM", Timeout)
}

// Kill kills the process with SIGKILL (a crash or a switched-off
// machine) and waits for it.
func (p *Proc) Kill() {
	p.Cmd.Process.Kill()
	p.wait(Timeout)
}

func exitErr(err error) error {
	if err != nil {
		return fmt.Errorf("tvix-node exited with %v", err)
	}
	return nil
}

// WaitFor retries cond every 100ms until it holds, failing the test with
// what when d passes first.
func WaitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v: %s", d, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
