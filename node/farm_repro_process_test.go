package node_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/internal/nixtest"
)

var recordNixCheck = flag.Bool("record-nix-check", false, "re-record "+nixCheckFile+" by running nix-build --check (Nix 2.8) on a nondeterministic derivation")

// nixCheckFile holds Nix's error for a --check whose output differs, its
// paths replaced by {drv} and {out}.
const nixCheckFile = "testdata/nix_check_differs.txt"

// recordNixCheckWording builds farm_repro.nix's differs with Nix 2.8 and
// checks it, keeping the error line of the failed check.
func recordNixCheckWording(t *testing.T) {
	nixBuild := nixtest.RequireNix(t, "nix-build")
	salt := fmt.Sprintf("record-%d", time.Now().UnixNano())
	args := []string{"--no-out-link", "testdata/farm_repro.nix", "--argstr", "salt", salt, "-A", "differs"}
	out, err := exec.Command(nixBuild, args...).Output()
	if err != nil {
		t.Fatalf("nix-build: %v", err)
	}
	outPath := strings.TrimSpace(string(out))
	drvOut, err := exec.Command(nixtest.RequireNix(t, "nix-instantiate"), args[1:]...).Output()
	if err != nil {
		t.Fatalf("nix-instantiate: %v", err)
	}
	drv := strings.TrimSpace(string(drvOut))
	var stderr bytes.Buffer
	cmd := exec.Command(nixBuild, append([]string{"--check"}, args...)...)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil {
		t.Fatal("nix-build --check of a nondeterministic derivation passed")
	}
	for _, l := range strings.Split(stderr.String(), "\n") {
		if strings.HasPrefix(l, "error: ") {
			l = strings.ReplaceAll(strings.ReplaceAll(l, drv, "{drv}"), outPath, "{out}")
			if err := os.WriteFile(nixCheckFile, []byte(l+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("no error line in nix-build --check's output:\n%s", stderr.String())
}

// nixCheckWording is Nix's error, as recorded, for drv's output out.
func nixCheckWording(t *testing.T, drv, out string) string {
	b, err := os.ReadFile(nixCheckFile)
	if err != nil {
		t.Fatal(err)
	}
	l := strings.TrimPrefix(strings.TrimSpace(string(b)), "error: ")
	return strings.ReplaceAll(strings.ReplaceAll(l, "{drv}", drv), "{out}", out)
}

// tvixBuild runs tvix build through node i with args, in a home of its
// own; it returns stdout, stderr and the exit error.
func (c *farmCluster) tvixBuild(i int, args ...string) (string, string, error) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), farmBuildTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.tvix, append([]string{"build", "--node", c.procs[i].Addr, "--no-out-link"}, args...)...)
	cmd.Env = append(os.Environ(), "TVIX_HOME="+c.t.TempDir(), "TVIX_STORE=", "TVIX_NODE=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		c.t.Fatalf("tvix build %v did not end:\n%s\n%s", args, stderr.String(), c.logs())
	}
	return stdout.String(), stderr.String(), err
}

// checkCounts reads node i's reproducibility check counters from /metrics.
func (c *farmCluster) checkCounts(i int) (same, differs int) {
	c.t.Helper()
	resp, err := http.Get("http://" + c.procs[i].Addr + "/metrics")
	if err != nil {
		c.t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		c.t.Fatal(err)
	}
	for _, l := range strings.Split(string(body), "\n") {
		k, v, _ := strings.Cut(l, " ")
		n, _ := strconv.Atoi(v)
		switch k {
		case `tvix_reproducibility_checks_total{result="reproducible"}`:
			same = n
		case `tvix_reproducibility_checks_total{result="not_reproducible"}`:
			differs = n
		}
	}
	return same, differs
}

// waitCheckCounts waits until node i's counters reach same and differs.
func (c *farmCluster) waitCheckCounts(i, same, differs int) {
	c.t.Helper()
	deadline := time.Now().Add(farmBuildTimeout)
	for {
		s, d := c.checkCounts(i)
		if s == same && d == differs {
			return
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("node %d counts %d reproducible, %d not; want %d and %d\n%s", i, s, d, same, differs, c.logs())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestFarmCheckReproducible: with two tvix-node processes, tvix build
// --check-reproducible passes a deterministic derivation and fails one
// that writes random bytes, in Nix's words (recorded from Nix 2.8),
// naming the file that differs and not the one that does not. Node 0 also
// checks every ordinary build (check-reproducible = 1 in its node.toml):
// those builds succeed and /metrics counts each check's outcome.
func TestFarmCheckReproducible(t *testing.T) {
	if *recordNixCheck {
		recordNixCheckWording(t)
	}
	c := startFarmClusterWith(t, 2, func(i int) []string {
		if i > 0 {
			return nil
		}
		cfg := t.TempDir() + "/node.toml"
		if err := os.WriteFile(cfg, []byte("check-reproducible = 1.0\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return []string{"--config", cfg}
	})
	file := "testdata/farm_repro.nix"
	outPath := func(salt, attr string) string {
		t.Helper()
		cmd := exec.Command(c.tvix, "instantiate", "--eval", "--argstr", "salt", salt, "-A", attr+".outPath", file)
		cmd.Env = append(os.Environ(), "TVIX_HOME="+t.TempDir())
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("tvix instantiate --eval: %v", err)
		}
		return strings.Trim(strings.TrimSpace(string(out)), `"`)
	}
	same, differs := 0, 0

	t.Run("deterministic", func(t *testing.T) {
		salt := fmt.Sprintf("det-%d", time.Now().UnixNano())
		out, stderr, err := c.tvixBuild(0, "--check-reproducible", "--argstr", "salt", salt, "-A", "same", file)
		if err != nil {
			t.Fatalf("tvix build --check-reproducible: %v\n%s\n%s", err, stderr, c.logs())
		}
		if strings.TrimSpace(out) != outPath(salt, "same") {
			t.Errorf("printed %q, want the output %s", out, outPath(salt, "same"))
		}
		same++
		c.waitCheckCounts(0, same, differs)
	})

	t.Run("nondeterministic", func(t *testing.T) {
		salt := fmt.Sprintf("nondet-%d", time.Now().UnixNano())
		drv := c.instantiateFile(0, file, "--argstr", "salt", salt, "-A", "differs")
		out := outPath(salt, "differs")
		_, stderr, err := c.tvixBuild(0, "--check-reproducible", "--argstr", "salt", salt, "-A", "differs", file)
		if err == nil {
			t.Fatalf("tvix build --check-reproducible of a nondeterministic derivation passed:\n%s", stderr)
		}
		t.Logf("tvix build --check-reproducible: %v\n%s", err, stderr)
		if want := nixCheckWording(t, drv, out); !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks Nix's %q:\n%s", want, stderr)
		}
		if want := "\n  " + out + "/random: content"; !strings.Contains(stderr, want) {
			t.Errorf("stderr does not name the differing file (%q):\n%s", want, stderr)
		}
		if strings.Contains(stderr, out+"/same") {
			t.Errorf("stderr names a file that does not differ:\n%s", stderr)
		}
		differs++
		c.waitCheckCounts(0, same, differs)
	})

	t.Run("share", func(t *testing.T) {
		// Ordinary builds through node 0 are all checked; they do not
		// fail when the check does.
		salt := fmt.Sprintf("share-%d", time.Now().UnixNano())
		for _, attr := range []string{"same", "differs"} {
			if _, stderr, err := c.tvixBuild(0, "--argstr", "salt", salt, "-A", attr, file); err != nil {
				t.Fatalf("tvix build -A %s: %v\n%s", attr, err, stderr)
			}
		}
		same++
		differs++
		c.waitCheckCounts(0, same, differs)
		// Node 1 checks nothing of its own.
		if s, d := c.checkCounts(1); s != 0 || d != 0 {
			t.Errorf("node 1 counts %d and %d checks, want none", s, d)
		}
	})
}

// TestFarmCheckNeedsTwoPeers: a lone node cannot check reproducibility
// and says so; without a node tvix build refuses the flag.
func TestFarmCheckNeedsTwoPeers(t *testing.T) {
	c := startFarmCluster(t, 1)
	file := "testdata/farm_repro.nix"
	salt := fmt.Sprintf("lone-%d", time.Now().UnixNano())
	_, stderr, err := c.tvixBuild(0, "--check-reproducible", "--argstr", "salt", salt, "-A", "same", file)
	if err == nil || !strings.Contains(stderr, "is reproducible needs two peers that build") {
		t.Errorf("a check on one node: %v, want the two-peers error in:\n%s", err, stderr)
	}
	cmd := exec.Command(c.tvix, "build", "--no-out-link", "--check-reproducible", "--argstr", "salt", salt, "-A", "same", file)
	cmd.Env = append(os.Environ(), "TVIX_HOME="+t.TempDir(), "TVIX_STORE=", "TVIX_NODE=")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "--check-reproducible builds each derivation on two peers of a node's farm") {
		t.Errorf("without a node: %v, want the needs-a-node error in:\n%s", err, out)
	}
}
