package nixdaemon_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/node/nixdaemon"
	"github.com/p2pnix/tvix/node/nixdaemon/nixdaemontest"
	"github.com/p2pnix/tvix/store"
)

// daemon serves st on a unix socket in a temporary directory for the
// test's lifetime and returns the socket's path.
func daemon(t *testing.T, st *store.Store) string {
	t.Helper()
	return daemonWith(t, st, nil)
}

// daemonWith is daemon with builds carried out by b.
func daemonWith(t *testing.T, st *store.Store, b nixdaemon.Builder) string {
	t.Helper()
	return nixdaemontest.Serve(t, nixdaemon.Config{
		Store:   st,
		Builder: b,
		Log:     slog.New(slog.NewTextHandler(testWriter{t}, nil)),
	}, filepath.Join(t.TempDir(), "nix-daemon.sock"))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(b), "\n"))
	return len(b), nil
}

// pathInfo is the part of nix path-info --json that must survive a copy.
type pathInfo struct {
	Path       string   `json:"path"`
	NarHash    string   `json:"narHash"`
	NarSize    uint64   `json:"narSize"`
	References []string `json:"references"`
	Deriver    string   `json:"deriver"`
	CA         string   `json:"ca"`
}

func pathInfos(t *testing.T, env []string, storeURL string, paths ...string) []pathInfo {
	t.Helper()
	out := nixdaemontest.RunNixOK(t, env, "nix", append([]string{"path-info", "--store", storeURL, "--json", "--recursive"}, paths...)...)
	var infos []pathInfo
	if err := json.Unmarshal([]byte(out), &infos); err != nil {
		t.Fatalf("nix path-info --json: %v\n%s", err, out)
	}
	for i := range infos {
		sort.Strings(infos[i].References)
	}
	sort.Slice(infos, func(i, j int) bool { return infos[i].Path < infos[j].Path })
	return infos
}

// closureExpr makes a closure with references without building
// anything: text files written by builtins.toFile refer to the paths in
// their strings' context.
const closureExpr = `
let
  src = builtins.path { path = ./src; name = "src"; };
  a = builtins.toFile "a" "a refers to ${src}";
in builtins.toFile "b" "b refers to ${a} and ${src}"
`

func TestNix28Client(t *testing.T) {
	nixtest.RequireNix(t, "nix")
	nixtest.RequireRoot(t) // a chroot store (--store DIR) needs root
	tmp := t.TempDir()
	env := nixdaemontest.NixEnv(t, tmp)
	sock := daemon(t, store.NewMemoryStore())
	remote := "unix://" + sock

	out, stderr, err := nixdaemontest.RunNix(env, "nix", "store", "ping", "--store", remote)
	if err != nil || !strings.Contains(out+stderr, "Store URL: "+remote) {
		t.Errorf("nix store ping: %v: %q %q", err, out, stderr)
	}

	// A client store of its own, under tmp.
	client := filepath.Join(tmp, "client")
	if err := os.MkdirAll(filepath.Join(tmp, "expr", "src"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "expr", "src", "file"), []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	expr := filepath.Join(tmp, "expr", "default.nix")
	if err := os.WriteFile(expr, []byte(closureExpr), 0o644); err != nil {
		t.Fatal(err)
	}
	drv := strings.Trim(strings.TrimSpace(nixdaemontest.RunNixOK(t, env, "nix-instantiate", "--store", client, "--eval", "--read-write-mode", expr)), `"`)
	want := pathInfos(t, env, client, drv)
	if len(want) != 3 {
		t.Fatalf("closure of %s: %d paths, want 3: %+v", drv, len(want), want)
	}

	nixdaemontest.RunNixOK(t, env, "nix", "copy", "--no-check-sigs", "--from", client, "--to", remote, drv)
	if got := pathInfos(t, env, remote, drv); !equalInfos(got, want) {
		t.Errorf("after nix copy --to: path-info on the daemon\n got %+v\nwant %+v", got, want)
	}

	// Nix 2.8's unix:// store reads NARs from the file system instead of
	// asking the daemon (UDSRemoteStore is a LocalFSStore), so nix copy
	// --from cannot read back through it: NarFromPath is checked with the
	// test's client against the NAR hashes Nix computed.
	for _, pi := range want {
		c := dial(t, sock, nixdaemon.ServerVersion)
		nar := c.narFromPath(pi.Path)
		sum := sha256.Sum256(nar)
		if got := "sha256-" + base64.StdEncoding.EncodeToString(sum[:]); got != pi.NarHash || uint64(len(nar)) != pi.NarSize {
			t.Errorf("NarFromPath %s: %s (%d bytes), Nix has %s (%d bytes)", pi.Path, got, len(nar), pi.NarHash, pi.NarSize)
		}
		c.close()
	}

	// nix-store -r of a valid path succeeds; of a missing one, it fails
	// with Nix's message.
	src := ""
	for _, pi := range want {
		if strings.HasSuffix(pi.Path, "-src") {
			src = pi.Path
		}
	}
	if out := nixdaemontest.RunNixOK(t, env, "nix-store", "--store", remote, "-r", src); strings.TrimSpace(out) != src {
		t.Errorf("nix-store -r %s: %q", src, out)
	}
	missing := "/nix/store/00000000000000000000000000000000-missing"
	if _, stderr, err := nixdaemontest.RunNix(env, "nix-store", "--store", remote, "-r", missing); err == nil || !strings.Contains(stderr, "no substituter") {
		t.Errorf("nix-store -r %s: err %v, stderr %q", missing, err, stderr)
	}
}

func equalInfos(a, b []pathInfo) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Path != b[i].Path || a[i].NarHash != b[i].NarHash || a[i].NarSize != b[i].NarSize ||
			a[i].Deriver != b[i].Deriver || a[i].CA != b[i].CA || strings.Join(a[i].References, " ") != strings.Join(b[i].References, " ") {
			return false
		}
	}
	return true
}
