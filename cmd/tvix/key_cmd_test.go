package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/store/nixsig"
)

func TestKeyGenerate(t *testing.T) {
	c := newCLI(t)
	pub := strings.TrimSpace(c.ok(nil, "key", "generate", "node-1"))
	keyPath := filepath.Join(c.home, "secret-key")
	b, err := os.ReadFile(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(keyPath)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("secret key mode %v, want 0600", fi.Mode().Perm())
	}
	sk, err := nixsig.ParseSecretKey(string(b))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(pub, "node-1:") || sk.ToPublicKey().String() != pub {
		t.Errorf("printed public key %q does not belong to the written secret key", pub)
	}
	if got := strings.TrimSpace(c.ok(nil, "key", "show")); got != pub {
		t.Errorf("key show printed %q, want %q", got, pub)
	}
	c.fails(nil, []string{"key", "generate", "node-1"}, keyPath, "exists")
	c.fails(nil, []string{"key", "generate", "bad:name", "-o", filepath.Join(c.home, "k2")}, "bad:name")
}

// TestKeyGenerateWorksWithNix signs a store path with nix store sign
// using a key from tvix key generate, and has Nix verify it against the
// public key tvix printed.
func TestKeyGenerateWorksWithNix(t *testing.T) {
	nixtest.RequireNix(t, "nix")
	nixtest.RequireRoot(t)
	c := newCLI(t)
	keyPath := filepath.Join(c.home, "k")
	pub := strings.TrimSpace(c.ok(nil, "key", "generate", "tvix-cli-test", "-o", keyPath))
	tree := filepath.Join(t.TempDir(), "to-sign")
	os.WriteFile(tree, []byte(keyPath), 0o644) // unique content: a fresh path
	sp := strings.TrimSpace(string(nixOut(t, "nix-store", "--add", tree)))
	nix := []string{"nix", "--extra-experimental-features", "nix-command", "--option", "substituters", ""}
	nixOut(t, append(nix, "store", "sign", "--key-file", keyPath, sp)...)
	verify := exec.Command(nix[0], append(nix[1:], "store", "verify", "--no-contents", "--trusted-public-keys", pub, "--sigs-needed", "1", sp)...)
	if out, err := verify.CombinedOutput(); err != nil {
		t.Fatalf("Nix does not accept the signature made with tvix's key %s: %v: %s", pub, err, out)
	}
}

// TestStoreSignMatchesNix signs the same path with the same key in tvix
// and with nix store sign: ed25519 is deterministic, so the signatures
// must be equal.
func TestStoreSignMatchesNix(t *testing.T) {
	nixtest.RequireNix(t, "nix")
	nixtest.RequireRoot(t)
	c := newCLI(t)
	keyPath := filepath.Join(c.home, "k")
	c.ok(nil, "key", "generate", "sign-test", "-o", keyPath)
	tree := filepath.Join(t.TempDir(), "signed-tree")
	os.MkdirAll(tree, 0o755)
	os.WriteFile(filepath.Join(tree, "f"), []byte(keyPath), 0o644) // unique content
	sp := strings.TrimSpace(c.ok(nil, "store", "add", tree))
	c.ok(nil, "store", "sign", "--key-file", keyPath, sp)
	if sp2 := strings.TrimSpace(string(nixOut(t, "nix-store", "--add", tree))); sp2 != sp {
		t.Fatalf("tvix added %s, Nix %s", sp, sp2)
	}
	nix := []string{"nix", "--extra-experimental-features", "nix-command", "--option", "substituters", ""}
	nixOut(t, append(nix, "store", "sign", "--key-file", keyPath, sp)...)
	type info struct {
		Signatures []string `json:"signatures"`
	}
	var ours, theirs []info
	if err := json.Unmarshal([]byte(c.ok(nil, "store", "path-info", "--json", sp)), &ours); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(nixOut(t, append(nix, "path-info", "--json", sp)...), &theirs); err != nil {
		t.Fatal(err)
	}
	if len(ours) != 1 || len(theirs) != 1 || len(ours[0].Signatures) != 1 || len(theirs[0].Signatures) != 1 ||
		ours[0].Signatures[0] != theirs[0].Signatures[0] {
		t.Errorf("tvix signatures %v, Nix's %v", ours, theirs)
	}
	c.fails(nil, []string{"store", "sign", "--key-file", filepath.Join(c.home, "missing"), sp}, "missing")
}
