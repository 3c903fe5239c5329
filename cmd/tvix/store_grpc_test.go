package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/store/nar/nartest"
)

// TestStoreCommandsOverGRPC runs the store commands against a real
// tvix-node through its unix socket: add and dump must still match Nix,
// and bad input must leave the remote store unchanged.
func TestStoreCommandsOverGRPC(t *testing.T) {
	nixtest.RequireNix(t, "nix-store")
	bin := t.TempDir()
	node := filepath.Join(bin, "tvix-node")
	if out, err := exec.Command("go", "build", "-o", node, "../tvix-node").CombinedOutput(); err != nil {
		t.Fatalf("building tvix-node: %v: %s", err, out)
	}
	data := t.TempDir()
	cmd := exec.Command(node, "--data-dir", data, "--api-listen", "127.0.0.1:0", "--no-mdns")
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	sock := filepath.Join(data, "tvix.sock")
	for i := 0; i < 200; i++ { // up to 20 s
		if _, err := os.Stat(sock); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if _, err := os.Stat(sock); err != nil {
		t.Fatalf("tvix-node did not create %s: %s", sock, log.String())
	}

	c := newCLI(t)
	c.store = "grpc+unix:" + sock
	tree := filepath.Join(t.TempDir(), "tree")
	if err := nartest.WriteEdgeCases(tree); err != nil {
		t.Fatal(err)
	}
	sp := strings.TrimSpace(c.ok(nil, "store", "add", tree))
	if want := strings.TrimSpace(string(nixOut(t, "nix-store", "--add", tree))); sp != want {
		t.Fatalf("add over gRPC gave %s, nix-store --add %s", sp, want)
	}
	dump := c.ok(nil, "store", "dump", sp)
	if want := nixOut(t, "nix-store", "--dump", tree); dump != string(want) {
		t.Errorf("dump over gRPC differs from nix-store --dump (%d vs %d bytes)", len(dump), len(want))
	}
	if out := c.ok(nil, "store", "verify", sp); !strings.Contains(out, "1 store paths: 0 problems") {
		t.Errorf("verify over gRPC: %s", out)
	}
	c.fails([]byte("not a NAR at all"), []string{"store", "import-nar", "junk"}, "stdin", "malformed NAR")
	if ps := c.storePaths(); len(ps) != 1 || ps[0] != sp {
		t.Errorf("store paths over gRPC: %v, want [%s]", ps, sp)
	}
}
