package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
)

// TestBuildDrvMatchesNix builds examples/hello.nix (three derivations,
// outputs referring to each other) with tvix build-drv and checks that
// the output path is the one Nix assigns and the result works.
func TestBuildDrvMatchesNix(t *testing.T) {
	nixtest.RequireRoot(t)
	inst := nixtest.RequireNix(t, "nix-instantiate")
	out, err := exec.Command(inst, "../../examples/hello.nix").Output()
	if err != nil {
		t.Fatalf("nix-instantiate: %v", err)
	}
	drv := strings.TrimSpace(string(out))
	want, err := exec.Command(nixtest.RequireNix(t, "nix-store"), "--query", "--outputs", drv).Output()
	if err != nil {
		t.Fatal(err)
	}
	c := newCLI(t)
	got := c.ok(nil, "build-drv", "-j", "2", drv)
	if got != string(want) {
		t.Fatalf("tvix build-drv printed %q, Nix's output path is %q", got, want)
	}
	if greeting := c.ok(nil, "store", "cat", strings.TrimSpace(got)+"/greeting.txt"); greeting != "Hello from a sandboxed build\n" {
		t.Errorf("greeting.txt = %q", greeting)
	}
	// A second run finds everything built.
	if _, stderr, code := c.run(nil, "build-drv", drv); code != 0 || strings.Contains(stderr, "building") {
		t.Errorf("second run: exit %d, stderr %q", code, stderr)
	}
}

func TestBuildDrvFailureShowsLogTail(t *testing.T) {
	nixtest.RequireRoot(t)
	out, err := exec.Command(nixtest.RequireNix(t, "nix-instantiate"), "../../builder/testdata/corpus.nix", "-A", "fail-exit").Output()
	if err != nil {
		t.Fatalf("nix-instantiate: %v", err)
	}
	drv := strings.TrimSpace(string(out))
	c := newCLI(t)
	_, stderr, code := c.run(nil, "build-drv", "-Q", drv)
	if code != 1 || !strings.Contains(stderr, "> about to fail") ||
		!strings.Contains(stderr, "error: builder for '"+drv+"' failed with exit code 3") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}
