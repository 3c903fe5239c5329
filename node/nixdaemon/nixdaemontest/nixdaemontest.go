// Package nixdaemontest helps tests run a real Nix client against a
// nixdaemon server: the server on a unix socket for the test's lifetime,
// and an environment that keeps the client's configuration and state out
// of the machine's.
package nixdaemontest

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/node/nixdaemon"
)

// Serve serves a nixdaemon server for cfg on a unix socket at sock until
// the test ends, and returns sock. Serve failing at the end is a test
// error.
func Serve(t testing.TB, cfg nixdaemon.Config, sock string) string {
	t.Helper()
	srv, err := nixdaemon.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return sock
}

// NixEnv is an environment for Nix 2.8's commands that keeps their
// configuration, caches and state under dir: nix-command enabled, no
// sandbox, no substituters. PATH is the test's.
func NixEnv(t testing.TB, dir string) []string {
	t.Helper()
	conf := filepath.Join(dir, "etc")
	if err := os.MkdirAll(conf, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(conf, "nix.conf"), []byte("experimental-features = nix-command\nsandbox = false\nsubstituters =\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + filepath.Join(dir, "home"),
		"XDG_CACHE_HOME=" + filepath.Join(dir, "cache"),
		"XDG_CONFIG_HOME=" + filepath.Join(dir, "config"),
		"XDG_STATE_HOME=" + filepath.Join(dir, "state"),
		"XDG_DATA_HOME=" + filepath.Join(dir, "data"),
		"NIX_CONF_DIR=" + conf,
		"NIX_LOG_DIR=" + filepath.Join(dir, "log"),
		"NIX_STATE_DIR=" + filepath.Join(dir, "state", "nix"),
		"NIX_USER_CONF_FILES=" + filepath.Join(conf, "nix.conf"),
	}
}

// RunNix runs the command name with args in env (as NixEnv makes it) and
// returns its standard output and standard error.
func RunNix(env []string, name string, args ...string) (stdout, stderr string, err error) {
	cmd := exec.Command(name, args...)
	cmd.Env = env
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

// Nix226 returns the script that runs a command of the Nix 2.26 chroot
// (contrib/nix226/run), or stops the test when there is none (it needs
// root and make nix226).
func Nix226(t testing.TB) string {
	t.Helper()
	nixtest.RequireRoot(t)
	_, file, _, _ := runtime.Caller(0)
	run := filepath.Join(filepath.Dir(file), "..", "..", "..", "contrib", "nix226", "run")
	root := os.Getenv("NIX226_ROOT")
	if root == "" {
		root = "/var/cache/tvix-nix226"
	}
	if _, err := os.Stat(filepath.Join(root, "usr", "bin", "nix")); err != nil {
		nixtest.Unavailable(t, "no Nix 2.26 chroot in %s (make nix226)", root)
	}
	return run
}

// RunNixOK is RunNix that fails the test, with the command's standard
// error, when the command fails, and returns its standard output.
func RunNixOK(t testing.TB, env []string, name string, args ...string) string {
	t.Helper()
	out, stderr, err := RunNix(env, name, args...)
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr)
	}
	return out
}
