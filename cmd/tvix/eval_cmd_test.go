package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/store/storeurl"
)

func TestTakeRootFlags(t *testing.T) {
	defer func() { storeURL, nodeAddr = "", "" }()
	cases := []struct {
		args, rest  []string
		store, node string
	}{
		{[]string{"--store", "memory:", "--eval", "-E", "1"}, []string{"--eval", "-E", "1"}, "memory:", ""},
		{[]string{"--eval", "--store=local:/x", "f.nix"}, []string{"--eval", "f.nix"}, "local:/x", ""},
		{[]string{"--node", "h:1", "-A", "a"}, []string{"-A", "a"}, storeurl.NodeURL("h:1"), "h:1"},
		// Values of the command's own flags stay theirs.
		{[]string{"--arg", "--store", "--node", "-A", "--store", "--store", "s:"}, []string{"--arg", "--store", "--node", "-A", "--store"}, "s:", ""},
		{[]string{"-I", "--node=x", "--", "--store", "y"}, []string{"-I", "--node=x", "--", "--store", "y"}, "", ""},
		{[]string{"--stored", "--nodes"}, []string{"--stored", "--nodes"}, "", ""},
	}
	for _, tc := range cases {
		storeURL, nodeAddr = "", ""
		rest, err := takeRootFlags(tc.args, instantiateValued)
		if err != nil || !slices.Equal(rest, tc.rest) || storeURL != tc.store || nodeAddr != tc.node {
			t.Errorf("%q: rest %q store %q node %q (%v), want %q %q %q", tc.args, rest, storeURL, nodeAddr, err, tc.rest, tc.store, tc.node)
		}
	}
	for _, bad := range [][]string{{"-A", "a", "--store"}, {"--store", "memory:", "--node", "h:1"}} {
		storeURL, nodeAddr = "", ""
		if _, err := takeRootFlags(bad, instantiateValued); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestInstantiateRootFlags: --store and --node work before and after the
// command name of instantiate (which parses its own flags) and of eval;
// the .drv nix-instantiate prints lands in the store they name.
func TestInstantiateRootFlags(t *testing.T) {
	f, _ := filepath.Abs("../../eval/testdata/derivations/outputs.nix")
	out, err := exec.Command(nixtest.RequireNix(t, "nix-instantiate"), f).Output()
	if err != nil {
		t.Fatalf("nix-instantiate: %v", err)
	}
	want := string(out)
	drv := strings.SplitN(strings.Fields(want)[0], "!", 2)[0]
	env := []string{"TVIX_HOME=" + t.TempDir()}
	for i, args := range [][]string{
		{"--store", "STORE", "instantiate", f},
		{"instantiate", f, "--store=STORE"},
		{"instantiate", "--store", "STORE", "--arg", "unused", "1", f},
	} {
		c := newCLI(t)
		args = slices.Clone(args)
		for j, a := range args {
			args[j] = strings.ReplaceAll(a, "STORE", c.store)
		}
		if got := tvixEnvOK(t, env, args...); got != want {
			t.Errorf("%q printed %q, nix-instantiate %q", args, got, want)
		}
		if _, stderr, code := c.run(nil, "store", "path-info", drv); code != 0 {
			t.Errorf("case %d: %s is not in the --store store: %s", i, drv, stderr)
		}
	}
	n := startTestNode(t, t.TempDir())
	for _, args := range [][]string{{"--node", n.addr, "instantiate", f}, {"instantiate", "--node", n.addr, f}} {
		if got := tvixEnvOK(t, env, args...); got != want {
			t.Errorf("%q printed %q, nix-instantiate %q", args, got, want)
		}
	}
	if got := tvixEnvOK(t, env, "--node", n.addr, "store", "path-info", drv); strings.TrimSpace(got) != drv {
		t.Errorf("the node's store lacks %s: %q", drv, got)
	}
	// Reading: eval and instantiate --eval find a file that is only in
	// --node's store.
	src := filepath.Join(t.TempDir(), "only-in-node")
	if err := os.WriteFile(src, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	sp := strings.TrimSpace(tvixEnvOK(t, env, "--node", n.addr, "store", "add", src))
	expr := "builtins.readFile " + sp
	for _, args := range [][]string{
		{"instantiate", "--eval", "-E", expr, "--node", n.addr},
		{"--node", n.addr, "instantiate", "--eval", "-E", expr},
		{"--node", n.addr, "eval", "-E", expr},
		{"eval", "-E", expr, "--node", n.addr},
	} {
		if got := tvixEnvOK(t, env, args...); got != strconv.Quote(src)+"\n" {
			t.Errorf("%q printed %q", args, got)
		}
	}
	if _, stderr, code := tvixEnv(t, env, "instantiate", "--store", "memory:", "--node", n.addr, f); code != 1 || !strings.Contains(stderr, "--node") {
		t.Errorf("--store with --node: exit %d, %s", code, stderr)
	}
}
