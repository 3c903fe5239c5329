package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/p2pnix/tvix/internal/nixtest"
)

// TestBuildInterrupted: SIGINT to a tvix build whose builder sleeps ends
// tvix with status 130 within a bounded time, leaving no process of the
// build and no cgroup of its container.
func TestBuildInterrupted(t *testing.T) {
	nixtest.RequireRoot(t)
	if _, err := os.Stat("/usr/bin/busybox"); err != nil {
		nixtest.Unavailable(t, "no /usr/bin/busybox (make deps installs busybox-static)")
	}
	examples, err := filepath.Abs("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	marker := fmt.Sprintf("tvix-sigint-%d", time.Now().UnixNano())
	file := filepath.Join(t.TempDir(), "sleep.nix")
	expr := fmt.Sprintf("(import %s/busybox.nix { }).mkShell %q \"sleep 3600; echo %s > $out\" { }\n", examples, marker, marker)
	if err := os.WriteFile(file, []byte(expr), 0o644); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t)
	cmd := c.command(nil, "build", "--no-out-link", file)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		if p := processWith(t, marker); p != 0 { // a failed test's builder
			syscall.Kill(p, syscall.SIGKILL)
		}
	})

	// Wait for the builder's shell (its script names the marker).
	var pid int
	deadline := time.After(2 * time.Minute)
	for pid == 0 {
		select {
		case err := <-done:
			t.Fatalf("tvix build ended before its builder ran: %v\n%s", err, stderr.String())
		case <-deadline:
			t.Fatalf("the builder never ran\n%s", stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
		pid = processWith(t, marker)
	}
	cgroups := cgroupDirs(t, pid)
	if len(cgroups) == 0 {
		t.Fatalf("the builder (pid %d) is in no tvix-build cgroup", pid)
	}

	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		ee, ok := err.(interface{ ExitCode() int })
		if !ok || ee.ExitCode() != 130 {
			t.Errorf("tvix build after SIGINT: %v, want exit status 130\n%s", err, stderr.String())
		}
	case <-time.After(time.Minute):
		t.Fatalf("tvix build still runs a minute after SIGINT\n%s", stderr.String())
	}
	if last := lastLine(stderr.String()); last != "error: interrupted" {
		t.Errorf("last line %q, want \"error: interrupted\"", last)
	}
	if p := processWith(t, marker); p != 0 {
		t.Errorf("the builder (pid %d) still runs", p)
	}
	for _, dir := range cgroups {
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("cgroup %s is left", dir)
		}
	}
}

// processWith returns the pid of a process whose command line contains
// s (other than this test), or 0.
func processWith(t *testing.T, s string) int {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		var pid int
		if _, err := fmt.Sscan(e.Name(), &pid); err != nil || pid == os.Getpid() {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && bytes.Contains(cmdline, []byte(s)) {
			return pid
		}
	}
	return 0
}

// cgroupDirs returns the directories of process pid's cgroups below a
// tvix-build parent, on cgroup v1 or v2.
func cgroupDirs(t *testing.T, pid int) []string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cgroup", pid))
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.SplitN(line, ":", 3)
		if len(f) != 3 || !strings.Contains(f[2], "/tvix-build/") {
			continue
		}
		root := "/sys/fs/cgroup"
		if f[1] != "" { // v1: one hierarchy per controller set
			root = filepath.Join(root, strings.TrimPrefix(f[1], "name="))
		}
		dirs = append(dirs, filepath.Join(root, f[2]))
	}
	return dirs
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
