// Package nixoracle holds the helpers the eval/internal packages' tests
// use to record expected values from C++ Nix (the oracle) into golden
// files under testdata/, and to read them back.
//
// The pattern: a test reads its inputs from a text file, and with -update
// (set by the test's own flag) runs nix-instantiate on them and writes
// what Nix answered to a JSON golden file; without -update it compares its
// package's results with the golden file, so that normal runs need no Nix.
package nixoracle

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
)

// QuotedLines reads file, skipping blank lines and lines starting with
// '#', and returns each remaining line as its Go-quoted words
// (strconv.Unquote syntax, separated by spaces).
func QuotedLines(t testing.TB, file string) [][]string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		var words []string
		for line != "" {
			q, err := strconv.QuotedPrefix(line)
			if err != nil {
				t.Fatalf("%s:%d: %v", file, n, err)
			}
			w, _ := strconv.Unquote(q)
			words = append(words, w)
			line = strings.TrimSpace(line[len(q):])
		}
		out = append(out, words)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// QuotedStrings is QuotedLines for files with one string per line.
func QuotedStrings(t testing.TB, file string) []string {
	t.Helper()
	var out []string
	for _, words := range QuotedLines(t, file) {
		if len(words) != 1 {
			t.Fatalf("%s: want one quoted string per line, got %q", file, words)
		}
		out = append(out, words[0])
	}
	return out
}

// Instantiate runs nix-instantiate with args in a fixed environment (no
// NIX_PATH entries) and returns its stdout. A non-zero exit is an error
// that includes Nix's stderr. It stops the test if Nix is not installed.
func Instantiate(t testing.TB, args ...string) ([]byte, error) {
	t.Helper()
	out, _, err := InstantiateStderr(t, args...)
	return out, err
}

// InstantiateStderr is Instantiate that also returns what Nix wrote to
// stderr (trace output, warnings).
func InstantiateStderr(t testing.TB, args ...string) (stdout, stderr []byte, err error) {
	t.Helper()
	return InstantiateContext(context.Background(), t, args...)
}

// InstantiateContext is InstantiateStderr with a context that can stop
// Nix (for expressions that may run for very long).
func InstantiateContext(ctx context.Context, t testing.TB, args ...string) (stdout, stderr []byte, err error) {
	t.Helper()
	nix := nixtest.RequireNix(t, "nix-instantiate")
	cmd := exec.CommandContext(ctx, nix, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.TempDir(), "NIX_PATH="}
	var errBuf bytes.Buffer
	cmd.Stderr = &errBuf
	out, err := cmd.Output()
	if err != nil {
		return out, errBuf.Bytes(), fmt.Errorf("nix-instantiate %q: %w: %s", args, err, errBuf.Bytes())
	}
	return out, errBuf.Bytes(), nil
}

// ForEach calls f(i) for i in [0, n) on a few goroutines (Nix runs are
// slow to start, not CPU-bound) and returns when all calls are done.
func ForEach(n int, f func(i int)) {
	var wg sync.WaitGroup
	work := make(chan int)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
}

// WriteGolden writes v as indented JSON to file.
func WriteGolden(t testing.TB, file string, v any) {
	t.Helper()
	data, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// ReadGolden reads the JSON in file into v, telling how to create it if
// it is missing.
func ReadGolden(t testing.TB, file string, v any) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update with Nix installed)", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

// Golden re-records file with record() when update is set, then reads
// the file into v.
func Golden(t testing.TB, file string, update bool, record func() any, v any) {
	t.Helper()
	if update {
		WriteGolden(t, file, record())
	}
	ReadGolden(t, file, v)
}

// NixString writes s as a Nix string literal that evaluates to exactly s
// (any bytes but NUL; a raw CR would be read as LF, so it is escaped).
func NixString(s string) string {
	return `"` + nixEscaper.Replace(s) + `"`
}

var nixEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `\$`, "\r", `\r`)

// ListFile writes a Nix file holding the list of the given expressions,
// one per line, in a temporary directory, and returns its path.
func ListFile(t testing.TB, exprs []string) string {
	t.Helper()
	file := t.TempDir() + "/list.nix"
	if err := os.WriteFile(file, []byte("[\n"+strings.Join(exprs, "\n")+"\n]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// StringListFile is ListFile for a list of strings.
func StringListFile(t testing.TB, strs []string) string {
	t.Helper()
	exprs := make([]string, len(strs))
	for i, s := range strs {
		exprs[i] = NixString(s)
	}
	return ListFile(t, exprs)
}

// SameJSON reports whether the JSON texts a and b hold the same values,
// numbers written with a point or an exponent compared as doubles (Nix's
// toJSON may pick other digits for the same double; the nixfloat tests
// check the digits), other numbers as written.
func SameJSON(a, b string) bool {
	va, ea := decodeNumbers(a)
	vb, eb := decodeNumbers(b)
	return ea == nil && eb == nil && sameValue(va, vb)
}

func decodeNumbers(s string) (any, error) {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}

func sameValue(a, b any) bool {
	switch x := a.(type) {
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		if !strings.ContainsAny(string(x), ".eE") || !strings.ContainsAny(string(y), ".eE") {
			return x == y
		}
		fx, err1 := x.Float64()
		fy, err2 := y.Float64()
		return err1 == nil && err2 == nil && fx == fy
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameValue(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if w, ok := y[k]; !ok || !sameValue(v, w) {
				return false
			}
		}
		return true
	}
	return a == b
}
