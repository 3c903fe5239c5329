package buildsession_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

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

// newNixClient returns, for a Nix 2.8 client, a temporary directory, an
// environment keeping its files there, the path of nix-store, the test
// derivations' file and a chroot store of the client's own.
func newNixClient(t *testing.T) (tmp string, env []string, nixStore, expr, client string) {
	t.Helper()
	nixtest.RequireRoot(t)
	nixStore = nixtest.RequireNix(t, "nix-store")
	nixtest.RequireNix(t, "nix")
	tmp = t.TempDir()
	env = nixdaemontest.NixEnv(t, tmp)
	return tmp, env, nixStore, nixdaemontest.WriteBuildsExpr(t, tmp), filepath.Join(tmp, "client")
}

// TestNix28BuildsThroughDaemon: Nix 2.8's nix-store -r --store unix://
// builds busybox derivations through the daemon protocol in tvix's OCI
// sandboxes: the out paths and NAR hashes are those tvix build gives, the
// build log reaches Nix's stderr, and a failing build fails with Nix's
// message while the daemon goes on serving.
func TestNix28BuildsThroughDaemon(t *testing.T) {
	tmp, env, nixStore, expr, client := newNixClient(t)

	// The client instantiates into a chroot store of its own and copies
	// the .drv closures in; the daemon's store is in memory.
	drvs := map[string]string{}
	for _, attr := range []string{"b", "multi", "fail"} {
		drvs[attr] = strings.TrimSpace(nixdaemontest.RunNixOK(t, env, "nix-instantiate", "--store", client, expr, "-A", attr))
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

// chanWriter sends each write to a channel, dropping it when the
// channel is full.
type chanWriter chan string

func (c chanWriter) Write(b []byte) (int, error) {
	select {
	case c <- string(b):
	default:
	}
	return len(b), nil
}

// TestClientKilledMidBuild: a Nix client killed while the daemon builds
// for it (nix-store -r of a build that writes part of its output, then
// logs a line a second) ends the build: the daemon notices when the next
// log line cannot be sent, the session ends, no output path is
// registered, and the daemon serves the next client.
func TestClientKilledMidBuild(t *testing.T) {
	tmp, env, nixStore, expr, client := newNixClient(t)
	drv := strings.TrimSpace(nixdaemontest.RunNixOK(t, env, "nix-instantiate", "--store", client, expr, "-A", "tick"))
	outPath, err := nixpath.DefaultStoreDir.Parse(strings.TrimSpace(nixdaemontest.RunNixOK(t, env, nixStore, "--store", client, "-q", "--outputs", drv)))
	if err != nil {
		t.Fatal(err)
	}

	st := store.NewMemoryStore()
	ended := make(chanWriter, 16)
	sock := nixdaemontest.Serve(t, nixdaemon.Config{
		Store:   st,
		Builder: buildsession.NewDaemonBuilder(context.Background(), st, "memory:", tvixhome.Dir(filepath.Join(tmp, "tvix-home"))),
		Log:     slog.New(slog.NewTextHandler(ended, nil)),
	}, filepath.Join(tmp, "daemon.sock"))
	remote := "unix://" + sock + "?root=" + client
	if _, stderr, err := nixdaemontest.RunNix(env, "nix", "copy", "--derivation", "--no-check-sigs", "--from", client, "--to", remote, drv); err != nil {
		t.Fatalf("nix copy %s: %v\n%s", drv, err, stderr)
	}

	cmd := exec.Command(nixStore, "--store", remote, "-r", drv)
	cmd.Env = env
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ticked := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "tick 1") {
				close(ticked)
				break
			}
		}
		io.Copy(io.Discard, pipe)
	}()
	select {
	case <-ticked:
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("the build's log did not reach the client within 2 minutes")
	}
	cmd.Process.Kill()
	cmd.Wait()

	select {
	case msg := <-ended:
		if !strings.Contains(msg, "nix daemon connection failed") {
			t.Errorf("the daemon logged %q", msg)
		}
	case <-time.After(time.Minute):
		t.Fatal("the daemon's session did not end within a minute of the client's death")
	}
	if _, err := st.PathInfos.Get(context.Background(), outPath.Hash); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("%s after the client died: %v, want not found", outPath.Base(), err)
	}
	if _, stderr, err := nixdaemontest.RunNix(env, "nix", "store", "ping", "--store", remote); err != nil {
		t.Errorf("nix store ping after the client died: %v\n%s", err, stderr)
	}
}
