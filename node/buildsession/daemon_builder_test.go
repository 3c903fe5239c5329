package buildsession_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/eval/instantiate"
	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/node/buildsession"
	"github.com/p2pnix/tvix/node/nixdaemon"
	"github.com/p2pnix/tvix/node/nixdaemon/nixdaemontest"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
)

// serveDaemon serves st with b on a unix socket under dir until the test
// ends and returns the socket's path.
func serveDaemon(t *testing.T, st *store.Store, b nixdaemon.Builder, dir string) string {
	t.Helper()
	cfg := nixdaemon.Config{Store: st, Builder: b, Log: slog.New(slog.NewTextHandler(os.Stderr, nil))}
	return nixdaemontest.Serve(t, cfg, filepath.Join(dir, "daemon.sock"))
}

// TestNix28BuildsThroughDaemon: Nix 2.8's nix-store -r --store unix://
// builds busybox derivations through the daemon protocol in tvix's OCI
// sandboxes: the out paths and NAR hashes are those tvix build gives, the
// build log reaches Nix's stderr, and a failing build fails with Nix's
// message while the daemon goes on serving.
func TestNix28BuildsThroughDaemon(t *testing.T) {
	nixtest.RequireRoot(t)
	nixStore := nixtest.RequireNix(t, "nix-store")
	nixtest.RequireNix(t, "nix")
	tmp := t.TempDir()
	env := nixdaemontest.NixEnv(t, tmp)
	expr := nixdaemontest.WriteBuildsExpr(t, tmp)

	// The client instantiates into a chroot store of its own and copies
	// the .drv closures in; the daemon's store is in memory.
	client := filepath.Join(tmp, "client")
	drvs := map[string]string{}
	for _, attr := range []string{"b", "multi", "fail"} {
		out, stderr, err := nixdaemontest.RunNix(env, "nix-instantiate", "--store", client, expr, "-A", attr)
		if err != nil {
			t.Fatalf("nix-instantiate -A %s: %v\n%s", attr, err, stderr)
		}
		drvs[attr] = strings.TrimSpace(out)
	}
	st := store.NewMemoryStore()
	home := tvixhome.Dir(filepath.Join(tmp, "tvix-home"))
	sock := serveDaemon(t, st, buildsession.NewDaemonBuilder(context.Background(), st, "memory:", home), tmp)
	// root= lets Nix 2.8 read the .drv files, which it reads from the
	// file system of a unix:// store, from the client's chroot.
	remote := "unix://" + sock + "?root=" + client
	for _, d := range drvs {
		if _, stderr, err := nixdaemontest.RunNix(env, "nix", "copy", "--derivation", "--no-check-sigs", "--from", client, "--to", remote, d); err != nil {
			t.Fatalf("nix copy %s: %v\n%s", d, err, stderr)
		}
	}

	// What tvix build gives, in a store of its own.
	ownStore := store.NewMemoryStore()
	own, err := buildsession.NewLocal(ownStore, tvixhome.Dir(filepath.Join(tmp, "own-home")), buildsession.DefaultSettings(), testLog{t})
	if err != nil {
		t.Fatal(err)
	}
	res, err := own.Build(context.Background(), instantiate.Options{Files: []string{expr}, AttrPaths: []string{"b", "multi"}})
	own.Close()
	if err != nil {
		t.Fatalf("tvix build: %v", err)
	}
	want := map[string]string{} // out path -> NAR hash
	for _, r := range res {
		for _, p := range r.Outputs {
			sp, err := nixpath.DefaultStoreDir.Parse(p)
			if err != nil {
				t.Fatal(err)
			}
			info, err := ownStore.PathInfos.Get(context.Background(), sp.Hash)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			want[p] = "sha256-" + base64.StdEncoding.EncodeToString(info.GetNarinfo().GetNarSha256())
		}
	}

	for _, attr := range []string{"b", "multi"} {
		out, stderr, err := nixdaemontest.RunNix(env, nixStore, "--store", remote, "-r", drvs[attr])
		if err != nil {
			t.Fatalf("nix-store -r %s: %v\n%s", drvs[attr], err, stderr)
		}
		paths := strings.Fields(out)
		if attr == "b" && !strings.Contains(stderr, "building a") {
			t.Errorf("nix-store -r %s: the build log is not on stderr:\n%s", drvs[attr], stderr)
		}
		if attr == "multi" && len(paths) != 3 {
			t.Errorf("nix-store -r %s printed %q, want 3 outputs", drvs[attr], paths)
		}
		pathInfo, stderr, err := nixdaemontest.RunNix(env, "nix", append([]string{"path-info", "--store", remote, "--json"}, paths...)...)
		if err != nil {
			t.Fatalf("nix path-info: %v\n%s", err, stderr)
		}
		var infos []struct {
			Path    string `json:"path"`
			NarHash string `json:"narHash"`
		}
		if err := json.Unmarshal([]byte(pathInfo), &infos); err != nil {
			t.Fatal(err)
		}
		for _, pi := range infos {
			if w, ok := want[pi.Path]; !ok {
				t.Errorf("%s: built through the daemon, not by tvix build (which made %v)", pi.Path, slices.Sorted(mapKeys(want)))
			} else if pi.NarHash != w {
				t.Errorf("%s: NAR hash %s through the daemon, %s by tvix build", pi.Path, pi.NarHash, w)
			}
		}
	}

	// A failing build: Nix's message and the log's end, and the daemon
	// serves the next client.
	_, stderr, err := nixdaemontest.RunNix(env, nixStore, "--store", remote, "-r", drvs["fail"])
	if err == nil {
		t.Fatalf("nix-store -r %s succeeded", drvs["fail"])
	}
	if msg := "builder for '" + drvs["fail"] + "' failed with exit code 3"; !strings.Contains(stderr, msg) || !strings.Contains(stderr, "about to fail") {
		t.Errorf("nix-store -r %s: stderr lacks %q and the log:\n%s", drvs["fail"], msg, stderr)
	}
	if _, stderr, err := nixdaemontest.RunNix(env, "nix", "store", "ping", "--store", remote); err != nil {
		t.Errorf("nix store ping after the failure: %v\n%s", err, stderr)
	}
}

func mapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

type testLog struct{ t *testing.T }

func (w testLog) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(b), "\n"))
	return len(b), nil
}
