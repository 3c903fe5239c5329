package nixregex

import (
	"encoding/json"
	"errors"
	"flag"
	"reflect"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/eval/internal/nixoracle"
)

var update = flag.Bool("update", false, "re-record testdata/nix.json by running nix-instantiate")

const goldenFile = "testdata/nix.json"

type regexCase struct{ Re, S string }

// record is what Nix answered for one case.
type record struct {
	Re      string `json:"re"`
	S       string `json:"s"`
	Invalid bool   `json:"invalid,omitempty"`
	Space   bool   `json:"space,omitempty"` // "memory limit exceeded"
	Match   any    `json:"match,omitempty"`
	Split   any    `json:"split,omitempty"`
}

// loadCases reads testdata/cases.txt and appends the generated cases.
func loadCases(t testing.TB) []regexCase {
	t.Helper()
	var cases []regexCase
	for _, words := range nixoracle.QuotedLines(t, "testdata/cases.txt") {
		if len(words) < 2 {
			t.Fatalf("cases.txt: want a pattern and subjects, got %q", words)
		}
		for _, s := range words[1:] {
			cases = append(cases, regexCase{words[0], s})
		}
	}
	return append(cases, generatedCases()...)
}

// nixAnswer evaluates one case with nix-instantiate.
func nixAnswer(t *testing.T, c regexCase) (record, error) {
	out, err := nixoracle.Instantiate(t, "--eval", "--strict", "--json", "-E",
		"{ r, s }: { m = builtins.match r s; p = builtins.split r s; }",
		"--argstr", "r", c.Re, "--argstr", "s", c.S)
	rec := record{Re: c.Re, S: c.S}
	switch {
	case err != nil && strings.Contains(err.Error(), "invalid regular expression"):
		rec.Invalid = true
		return rec, nil
	case err != nil && strings.Contains(err.Error(), "memory limit exceeded by regular expression"):
		rec.Space = true
		return rec, nil
	case err != nil:
		return rec, err
	}
	var res struct{ M, P any }
	if err := json.Unmarshal(out, &res); err != nil {
		return rec, err
	}
	rec.Match, rec.Split = res.M, res.P
	return rec, nil
}

func recordGolden(t *testing.T, cases []regexCase) {
	recs := make([]record, len(cases))
	errs := make([]error, len(cases))
	nixoracle.ForEach(len(cases), func(i int) { recs[i], errs[i] = nixAnswer(t, cases[i]) })
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	nixoracle.WriteGolden(t, goldenFile, recs)
}

func loadGolden(t *testing.T) map[regexCase]record {
	var recs []record
	nixoracle.ReadGolden(t, goldenFile, &recs)
	m := make(map[regexCase]record, len(recs))
	for _, r := range recs {
		m[regexCase{r.Re, r.S}] = r
	}
	return m
}

// ours computes the same JSON shapes Nix prints for match and split.
func ours(c regexCase) (rec record, err error) {
	rec = record{Re: c.Re, S: c.S}
	re, err := Compile(c.Re)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return rec, err
		}
		rec.Invalid = e.Code != ErrSpace
		rec.Space = e.Code == ErrSpace
		return rec, nil
	}
	groups := func(loc []int) []any {
		g := make([]any, 0, re.NumSubexp())
		for i := 2; i < len(loc); i += 2 {
			if loc[i] < 0 {
				g = append(g, nil)
			} else {
				g = append(g, c.S[loc[i]:loc[i+1]])
			}
		}
		return g
	}
	loc, err := re.MatchIndex(c.S)
	if err != nil {
		return rec, err
	}
	if loc != nil {
		rec.Match = groups(loc)
	}
	matches, err := re.SplitIndex(c.S)
	if err != nil {
		return rec, err
	}
	split := []any{}
	prev := 0
	for _, m := range matches {
		split = append(split, c.S[prev:m[0]], groups(m))
		prev = m[1]
	}
	rec.Split = append(split, c.S[prev:])
	// Round-trip through JSON so both sides have the same Go types.
	data, _ := json.Marshal(rec)
	var norm record
	err = json.Unmarshal(data, &norm)
	return norm, err
}

func TestAgainstNix(t *testing.T) {
	cases := loadCases(t)
	if *update {
		recordGolden(t, cases)
	}
	golden := loadGolden(t)
	for _, c := range cases {
		want, ok := golden[c]
		if !ok {
			t.Fatalf("no recorded answer for %q on %q: run go test -update", c.Re, c.S)
		}
		got, err := ours(c)
		if err != nil {
			t.Errorf("%q on %q: %v", c.Re, c.S, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			t.Errorf("%q on %q:\n got %s\nwant %s", c.Re, c.S, g, w)
		}
	}
}
