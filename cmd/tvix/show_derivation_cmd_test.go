package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
)

// TestShowDerivationMatchesNix instantiates corpus expressions with
// nix-instantiate and tvix instantiate, then compares tvix
// show-derivation's output, with and without -r, with nix
// show-derivation's for every drv path printed.
func TestShowDerivationMatchesNix(t *testing.T) {
	nixInst := nixtest.RequireNix(t, "nix-instantiate")
	nix := nixtest.RequireNix(t, "nix")
	c := newCLI(t)
	for _, name := range []string{"outputs.nix", "fixed.nix", "discard.nix", "fetch.nix", "paths.nix"} {
		f, _ := filepath.Abs(filepath.Join("../../eval/testdata/derivations", name))
		want, err := exec.Command(nixInst, f).Output()
		if err != nil {
			t.Fatalf("nix-instantiate %s: %v", name, err)
		}
		// instantiate parses its own flags: the store comes from the environment.
		got := tvixEnvOK(t, []string{"TVIX_STORE=" + c.store, "TVIX_HOME=" + c.home}, "instantiate", f)
		if got != string(want) {
			t.Fatalf("%s: tvix instantiate printed %q, nix-instantiate %q", name, got, want)
		}
		var drvs []string
		for _, l := range strings.Fields(got) {
			drvs = append(drvs, strings.SplitN(l, "!", 2)[0])
		}
		for _, args := range [][]string{drvs[:1], drvs, append([]string{"-r"}, drvs...)} {
			nixOut, err := exec.Command(nix, append([]string{"--extra-experimental-features", "nix-command", "show-derivation"}, args...)...).Output()
			if err != nil {
				t.Fatalf("nix show-derivation %v: %v", args, err)
			}
			if out := c.ok(nil, append([]string{"show-derivation"}, args...)...); out != string(nixOut) {
				t.Errorf("%s: show-derivation %v:\n got %s\nwant %s", name, args, out, nixOut)
			}
		}
	}
	c.fails(nil, []string{"show-derivation", "/nix/store/00000000000000000000000000000000-x.drv"}, "not in the store")
	c.fails(nil, []string{"show-derivation", "/tmp/x.drv"}, "/tmp/x.drv")
	src := strings.TrimSpace(c.ok(nil, "store", "add", "show_derivation_cmd.go"))
	c.fails(nil, []string{"show-derivation", src}, "not a derivation")
}
