package nixtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Run runs a Nix tool and returns its trimmed standard output; a failure
// stops the test with its output.
func Run(t testing.TB, tool string, args ...string) string {
	t.Helper()
	cmd := exec.Command(RequireNix(t, tool), args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", tool, args, err, stderr.String())
	}
	return strings.TrimSpace(string(out))
}

// UpstreamClosure adds to the host's Nix store (as root) a small closure
// unique to this call: a directory (an executable, a data file, a
// symlink) and two texts, the second referring to the first. It returns
// the three paths; the directory and the second text name the closure.
func UpstreamClosure(t testing.TB) []string {
	t.Helper()
	RequireRoot(t)
	stamp := fmt.Sprint(time.Now().UnixNano())
	src := filepath.Join(t.TempDir(), "upstream-tree")
	os.MkdirAll(filepath.Join(src, "bin"), 0o755)
	os.WriteFile(filepath.Join(src, "bin", "tool"), []byte("#!/bin/sh\necho "+stamp+"\n"), 0o755)
	os.WriteFile(filepath.Join(src, "data"), []byte(strings.Repeat("upstream data "+stamp+"\n", 5000)), 0o644)
	os.Symlink("data", filepath.Join(src, "link"))
	dirPath := Run(t, "nix-store", "--add", src)
	textA := `builtins.toFile "upstream-a" "a ` + stamp + `"`
	a := strings.Trim(Run(t, "nix-instantiate", "--eval", "--read-write-mode", "-E", textA), `"`)
	b := strings.Trim(Run(t, "nix-instantiate", "--eval", "--read-write-mode", "-E", `builtins.toFile "upstream-b" "b refers to ${`+textA+`}"`), `"`)
	return []string{dirPath, a, b}
}

// CacheKey makes a binary cache key pair in dir with
// nix-store --generate-binary-cache-key: the secret key's file and the
// public key.
func CacheKey(t testing.TB, dir, name string) (secretFile, public string) {
	t.Helper()
	sk, pk := filepath.Join(dir, name+".sk"), filepath.Join(dir, name+".pk")
	Run(t, "nix-store", "--generate-binary-cache-key", name, sk, pk)
	b, err := os.ReadFile(pk)
	if err != nil {
		t.Fatal(err)
	}
	return sk, strings.TrimSpace(string(b))
}

// NixCopyTo writes the closures of paths into the binary cache directory
// dir with `nix copy --to file://DIR?compression=...&secret-key=...`.
func NixCopyTo(t testing.TB, dir, compression, secretFile string, paths ...string) {
	t.Helper()
	Run(t, "nix", append([]string{"--extra-experimental-features", "nix-command", "--option", "substituters", "", "copy", "--to",
		"file://" + dir + "?compression=" + compression + "&secret-key=" + secretFile}, paths...)...)
}
