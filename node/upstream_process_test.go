package node_test

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/p2pnix/tvix/internal/nixtest"
)

// TestUpstreamThroughCluster: both nodes substitute from an upstream cache
// written by Nix 2.8 (xz, signed) and served by nginx; stock Nix gets a
// closure only the upstream has through node 0 with Nix's NAR hashes
// while node 1 is asked for it too, and each NAR is downloaded once for
// the cluster; a farm build whose output the upstream has is not built, and a
// builtin:fetchurl derivation is built by the farm.
func TestUpstreamThroughCluster(t *testing.T) {
	nixtest.RequireRoot(t)
	paths := nixtest.UpstreamClosure(t)
	fod := filepath.Join(t.TempDir(), fmt.Sprintf("upstream-fod-%d.txt", time.Now().UnixNano()))
	if err := os.WriteFile(fod, []byte("only upstream has me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fodHash := nixtest.Run(t, "nix-hash", "--type", "sha256", "--flat", "--base32", fod)
	fodPath := nixtest.Run(t, "nix-store", "--add-fixed", "sha256", fod)
	narHash := map[string]string{}
	for _, p := range append(paths, fodPath) {
		narHash[p] = nixtest.Run(t, "nix-store", "--query", "--hash", p)
	}
	cacheRoot := t.TempDir()
	sk, pk := nixtest.CacheKey(t, t.TempDir(), "office-upstream-1")
	nixtest.NixCopyTo(t, filepath.Join(cacheRoot, "xz"), "xz", sk, paths[0], paths[2], fodPath)
	nixtest.Run(t, "nix-store", "--delete", paths[2], paths[1], paths[0], fodPath)
	ng := nixtest.StartNginx(t, cacheRoot)

	c := startFarmClusterWith(t, 2, func(i int) []string {
		return []string{"--substituters", ng.URL + "/xz", "--trusted-public-keys", pk}
	})
	nodeKey, err := os.ReadFile(filepath.Join(c.procs[0].DataDir, "public-key"))
	if err != nil {
		t.Fatal(err)
	}

	// Stock Nix through node 0 and node 1's binary cache at once.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, p := range paths {
			hashPart := strings.TrimPrefix(p, "/nix/store/")[:32]
			resp, err := http.Get("http://" + c.procs[1].Addr + "/" + hashPart + ".narinfo")
			if err != nil {
				t.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("node 1 does not have %s: %d", p, resp.StatusCode)
			}
		}
	}()
	nixtest.Run(t, "nix-store", "-r", paths[0], paths[2], "--option", "substituters", "http://"+c.procs[0].Addr,
		"--option", "trusted-public-keys", strings.TrimSpace(string(nodeKey)))
	wg.Wait()
	for _, p := range paths {
		if got := nixtest.Run(t, "nix-store", "--query", "--hash", p); got != narHash[p] {
			t.Errorf("%s: NAR hash %s after substitution, %s before", p, got, narHash[p])
		}
	}
	if n := ng.CountRequests("GET /xz/nar/", len(paths)); n != len(paths) {
		t.Errorf("%d NAR downloads from the upstream, want %d:\n%s\n%s", n, len(paths), strings.Join(ng.Requests(""), "\n"), c.logs())
	}

	// A fetchurl whose URL leads nowhere: the farm substitutes its output.
	name := filepath.Base(fod)
	drv := c.instantiateFile(0, nixFile(t, fmt.Sprintf(`import <nix/fetchurl.nix> { url = "file:///nonexistent/%s"; sha256 = "%s"; }`, name, fodHash)))
	res, err := c.build(0, drv)
	if err != nil {
		t.Fatalf("farm build of %s: %v\n%s", drv, err, c.logs())
	}
	if r := res[drv]; r == nil || r.BuiltOn != "" || r.Error != "" {
		t.Errorf("the farm built %s (%v), the upstream has its output", drv, r)
	}

	// builtin:fetchurl through the farm, from node 1.
	real := filepath.Join(t.TempDir(), "fetched-by-the-farm.txt")
	if err := os.WriteFile(real, []byte(fmt.Sprintf("fetched %d\n", time.Now().UnixNano())), 0o644); err != nil {
		t.Fatal(err)
	}
	realHash := nixtest.Run(t, "nix-hash", "--type", "sha256", "--flat", "--base32", real)
	drv = c.instantiateFile(1, nixFile(t, fmt.Sprintf(`import <nix/fetchurl.nix> { url = "file://%s"; sha256 = "%s"; }`, real, realHash)))
	res, err = c.build(1, drv)
	if err != nil {
		t.Fatalf("farm build of %s: %v\n%s", drv, err, c.logs())
	}
	want := nixtest.Run(t, "nix-store", "--print-fixed-path", "sha256", realHash, filepath.Base(real))
	if r := res[drv]; r == nil || r.BuiltOn == "" || r.Outputs["out"] != want {
		t.Errorf("farm build of the fetchurl: %v, want %s built", r, want)
	}
}

// nixFile writes expr to a .nix file of its own.
func nixFile(t *testing.T, expr string) string {
	p := filepath.Join(t.TempDir(), "expr.nix")
	if err := os.WriteFile(p, []byte(expr), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
