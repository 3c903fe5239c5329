package node_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/node/nixdaemon/nixdaemontest"
)

// nixActivity is an activity start of Nix's internal-json log format.
type nixActivity struct {
	Action string `json:"action"`
	Type   int    `json:"type"`
	Fields []any  `json:"fields"`
}

// buildActivities returns the first field (the derivation) of each
// actBuild activity (type 105) nix's internal-json stderr starts.
func buildActivities(stderr string) []string {
	var drvs []string
	for _, line := range strings.Split(stderr, "\n") {
		rest, ok := strings.CutPrefix(line, "@nix ")
		if !ok {
			continue
		}
		var a nixActivity
		if json.Unmarshal([]byte(rest), &a) == nil && a.Action == "start" && a.Type == 105 && len(a.Fields) > 0 {
			if d, ok := a.Fields[0].(string); ok {
				drvs = append(drvs, d)
			}
		}
	}
	return drvs
}

// TestNixBuildsThroughNodeSocket: stock Nix 2.8 copies derivations to
// the node's nix-daemon.sock and builds them there with nix-store -r
// --store, the node handing the builds to a peer: a build that prints nothing still shows as a build activity in
// --log-format internal-json, --cores reaches NIX_BUILD_CORES,
// --option timeout and --max-silent-time end a sleeping build with Nix's
// words, and asking twice for a failing derivation shows its log both
// times, as nix-daemon, which builds it again, does.
func TestNixBuildsThroughNodeSocket(t *testing.T) {
	nixtest.RequireNix(t, "nix-build")
	c := startFarmClusterWith(t, 2, func(i int) []string {
		if i == 0 {
			return []string{"--max-builds", "0"}
		}
		return []string{"--max-builds", "2"}
	})
	store := "unix://" + tvixhome.Dir(c.procs[0].DataDir).NixDaemonSocket()
	tmp := t.TempDir()
	env := nixdaemontest.NixEnv(t, tmp)
	client := filepath.Join(tmp, "client")
	// run runs a Nix command with a deadline; it fails the test unless
	// the command ran and exited (with okExit, with status 0).
	run := func(okExit bool, name string, args ...string) (string, string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), farmBuildTimeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Env = env
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		if _, exited := err.(*exec.ExitError); ctx.Err() != nil || (err != nil && (okExit || !exited)) {
			t.Fatalf("%s %s: %v\n%s\n%s", name, strings.Join(args, " "), err, stderr.String(), c.logs())
		}
		return stdout.String(), stderr.String(), err
	}
	// realise instantiates attr with salt in a store of the client's,
	// copies the .drv closure to the node and runs nix-store -r of it
	// through the node; it returns the .drv and nix-store's output.
	realise := func(salt, attr string, args ...string) (drv, stdout, stderr string, err error) {
		drv, _, _ = run(true, "nix-instantiate", "--store", client, "--argstr", "salt", salt, "-A", attr, "testdata/farm_limits.nix")
		drv = strings.TrimSpace(drv)
		run(true, "nix", "copy", "--derivation", "--no-check-sigs", "--from", client, "--to", store, drv)
		stdout, stderr, err = run(false, "nix-store", append([]string{"--store", store, "-r", drv}, args...)...)
		return drv, stdout, stderr, err
	}
	salt := func(name string) string { return fmt.Sprintf("%s-%d", name, time.Now().UnixNano()) }

	t.Run("quiet build activity and cores", func(t *testing.T) {
		s := salt("cores")
		drv, _, _ := run(true, "nix-instantiate", "--store", client, "--argstr", "salt", s, "-A", "cores", "testdata/farm_limits.nix")
		drv = strings.TrimSpace(drv)
		run(true, "nix", "copy", "--derivation", "--no-check-sigs", "--from", client, "--to", store, drv)
		// Nix 2.8 takes a unix:// store's directory for its own: after the
		// build nix-store -r reads the .drv at /nix/store to print the
		// outputs, which are read from the client's store instead.
		_, stderr, _ := run(false, "nix-store", "--store", store, "-r", drv, "--cores", "3", "--log-format", "internal-json")
		out, _, _ := run(true, "nix-store", "--store", client, "-q", "--outputs", drv)
		if drvs := buildActivities(stderr); len(drvs) != 1 || drvs[0] != drv {
			t.Errorf("build activities %q, want the one of %s; stderr:\n%s", drvs, drv, stderr)
		}
		if nar := c.dump(0, strings.TrimSpace(out)); !strings.Contains(string(nar), "cores=3\n") {
			t.Errorf("output %s does not say cores=3: %q", out, nar)
		}
	})
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--option", "timeout", "2"}, "timed out after 2 seconds"},
		{[]string{"--max-silent-time", "2"}, "timed out after 2 seconds of silence"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			s := salt("limit")
			drv, _, stderr, err := realise(s, "slow", tc.args...)
			if want := fmt.Sprintf("building of '%s' %s", drv, tc.want); err == nil || !strings.Contains(stderr, want) {
				t.Fatalf("nix-store -r %v of slow: %v, want %q in:\n%s", tc.args, err, want, stderr)
			}
			if tc.args[0] == "--option" && strings.Contains(stderr, "of silence") {
				t.Errorf("timeout reported as silence:\n%s", stderr)
			}
		})
	}
	t.Run("failure asked twice", func(t *testing.T) {
		s := salt("fail")
		for i := range 2 {
			_, _, stderr, err := realise(s, "fail")
			if err == nil || !strings.Contains(stderr, "failing") || !strings.Contains(stderr, "failed with exit code 1") {
				t.Errorf("nix-store -r of fail, request %d: %v, want the log and the exit code in:\n%s", i+1, err, stderr)
			}
		}
	})
}
