package derivation

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

const placeholderGolden = "testdata/placeholder.golden.json"

// TestHashPlaceholderAgainstNix compares HashPlaceholder with
// builtins.placeholder for the output names Nix evaluated.
func TestHashPlaceholderAgainstNix(t *testing.T) {
	if *update {
		expr := `builtins.listToAttrs (map (n: { name = n; value = builtins.placeholder n; }) [ "out" "dev" "bin" "lib" "x-y_z" "" "ünï" ])`
		out := runNix(t, "", "", "nix-instantiate", "--readonly-mode", "--eval", "--strict", "--json", "-E", expr)
		if err := os.WriteFile(placeholderGolden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(placeholderGolden)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]string
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("no recorded placeholders")
	}
	for name, w := range want {
		if got := HashPlaceholder(name); got != w {
			t.Errorf("HashPlaceholder(%q) = %s, Nix %s", name, got, w)
		}
	}
}

// TestDownstreamPlaceholderAgainstNix checks DownstreamPlaceholder against
// the placeholders Nix put in a derivation that depends on
// content-addressed ones (testdata/exprs/experimental.nix).
func TestDownstreamPlaceholderAgainstNix(t *testing.T) {
	g := loadGolden(t, "nix-store", "experimental.nix")
	drvs := map[string]string{}
	var onCA *Derivation
	for p, data := range g.drvs {
		d, err := ParseDrv(p, data)
		if err != nil {
			t.Fatal(err)
		}
		drvs[d.Name] = p
		if d.Name == "on-ca" {
			onCA = d
		}
	}
	if onCA == nil {
		t.Fatal("on-ca not recorded")
	}
	for _, tc := range []struct{ got, drv, output string }{
		{onCA.Env["src"], "ca", "dev"},
		{onCA.Env["other"], "ca-flat", "out"},
		{strings.TrimSuffix(onCA.Args[0], "/bin"), "ca", "out"},
	} {
		want, err := DownstreamPlaceholder(drvs[tc.drv], tc.output)
		if err != nil || tc.got != want {
			t.Errorf("DownstreamPlaceholder(%s, %s) = %s, %v; Nix wrote %s", tc.drv, tc.output, want, err, tc.got)
		}
	}
}
