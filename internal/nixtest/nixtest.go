// Package nixtest holds test helpers shared by packages that compare
// against C++ Nix (the oracle) or need root.
package nixtest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// InCI reports whether the tests run under CI (CI=true), where a missing
// dependency must fail a test instead of skipping it.
func InCI() bool { return os.Getenv("CI") == "true" }

// Unavailable fails the test under CI and skips it elsewhere.
func Unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	if InCI() {
		t.Fatalf("required under CI: "+format, args...)
	}
	t.Skipf(format, args...)
}

// RequireNix returns the path of the named Nix tool (nix-instantiate,
// nix-store, ...), or stops the test if it is not installed.
func RequireNix(t testing.TB, tool string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err != nil {
		Unavailable(t, "%s not installed (make deps installs nix-bin)", tool)
	}
	return p
}

// RequireRoot stops the test unless it runs as root.
func RequireRoot(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		Unavailable(t, "test needs root")
	}
}

// EvalInStoreDir evaluates expr with nix-instantiate --eval as if the Nix
// store were at storeDir, and returns the printed value without quotes.
// It uses Nix's dummy store, so nothing is created on disk (with
// NIX_STORE_DIR, Nix creates the store directory).
func EvalInStoreDir(t testing.TB, storeDir, expr string) string {
	t.Helper()
	nix := RequireNix(t, "nix-instantiate")
	cmd := exec.Command(nix, "--store", "dummy://?store="+storeDir, "--readonly-mode", "--eval", "-E", expr)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("nix-instantiate --eval -E %s (store %s): %v\n%s", expr, storeDir, err, stderr.String())
	}
	return strings.Trim(strings.TrimSpace(string(out)), `"`)
}
