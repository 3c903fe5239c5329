package node_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestFarmClientLimits: a client's --timeout and --max-silent-time reach
// a build the node hands to a peer (the entry node builds nothing), which
// fails in Nix's words, and its --cores is the build's NIX_BUILD_CORES;
// --keep-going reports every failure, and without
// it the first failure ends the request while another build still runs.
func TestFarmClientLimits(t *testing.T) {
	c := startFarmClusterWith(t, 2, func(i int) []string {
		if i == 0 {
			return []string{"--max-builds", "0"}
		}
		return []string{"--max-builds", "2"}
	})
	// tvix build through node 0: its stdout, stderr and exit error.
	build := func(salt string, args ...string) (string, string, error) {
		return c.tvixBuild(0, append(append([]string{"--argstr", "salt", salt}, args...), "testdata/farm_limits.nix")...)
	}
	drv := func(salt, attr string) string {
		return c.instantiateFile(0, "testdata/farm_limits.nix", "--argstr", "salt", salt, "-A", attr)
	}
	for _, tc := range []struct{ flag, want string }{
		{"--timeout", "timed out after 1 seconds"},
		{"--max-silent-time", "timed out after 1 seconds of silence"},
	} {
		t.Run(tc.flag, func(t *testing.T) {
			salt := fmt.Sprintf("limit%s-%d", tc.flag, time.Now().UnixNano())
			slow := drv(salt, "slow")
			_, stderr, err := build(salt, tc.flag, "1", "-A", "slow")
			if want := fmt.Sprintf("building of '%s' %s", slow, tc.want); err == nil || !strings.Contains(stderr, want) {
				t.Fatalf("tvix build %s 1: %v, want %q in:\n%s\n%s", tc.flag, err, want, stderr, c.logs())
			}
			if tc.flag == "--timeout" && strings.Contains(stderr, "of silence") {
				t.Errorf("--timeout reported as silence:\n%s", stderr)
			}
		})
	}
	t.Run("--cores", func(t *testing.T) {
		salt := fmt.Sprintf("cores-%d", time.Now().UnixNano())
		out, stderr, err := build(salt, "--cores", "3", "-A", "cores")
		if err != nil {
			t.Fatalf("tvix build --cores 3: %v\n%s", err, stderr)
		}
		if nar := c.dump(0, strings.TrimSpace(out)); !bytes.Contains(nar, []byte("cores=3\n")) {
			t.Errorf("output of %s does not say cores=3: %q", out, nar)
		}
	})
	t.Run("keep-going", func(t *testing.T) {
		salt := fmt.Sprintf("keep-%d", time.Now().UnixNano())
		slow, fail := drv(salt, "slow"), drv(salt, "fail")
		_, stderr, err := build(salt, "-k", "--timeout", "1", "-A", "slow", "-A", "fail")
		if err == nil || !strings.Contains(stderr, fmt.Sprintf("building of '%s' timed out", slow)) || !strings.Contains(stderr, fmt.Sprintf("builder for '%s' failed", fail)) {
			t.Fatalf("tvix build -k: %v, want both failures in:\n%s", err, stderr)
		}
	})
	t.Run("no keep-going", func(t *testing.T) {
		// slow sleeps an hour: the build ends only because fail stops it.
		salt := fmt.Sprintf("stop-%d", time.Now().UnixNano())
		fail := drv(salt, "fail")
		_, stderr, err := build(salt, "-A", "slow", "-A", "fail")
		if err == nil || !strings.Contains(stderr, fmt.Sprintf("builder for '%s' failed", fail)) {
			t.Fatalf("tvix build: %v, want the failure of %s in:\n%s", err, fail, stderr)
		}
	})
}
