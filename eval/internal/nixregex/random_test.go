package nixregex

import (
	"context"
	"encoding/json"
	"flag"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/eval/internal/nixoracle"
)

var randomCases = flag.Int("nixrandom", 0, "compare this many random valid patterns with Nix in one batch (needs Nix)")

// randomPattern builds a valid pattern from a richer grammar than
// generatedCases: nested groups, alternation, brackets and intervals.
func randomPattern(r *rand.Rand, depth int) string {
	atoms := []string{"a", "b", "c", ".", "[ab]", "[^a]", "[a-c]", "[[:alpha:]]", "x", "\\.", "[]a]"}
	var b strings.Builder
	for n := 1 + r.IntN(3); n > 0; n-- {
		switch k := r.IntN(10); {
		case k < 2 && depth > 0:
			b.WriteString("(" + randomPattern(r, depth-1))
			if r.IntN(2) == 0 {
				b.WriteString("|" + randomPattern(r, depth-1))
			}
			b.WriteString(")")
		case k < 3 && depth > 0:
			b.WriteString("(" + randomPattern(r, depth-1) + "|)")
		case k == 3:
			b.WriteString([]string{"^", "$"}[r.IntN(2)])
			continue
		default:
			b.WriteString(atoms[r.IntN(len(atoms))])
		}
		b.WriteString([]string{"", "", "*", "+", "?", "{0,2}", "{1}", "{2,}", "*?", "+*"}[r.IntN(10)])
	}
	return b.String()
}

func TestRandomAgainstNix(t *testing.T) {
	if *randomCases == 0 {
		t.Skip("run with -nixrandom=N")
	}
	r := rand.New(rand.NewPCG(rand.Uint64(), 1))
	var cases []regexCase
	for len(cases) < *randomCases {
		re := randomPattern(r, 2)
		if _, err := Compile(re); err != nil {
			continue
		}
		var s []byte
		for n := r.IntN(7); n > 0; n-- {
			s = append(s, "abcx."[r.IntN(5)])
		}
		cases = append(cases, regexCase{re, string(s)})
	}
	// Nix's backtracking can take exponential time: batches that do not
	// finish in time are skipped.
	const batch = 25
	bad := 0
	for start := 0; start < len(cases); start += batch {
		bad += compareBatch(t, cases[start:min(start+batch, len(cases))])
		if bad > 20 {
			t.FailNow()
		}
	}
}

func compareBatch(t *testing.T, cases []regexCase) (bad int) {
	exprs := make([]string, len(cases))
	for i, c := range cases {
		exprs[i] = "[ " + nixoracle.NixString(c.Re) + " " + nixoracle.NixString(c.S) + " ]"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, _, err := nixoracle.InstantiateContext(ctx, t, "--eval", "--strict", "--json", "-E",
		"map (p: let r = builtins.elemAt p 0; s = builtins.elemAt p 1; in { m = builtins.match r s; p = builtins.split r s; }) (import "+nixoracle.ListFile(t, exprs)+")")
	if ctx.Err() != nil {
		t.Logf("skipped a batch Nix did not finish in time: %q", cases)
		return 0
	}
	if err != nil {
		t.Fatal(err) // a pattern we accept and Nix rejects: bisect by hand
	}
	var res []struct{ M, P any }
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		got, err := ours(c)
		if err != nil {
			t.Errorf("%q on %q: %v", c.Re, c.S, err)
			bad++
			continue
		}
		if !reflect.DeepEqual(got.Match, res[i].M) || !reflect.DeepEqual(got.Split, res[i].P) {
			g, _ := json.Marshal([]any{got.Match, got.Split})
			w, _ := json.Marshal([]any{res[i].M, res[i].P})
			t.Errorf("%q on %q:\n got %s\nwant %s", c.Re, c.S, g, w)
			bad++
		}
	}
	return bad
}
