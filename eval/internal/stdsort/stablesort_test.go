package stdsort

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/eval/internal/nixoracle"
)

var update = flag.Bool("update", false, "re-record testdata/nix.json by running nix-instantiate")

// comparators are Nix comparators on the k field of {k, i} records, and
// the same functions in Go. Several are not strict weak orderings.
var comparators = []struct {
	nix string
	fn  func(a, b int) bool
}{
	{"a: b: a.k < b.k", func(a, b int) bool { return a < b }},
	{"a: b: a.k <= b.k", func(a, b int) bool { return a <= b }},
	{"a: b: a.k > b.k", func(a, b int) bool { return a > b }},
	{"a: b: true", func(a, b int) bool { return true }},
	{"a: b: false", func(a, b int) bool { return false }},
	{"a: b: a.k != b.k", func(a, b int) bool { return a != b }},
	{"a: b: builtins.bitAnd (a.k * 7 + b.k * 3) 4 == 0", func(a, b int) bool { return (a*7+b*3)&4 == 0 }},
	{"a: b: builtins.bitAnd a.k 1 == 1 && a.k < b.k + 2", func(a, b int) bool { return a&1 == 1 && a < b+2 }},
}

// inputs are the lists of keys sorted with every comparator.
func inputs() [][]int {
	r := rand.New(rand.NewPCG(3, 2026))
	var out [][]int
	for _, n := range []int{0, 1, 2, 3, 6, 7, 8, 13, 14, 15, 16, 27, 28, 29, 40, 57, 100, 257} {
		for _, keys := range []int{3, 1000} {
			l := make([]int, n)
			for i := range l {
				l[i] = r.IntN(keys)
			}
			out = append(out, l)
		}
	}
	return out
}

type golden struct {
	Inputs [][]int
	// Perms[c][l] is the order of the original indexes after sorting
	// inputs[l] with comparators[c].
	Perms [][][]int
}

func record(t *testing.T, in [][]int) {
	lists, _ := json.Marshal(in)
	var cmps []string
	for _, c := range comparators {
		cmps = append(cmps, "("+c.nix+")")
	}
	expr := fmt.Sprintf(`let
  lists = builtins.fromJSON %s;
  tag = l: builtins.genList (i: { k = builtins.elemAt l i; inherit i; }) (builtins.length l);
  perm = cmp: l: map (x: x.i) (builtins.sort cmp (tag l));
in map (cmp: map (perm cmp) lists) [ %s ]`, strconvQuote(string(lists)), strings.Join(cmps, " "))
	out, err := nixoracle.Instantiate(t, "--eval", "--strict", "--json", "-E", expr)
	if err != nil {
		t.Fatal(err)
	}
	g := golden{Inputs: in}
	if err := json.Unmarshal(out, &g.Perms); err != nil {
		t.Fatal(err)
	}
	nixoracle.WriteGolden(t, "testdata/nix.json", g)
}

// strconvQuote writes s as a Nix string literal (s is JSON: no "${").
func strconvQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func TestAgainstNix(t *testing.T) {
	in := inputs()
	if *update {
		record(t, in)
	}
	var g golden
	nixoracle.ReadGolden(t, "testdata/nix.json", &g)
	if !reflect.DeepEqual(g.Inputs, in) || len(g.Perms) != len(comparators) {
		t.Fatal("testdata/nix.json is stale: run go test -update")
	}
	for c, cmp := range comparators {
		for l, keys := range in {
			perm := make([]int, len(keys))
			for i := range perm {
				perm[i] = i
			}
			err := StableSort(perm, func(a, b int) (bool, error) { return cmp.fn(keys[a], keys[b]), nil })
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(perm, g.Perms[c][l]) && !(len(perm) == 0 && len(g.Perms[c][l]) == 0) {
				t.Errorf("sort (%s) %v:\n got %v\nwant %v", cmp.nix, keys, perm, g.Perms[c][l])
			}
		}
	}
}

func TestErrorStopsCalls(t *testing.T) {
	xs := []int{5, 4, 3, 2, 1, 0, 9, 8, 7, 6, 5, 4, 3, 2, 1}
	boom := errors.New("boom")
	calls := 0
	err := StableSort(xs, func(a, b int) (bool, error) {
		calls++
		if calls == 3 {
			return false, boom
		}
		return a < b, nil
	})
	if !errors.Is(err, boom) || calls != 3 {
		t.Errorf("err = %v after %d calls, want boom after 3", err, calls)
	}
}

func TestSortsAndIsStable(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 300; n++ {
		type rec struct{ k, i int }
		xs := make([]rec, n)
		for i := range xs {
			xs[i] = rec{r.IntN(10), i}
		}
		if err := StableSort(xs, func(a, b rec) (bool, error) { return a.k < b.k, nil }); err != nil {
			t.Fatal(err)
		}
		for i := 1; i < n; i++ {
			if xs[i-1].k > xs[i].k || (xs[i-1].k == xs[i].k && xs[i-1].i > xs[i].i) {
				t.Fatalf("n=%d: not stably sorted at %d: %v", n, i, xs)
			}
		}
	}
}

func BenchmarkStableSort(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	src := make([]int, 10000)
	for i := range src {
		src[i] = r.IntN(1 << 20)
	}
	xs := make([]int, len(src))
	less := func(a, b int) (bool, error) { return a < b, nil }
	for b.Loop() {
		copy(xs, src)
		_ = StableSort(xs, less)
	}
}

// callLists are sorted with a tracing comparator, to compare the sequence
// of comparator calls with Nix's.
func callLists() [][]int {
	r := rand.New(rand.NewPCG(5, 7))
	var out [][]int
	for _, n := range []int{2, 5, 7, 8, 12, 15, 16, 30, 31} {
		l := make([]int, n)
		for i := range l {
			l[i] = r.IntN(10)
		}
		out = append(out, l)
	}
	return out
}

func TestCallSequenceAgainstNix(t *testing.T) {
	lists := callLists()
	var want [][]string
	nixoracle.Golden(t, "testdata/calls.json", *update, func() any {
		var calls [][]string
		for _, l := range lists {
			js, _ := json.Marshal(l)
			_, stderr, err := nixoracle.InstantiateStderr(t, "--eval", "--strict", "-E",
				`builtins.sort (a: b: builtins.trace "${toString a} ${toString b}" (a < b)) (builtins.fromJSON "`+
					strings.ReplaceAll(string(js), `"`, `\"`)+`")`)
			if err != nil {
				t.Fatal(err)
			}
			var c []string
			for _, line := range strings.Split(strings.TrimSpace(string(stderr)), "\n") {
				if rest, ok := strings.CutPrefix(line, "trace: "); ok {
					c = append(c, rest)
				}
			}
			calls = append(calls, c)
		}
		return calls
	}, &want)
	if len(want) != len(lists) {
		t.Fatal("testdata/calls.json is stale: run go test -update")
	}
	for i, l := range lists {
		var got []string
		xs := append([]int(nil), l...)
		_ = StableSort(xs, func(a, b int) (bool, error) {
			got = append(got, fmt.Sprintf("%d %d", a, b))
			return a < b, nil
		})
		if strings.Join(got, ",") != strings.Join(want[i], ",") {
			t.Errorf("sorting %v: comparator calls\n got %v\nwant %v", l, got, want[i])
		}
	}
}
