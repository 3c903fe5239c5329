package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/internal/nixtest"
)

// TestBuildDrvArguments: tvix build takes .drv store paths as nix-build
// does (DRV, DRV!OUTPUT, mixed with files to evaluate): the same paths
// printed, the same result links, and nix-build's errors for an unknown
// output, two outputs and a missing .drv. The .drv comes from /nix/store
// (imported) or from our store only.
func TestBuildDrvArguments(t *testing.T) {
	requireBuildHost(t)
	corpus, _ := filepath.Abs("../../builder/testdata/corpus.nix")
	hello, _ := filepath.Abs("../../examples/hello.nix")
	out, err := exec.Command(nixtest.RequireNix(t, "nix-instantiate"), corpus, "-A", "multi").Output()
	if err != nil {
		t.Fatalf("nix-instantiate: %v", err)
	}
	drv := strings.TrimSpace(string(out))
	c := newCLI(t)
	args := []string{drv, drv + "!dev", hello}
	nixDir, ourDir := t.TempDir(), t.TempDir()
	want, stderr, err := nixBuild(t, append([]string{"-o", filepath.Join(nixDir, "result")}, args...)...)
	if err != nil {
		t.Fatalf("nix-build: %v\n%s", err, stderr)
	}
	got, stderr, code := c.run(nil, append([]string{"build", "-o", filepath.Join(ourDir, "result")}, args...)...)
	if code != 0 {
		t.Fatalf("tvix build: exit %d\n%s", code, stderr)
	}
	if !slices.Equal(strings.Fields(got), want) {
		t.Errorf("tvix build %q printed %q, nix-build %q", args, got, want)
	}
	if got, want := resultLinks(t, ourDir), resultLinks(t, nixDir); !mapsEqual(got, want) {
		t.Errorf("result links %v, nix-build made %v", got, want)
	}
	for _, p := range want[:2] {
		compareWithNix(t, c, p)
	}

	for _, bad := range []string{drv + "!nope", drv + "!out,dev", "/nix/store/00000000000000000000000000000000-x.drv"} {
		_, nixErr, err := nixBuild(t, "--no-out-link", bad)
		if err == nil {
			t.Fatalf("nix-build %s succeeded", bad)
		}
		lines := strings.Split(strings.TrimSpace(nixErr), "\n")
		c.fails(nil, []string{"build", "--no-out-link", bad}, lines[len(lines)-1])
	}

	// A .drv only our store has: instantiated by tvix, then built.
	many, _ := filepath.Abs("../../examples/many.nix")
	salt := fmt.Sprintf("drv-arg-%d", time.Now().UnixNano())
	own := strings.TrimSpace(c.ok(nil, "instantiate", many, "--arg", "n", "1", "--argstr", "salt", salt))
	if _, err := os.Lstat(own); err == nil {
		t.Fatalf("%s is in /nix/store already", own)
	}
	got = c.ok(nil, "build", "--no-out-link", own)
	want, stderr, err = nixBuild(t, "--no-out-link", many, "--arg", "n", "1", "--argstr", "salt", salt)
	if err != nil {
		t.Fatalf("nix-build: %v\n%s", err, stderr)
	}
	if !slices.Equal(strings.Fields(got), want) {
		t.Errorf("tvix build %s printed %q, nix-build of its expression %q", own, got, want)
	}
}
