package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/node/nixdaemon/nixdaemontest"
)

// remoteBuildAttrs are the attributes of nixdaemontest.WriteBuildsExpr's
// file that build.
var remoteBuildAttrs = []string{"-A", "c", "-A", "fan", "-A", "multi", "-A", "fod"}

// builtInfo is what a built output must have wherever it was built: the
// deriver is left out, since through a node the outputs of a derivation
// sent inline name the .drv the node wrote for it.
type builtInfo struct {
	Path, NarHash, CA string
	NarSize           uint64
	References        []string
}

func builtInfos(infos []sshPathInfo) []builtInfo {
	out := make([]builtInfo, len(infos))
	for i, pi := range infos {
		out[i] = builtInfo{Path: pi.Path, NarHash: pi.NarHash, CA: pi.CA, NarSize: pi.NarSize, References: pi.References}
	}
	return out
}

// TestNixBuildsOverSSH: stock nix-build, with a store of its own, no
// local build slots and tvix nix-daemon as an ssh-ng:// remote builder
// through a real sshd, builds a chain, a fan-out, a derivation with
// outputs referring to each other and a fixed-output derivation: the out
// paths, NAR hashes, sizes and references in its store are those of a
// local nix-build --option sandbox true. A failing build fails nix-build
// with the builder's log and exit code. The remote side builds in
// sandboxes of its own ("here", Nix 2.8), or hands the builds to a farm
// of two nodes whose entry node has no build slots, so its peer runs
// them ("farm": Nix 2.26 from its chroot, then Nix 2.8, which finds the
// outputs in the farm).
func TestNixBuildsOverSSH(t *testing.T) {
	nixtest.RequireNix(t, "nix-build")
	nixtest.RequireRoot(t) // chroot stores, sandboxes, sshd
	sshd := startSSHD(t)
	bin := tvixBinary(t)
	tmp := t.TempDir()
	expr := nixdaemontest.WriteBuildsExpr(t, tmp)
	busybox := []string{"--arg", "busybox", filepath.Join(tmp, "busybox", "busybox")}
	nix28 := newSSHNixClient(t, tmp, sshd.SSHOpts)

	local := filepath.Join(tmp, "local")
	out, _ := nix28.run("nix-build", append(append([]string{"--store", local, "--option", "sandbox", "true", "--no-out-link", expr}, busybox...), remoteBuildAttrs...)...)
	outs := strings.Fields(out)
	if len(outs) != 4 {
		t.Fatalf("local nix-build printed %q, want 4 out paths", out)
	}
	want := builtInfos(nix28.pathInfos(local, outs...))

	remote := func(program ...string) string {
		return "ssh-ng://root@127.0.0.1?remote-program=" + strings.Join(program, "%20") // Nix adds --stdio
	}
	// check builds with c through builders; the failing build shows its
	// log also when the farm remembers the failure from an earlier request.
	check := func(t *testing.T, c *sshNixClient, builders string) {
		client := filepath.Join(t.TempDir(), "client")
		args := append([]string{"--store", client, "--max-jobs", "0", "--builders", builders, "--no-out-link", expr}, busybox...)
		out, _ := c.run("nix-build", append(args, remoteBuildAttrs...)...)
		if got := strings.Fields(out); !reflect.DeepEqual(got, outs) {
			t.Errorf("nix-build with remote builds printed %q, the local one %q", got, outs)
		}
		// Nix 2.8 reads the path infos of both clients' stores.
		if got := builtInfos(nix28.pathInfos(client, outs...)); !reflect.DeepEqual(got, want) {
			t.Errorf("path-info after remote builds\n got %+v\nwant %+v", got, want)
		}
		_, stderr, err := c.try("nix-build", append(args, "-A", "fail")...)
		if err == nil || !strings.Contains(stderr, "about to fail") || !strings.Contains(stderr, "failed with exit code 3") {
			t.Errorf("nix-build -A fail with remote builds: err %v, stderr:\n%s", err, stderr)
		}
	}

	t.Run("here", func(t *testing.T) {
		check(t, nix28, remote("env", "TVIX_HOME="+filepath.Join(tmp, "tvix-home"), bin, "nix-daemon"))
	})
	t.Run("farm", func(t *testing.T) {
		psk := filepath.Join(t.TempDir(), "swarm.key")
		if err := os.WriteFile(psk, []byte(tvixEnvOK(t, nil, "cluster", "new-psk")), 0o600); err != nil {
			t.Fatal(err)
		}
		entry := startClusterNode(t, "--psk-file", psk, "--max-builds", "-1")
		startClusterNode(t, "--psk-file", psk, "--join", entry.addr)
		waitFor(t, "the second node joins the farm", func() bool {
			return len(clusterPeers(t, entry.addr)) == 1
		})
		builders := remote("env", "TVIX_HOME="+filepath.Join(t.TempDir(), "home"), bin, "nix-daemon", "--node", filepath.Join(entry.DataDir, "tvix.sock"))
		nix226 := *nix28
		nix226.wrap = []string{nixdaemontest.Nix226(t)}
		check(t, &nix226, builders)
		check(t, nix28, builders)
	})
}
