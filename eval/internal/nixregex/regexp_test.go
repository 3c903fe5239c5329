package nixregex

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
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
	f, err := os.Open("testdata/cases.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []regexCase
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || text[0] == '#' {
			continue
		}
		words, err := quotedWords(text)
		if err != nil || len(words) < 2 {
			t.Fatalf("cases.txt:%d: want a quoted pattern and subjects: %v", line, err)
		}
		for _, s := range words[1:] {
			cases = append(cases, regexCase{words[0], s})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return append(cases, generatedCases()...)
}

func quotedWords(s string) ([]string, error) {
	var out []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			return nil, err
		}
		w, _ := strconv.Unquote(q)
		out = append(out, w)
		s = s[len(q):]
	}
	return out, nil
}

// nixAnswer evaluates one case with nix-instantiate.
func nixAnswer(nix string, c regexCase) (record, error) {
	cmd := exec.Command(nix, "--eval", "--strict", "--json", "-E",
		"{ r, s }: { m = builtins.match r s; p = builtins.split r s; }",
		"--argstr", "r", c.Re, "--argstr", "s", c.S)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.TempDir(), "NIX_PATH="}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	rec := record{Re: c.Re, S: c.S}
	if err := cmd.Run(); err != nil {
		if strings.Contains(stderr.String(), "invalid regular expression") {
			rec.Invalid = true
			return rec, nil
		}
		if strings.Contains(stderr.String(), "memory limit exceeded by regular expression") {
			rec.Space = true
			return rec, nil
		}
		return rec, fmt.Errorf("nix-instantiate %q %q: %v: %s", c.Re, c.S, err, stderr.String())
	}
	var out struct{ M, P any }
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		return rec, err
	}
	rec.Match, rec.Split = out.M, out.P
	return rec, nil
}

func recordGolden(t *testing.T, cases []regexCase) {
	nix := nixtest.RequireNix(t, "nix-instantiate")
	recs := make([]record, len(cases))
	errs := make([]error, len(cases))
	var wg sync.WaitGroup
	work := make(chan int)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				recs[i], errs[i] = nixAnswer(nix, cases[i])
			}
		}()
	}
	for i := range cases {
		work <- i
	}
	close(work)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	data, err := json.MarshalIndent(recs, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(goldenFile, append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

func loadGolden(t *testing.T) map[regexCase]record {
	data, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatalf("%v (run go test -update with Nix installed)", err)
	}
	var recs []record
	if err := json.Unmarshal(data, &recs); err != nil {
		t.Fatal(err)
	}
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
