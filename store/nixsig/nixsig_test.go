package nixsig

import (
	"encoding/base64"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nix-community/go-nix/pkg/nixhash"
	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store/nixpath"
)

var update = flag.Bool("update", false, "record keys and signatures from Nix into testdata")

const goldenFile = "testdata/nix-signed.json"

var recordOnce sync.Once

// nixPathInfo is the part of `nix path-info --json` this test reads.
type nixPathInfo struct {
	Path       string   `json:"path"`
	NarHash    string   `json:"narHash"`
	NarSize    uint64   `json:"narSize"`
	References []string `json:"references"`
	Signatures []string `json:"signatures"`
}

type golden struct {
	SecretKey string        `json:"secretKey"`
	PublicKey string        `json:"publicKey"`
	Paths     []nixPathInfo `json:"paths"`
}

func nix(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("%s: %v: %s", strings.Join(args, " "), err, stderr)
	}
	return strings.TrimSpace(string(out))
}

// record makes Nix generate a key, add two paths (one with a reference),
// sign them and print their metadata.
func record(t *testing.T) {
	nixtest.RequireNix(t, "nix-store")
	nixtest.RequireRoot(t)
	dir := t.TempDir()
	// Fresh contents each time: Nix keeps the signatures of earlier runs.
	nonce := time.Now().Format(time.RFC3339Nano)
	nix(t, dir, "nix-store", "--generate-binary-cache-key", "tvix-test-1", "sk", "pk")
	if err := os.MkdirAll(filepath.Join(dir, "tree", "d"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "tree", "d", "f"), []byte("signed "+nonce), 0o644); err != nil {
		t.Fatal(err)
	}
	added := nix(t, dir, "nix-store", "--add", "tree")
	withRef := strings.Trim(nix(t, dir, "nix-instantiate", "--read-write-mode", "--eval", "-E",
		`builtins.toFile "with-ref" "see ${builtins.toFile "ref-a" "`+nonce+`"} and ${builtins.toFile "ref-b" "b"}"`), `"`)
	nixCmd := []string{"nix", "--extra-experimental-features", "nix-command", "--option", "substituters", ""}
	nix(t, dir, append(nixCmd, "store", "sign", "--key-file", "sk", added, withRef)...)
	var g golden
	if err := json.Unmarshal([]byte(nix(t, dir, append(nixCmd, "path-info", "--json", added, withRef)...)), &g.Paths); err != nil {
		t.Fatal(err)
	}
	g.SecretKey = nix(t, dir, "cat", "sk")
	g.PublicKey = nix(t, dir, "cat", "pk")
	b, _ := json.MarshalIndent(g, "", "  ")
	if err := os.WriteFile(goldenFile, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

func loadGolden(t *testing.T) golden {
	if *update {
		recordOnce.Do(func() { record(t) })
	}
	b, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatalf("%v (run go test -update as root with Nix installed)", err)
	}
	var g golden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Paths) != 2 {
		t.Fatalf("golden file has %d paths, want 2", len(g.Paths))
	}
	return g
}

// toPathInfo converts Nix's JSON into our PathInfo, with no signatures.
func toPathInfo(t *testing.T, p nixPathInfo) *storev1.PathInfo {
	t.Helper()
	sp, err := nixpath.DefaultStoreDir.Parse(p.Path)
	if err != nil {
		t.Fatal(err)
	}
	h, err := nixhash.ParseAny(p.NarHash, nil)
	if err != nil {
		t.Fatal(err)
	}
	info := &storev1.PathInfo{
		Node:    &castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: &castorev1.SymlinkNode{Name: []byte(sp.Base()), Target: []byte("x")}}},
		Narinfo: &storev1.NARInfo{NarSize: p.NarSize, NarSha256: h.Digest()},
	}
	// Reverse Nix's sorted order so that the fingerprint must sort them.
	for i := len(p.References) - 1; i >= 0; i-- {
		info.Narinfo.ReferenceNames = append(info.Narinfo.ReferenceNames, filepath.Base(p.References[i]))
	}
	return info
}

func TestKeysMatchNix(t *testing.T) {
	g := loadGolden(t)
	sk, err := ParseSecretKey(g.SecretKey + "\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := sk.ToPublicKey().String(); got != g.PublicKey {
		t.Errorf("public key of Nix's secret key: got %s, Nix wrote %s", got, g.PublicKey)
	}
	if sk.String() != g.SecretKey {
		t.Errorf("secret key does not round-trip: %s", sk.String())
	}
}

func TestSignaturesMatchNix(t *testing.T) {
	g := loadGolden(t)
	sk, err := ParseSecretKey(g.SecretKey)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := ParsePublicKey(g.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	sawRefs := false
	for _, p := range g.Paths {
		sawRefs = sawRefs || len(p.References) > 1
		if len(p.Signatures) != 1 {
			t.Fatalf("%s: Nix recorded %d signatures, want 1", p.Path, len(p.Signatures))
		}
		info := toPathInfo(t, p)
		// ed25519 is deterministic: our signature must equal Nix's.
		if err := Sign(nixpath.DefaultStoreDir, sk, info); err != nil {
			t.Fatal(err)
		}
		if got := FormatSignature(info.Narinfo.Signatures[0]); got != p.Signatures[0] {
			t.Errorf("%s: signed %s, Nix signed %s", p.Path, got, p.Signatures[0])
		}
		nixSig, err := ParseSignature(p.Signatures[0])
		if err != nil {
			t.Fatal(err)
		}
		info.Narinfo.Signatures = []*storev1.NARInfo_Signature{nixSig}
		if n, err := Verify(nixpath.DefaultStoreDir, []PublicKey{pk}, info); err != nil || n != 1 {
			t.Errorf("%s: Nix's signature verified %d times (%v), want 1", p.Path, n, err)
		}
		info.Narinfo.NarSize++
		if n, _ := Verify(nixpath.DefaultStoreDir, []PublicKey{pk}, info); n != 0 {
			t.Errorf("%s: signature still verifies after changing narSize", p.Path)
		}
	}
	if !sawRefs {
		t.Error("no recorded path has references; the fingerprint's reference list is untested")
	}
}

func TestSignReplacesSameKeyName(t *testing.T) {
	sk, pk, err := GenerateKey("k")
	if err != nil {
		t.Fatal(err)
	}
	info := &storev1.PathInfo{
		Node:    &castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: &castorev1.SymlinkNode{Name: []byte("fmddawaabs39wljwn6bz44sjlcf4fyb2-t"), Target: []byte("x")}}},
		Narinfo: &storev1.NARInfo{NarSize: 1, NarSha256: make([]byte, 32), Signatures: []*storev1.NARInfo_Signature{{Name: "k", Data: make([]byte, 64)}, {Name: "other", Data: make([]byte, 64)}}},
	}
	if err := Sign(nixpath.DefaultStoreDir, sk, info); err != nil {
		t.Fatal(err)
	}
	if len(info.Narinfo.Signatures) != 2 {
		t.Fatalf("got %d signatures, want 2", len(info.Narinfo.Signatures))
	}
	if n, _ := Verify(nixpath.DefaultStoreDir, []PublicKey{pk}, info); n != 1 {
		t.Errorf("verified %d, want 1", n)
	}
	if _, err := ParseSecretKey("k:" + base64.StdEncoding.EncodeToString(make([]byte, 32))); err == nil {
		t.Error("32-byte secret key accepted")
	}
	if _, _, err := GenerateKey("a:b"); err == nil {
		t.Error("key name with ':' accepted")
	}
}
