package archtest

import (
	"bufio"
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/p2pnix/tvix/"

// layer is the rank of each top-level directory; a package may import
// packages of its own directory or of a lower rank, never of the same rank
// elsewhere (siblings) or of a higher one.
var layer = map[string]int{
	"proto":    0,
	"store":    1,
	"eval":     2,
	"builder":  2,
	"p2p":      2,
	"node":     3,
	"simnet":   4,
	"cmd":      5,
	"bench":    5,
	"internal": -1, // see allowed
}

// allowed reports whether package from may import package to (both
// relative to the module), and why not.
func allowed(from, to string) (bool, string) {
	ft, tt := top(from), top(to)
	switch {
	case ft == "internal":
		if tt != "internal" && tt != "store" && tt != "proto" {
			return false, "internal packages import only store, proto and internal"
		}
		return true, ""
	case tt == "internal":
		return true, ""
	case from != "node" && strings.HasPrefix(from, "node/") && to == "node":
		return false, "node's sub-packages never import the daemon's root"
	case ft == tt:
		return true, ""
	}
	fl, fok := layer[ft]
	tl, tok := layer[tt]
	if !fok || !tok {
		return false, "unknown top-level directory"
	}
	if tl >= fl {
		return false, "imports a sibling or a higher layer"
	}
	return true, ""
}

func top(pkg string) string {
	t, _, _ := strings.Cut(pkg, "/")
	return t
}

func TestLayers(t *testing.T) {
	cmd := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, module+"...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	pkgs := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		from := strings.TrimPrefix(fields[0], module)
		pkgs++
		for _, imp := range fields[1:] {
			to, ok := strings.CutPrefix(imp, module)
			if !ok {
				continue
			}
			if ok, why := allowed(from, to); !ok {
				t.Errorf("%s imports %s: %s", from, to, why)
			}
		}
	}
	if pkgs < 40 {
		t.Fatalf("go list found %d packages; is the module layout changed?", pkgs)
	}
}

func TestAllowed(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		want     bool
	}{
		{"cmd/tvix", "node/buildsession", true},
		{"node", "builder", true},
		{"node/worker", "node/coordinator", true},
		{"node/farm", "node", false},
		{"builder", "eval", false},
		{"eval", "p2p", false},
		{"store", "eval", false},
		{"store/storeurl", "internal/tvixhome", true},
		{"internal/tvixhome", "node", false},
		{"internal/nixtest", "store/nixpath", true},
		{"simnet", "node/worker", true},
		{"node", "simnet", false},
	} {
		if got, _ := allowed(tc.from, tc.to); got != tc.want {
			t.Errorf("allowed(%s, %s) = %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
}
