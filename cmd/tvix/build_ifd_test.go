package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/internal/nixtest"
)

// TestBuildImportFromDerivationReadOnlyStoreDir builds examples/ifd.nix
// in a mount namespace of its own where /nix/store is read-only, so that
// the output built during evaluation cannot be linked at its store path
// (as for a user who may not write /nix/store): the evaluator must read
// it through the store, and the result is nix-build's.
func TestBuildImportFromDerivationReadOnlyStoreDir(t *testing.T) {
	requireBuildHost(t)
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		nixtest.Unavailable(t, "no unshare (util-linux)")
	}
	ifd, _ := filepath.Abs("../../examples/ifd.nix")
	salt := fmt.Sprintf("ifd-ro-test-%d", time.Now().UnixNano())
	c := newCLI(t)
	tvix := c.command(nil, "build", "--no-out-link", ifd, "--argstr", "salt", salt)
	const script = `mount --make-rprivate / && mount --bind /nix/store /nix/store && mount -o remount,bind,ro /nix/store && exec "$0" "$@"`
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, unshare, append([]string{"-m", "sh", "-c", script, tvix.Path}, tvix.Args[1:]...)...)
	cmd.Env = tvix.Env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	if err != nil {
		t.Fatalf("tvix build under a read-only /nix/store: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "generating a Nix expression "+salt) {
		t.Errorf("the imported derivation was not built during evaluation:\n%s", stderr.String())
	}
	want, nixErr, err := nixBuild(t, "--no-out-link", ifd, "--argstr", "salt", salt)
	if err != nil {
		t.Fatalf("nix-build: %v\n%s", err, nixErr)
	}
	if got := strings.Fields(stdout.String()); !slices.Equal(got, want) {
		t.Fatalf("tvix build printed %q, nix-build %q", got, want)
	}
	compareWithNix(t, c, want[0])
}
