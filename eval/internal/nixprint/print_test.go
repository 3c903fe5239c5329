package nixprint

import (
	"flag"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/eval/internal/nixoracle"
)

var update = flag.Bool("update", false, "re-record testdata/nix.json by running nix-instantiate")

type golden struct {
	Inputs []string `json:"inputs"` // Go-quoted, as JSON cannot hold every byte
	List   string   `json:"list"`   // the inputs printed as a list, Go-quoted
	Attrs  string   `json:"attrs"`  // the inputs as names of an attribute set, Go-quoted
}

func record(t *testing.T, in []string) any {
	file := nixoracle.StringListFile(t, in)
	list, err := nixoracle.Instantiate(t, "--eval", "--strict", file)
	if err != nil {
		t.Fatal(err)
	}
	attrs, err := nixoracle.Instantiate(t, "--eval", "--strict", "-E",
		`builtins.listToAttrs (map (name: { inherit name; value = 0; }) (import `+file+`))`)
	if err != nil {
		t.Fatal(err)
	}
	return golden{quoteAll(in), strconv.Quote(string(list)), strconv.Quote(string(attrs))}
}

func TestAgainstNix(t *testing.T) {
	in := nixoracle.QuotedStrings(t, "testdata/strings.txt")
	var g golden
	nixoracle.Golden(t, "testdata/nix.json", *update, func() any { return record(t, in) }, &g)
	if strings.Join(g.Inputs, "\n") != strings.Join(quoteAll(in), "\n") {
		t.Fatal("testdata/nix.json is stale: run go test -update")
	}
	list := []byte("[ ")
	for _, s := range in {
		list = append(AppendString(list, s), ' ')
	}
	list = append(list, "]\n"...)
	if strconv.Quote(string(list)) != g.List {
		t.Errorf("list printed as\n%q\nNix prints\n%s", list, g.List)
	}
	names := append([]string(nil), in...)
	sort.Strings(names) // Nix sorts attribute names bytewise
	attrs := []byte("{ ")
	for i, n := range names {
		if i > 0 && names[i-1] == n {
			continue
		}
		attrs = append(AppendAttrName(attrs, n), " = 0; "...)
	}
	attrs = append(attrs, "}\n"...)
	if strconv.Quote(string(attrs)) != g.Attrs {
		t.Errorf("attrs printed as\n%q\nNix prints\n%s", attrs, g.Attrs)
	}
}

func quoteAll(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = strconv.Quote(s)
	}
	return out
}
