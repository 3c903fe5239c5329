package nixdaemon_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/node/nixdaemon/nixdaemontest"
	"github.com/p2pnix/tvix/store"
)

// TestNix226Client: Nix 2.26 (protocol 1.37) pings the daemon, copies a
// closure in and reads its path infos back unchanged.
func TestNix226Client(t *testing.T) {
	run226 := nixdaemontest.Nix226(t)
	tmp := t.TempDir()
	env := nixdaemontest.NixEnv(t, tmp)
	sock := daemon(t, store.NewMemoryStore())
	remote := "unix://" + sock
	nix := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(run226, args...)
		cmd.Env = env
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("nix 2.26 %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		return stdout.String() + stderr.String()
	}
	if out := nix("nix", "store", "info", "--store", remote); !strings.Contains(out, "Store URL: "+remote) || !strings.Contains(out, "Trusted: 1") {
		t.Errorf("nix store info: %q", out)
	}
	client := filepath.Join(tmp, "client")
	if err := os.MkdirAll(filepath.Join(tmp, "expr", "src"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "expr", "src", "file"), []byte("hello 2.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	expr := filepath.Join(tmp, "expr", "default.nix")
	if err := os.WriteFile(expr, []byte(closureExpr), 0o644); err != nil {
		t.Fatal(err)
	}
	top := strings.Trim(strings.TrimSpace(nix("nix-instantiate", "--store", client, "--eval", "--read-write-mode", expr)), `"`)
	top = top[strings.LastIndex(top, "\n")+1:]
	nix("nix", "copy", "--no-check-sigs", "--from", client, "--to", remote, top)
	// Nix 2.8 reads both stores' path infos, with the same JSON format.
	want := pathInfos(t, env, client, top)
	if got := pathInfos(t, env, remote, top); len(want) != 3 || !equalInfos(got, want) {
		t.Errorf("after Nix 2.26's nix copy --to: path-info on the daemon\n got %+v\nwant %+v", got, want)
	}
}
