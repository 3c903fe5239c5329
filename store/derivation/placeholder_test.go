package derivation

import (
	"encoding/json"
	"os"
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
