package nixtoml

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"math"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/p2pnix/tvix/eval/internal/nixfloat"
	"github.com/p2pnix/tvix/eval/internal/nixjson"
	"github.com/p2pnix/tvix/internal/nixtest"
)

var update = flag.Bool("update", false, "re-record testdata/nix.json by running nix-instantiate")

// knownDifferences are documents Nix 2.8 rejects and Decode accepts (see
// the package comment). The test checks that they are still accepted, so
// that a change in the TOML library shows up here.
var knownDifferences = map[string]bool{
	"a = { b = 1 }\na.c = 2": true,
	"a = { a = 1, }":         true,
	"a = \"\\x41\"":          true,
	"a = \"\\e\"":            true,
}

type answer struct {
	Doc   string `json:"doc"`
	Error bool   `json:"error,omitempty"`
	JSON  string `json:"json,omitempty"` // Nix's toJSON of [ value (types of value) ]
}

// The value and the type of every leaf, as one JSON text.
const nixExpr = `{ file }: let
  v = builtins.fromTOML (builtins.readFile file);
  ty = v: let t = builtins.typeOf v; in
    if t == "list" then map ty v else if t == "set" then builtins.mapAttrs (n: ty) v else t;
in builtins.toJSON [ v (ty v) ]`

func loadDocs(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("testdata/cases.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var docs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		d, err := strconv.Unquote(line)
		if err != nil {
			t.Fatalf("cases.txt: %q: %v", line, err)
		}
		docs = append(docs, d)
	}
	return docs
}

func record(t *testing.T, docs []string) {
	nix := nixtest.RequireNix(t, "nix-instantiate")
	dir := t.TempDir()
	out := make([]answer, len(docs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, d := range docs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			file := dir + "/" + strconv.Itoa(i) + ".toml"
			if err := os.WriteFile(file, []byte(d), 0o644); err != nil {
				panic(err)
			}
			cmd := exec.Command(nix, "--eval", "--strict", "--json", "-E", nixExpr, "--argstr", "file", file)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			res, err := cmd.Output()
			out[i].Doc = d
			if err != nil {
				out[i].Error = true
				return
			}
			if err := json.Unmarshal(res, &out[i].JSON); err != nil {
				panic(err)
			}
		}()
	}
	wg.Wait()
	data, _ := json.MarshalIndent(out, "", " ")
	if err := os.WriteFile("testdata/nix.json", append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// encode writes [ value types ] the way Nix's toJSON does.
func encode(m map[string]any) string {
	b := []byte{'['}
	b = encodeValue(b, m, false)
	b = append(b, ',')
	b = encodeValue(b, m, true)
	return string(append(b, ']'))
}

func encodeValue(b []byte, v any, types bool) []byte {
	leaf := func(ty string, val func([]byte) []byte) []byte {
		if types {
			return nixjson.AppendString(b, ty)
		}
		return val(b)
	}
	switch v := v.(type) {
	case int64:
		return leaf("int", func(b []byte) []byte { return strconv.AppendInt(b, v, 10) })
	case float64:
		return leaf("float", func(b []byte) []byte { return nixfloat.AppendFormat(b, v) })
	case bool:
		return leaf("bool", func(b []byte) []byte { return strconv.AppendBool(b, v) })
	case string:
		return leaf("string", func(b []byte) []byte { return nixjson.AppendString(b, v) })
	case []any:
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = encodeValue(b, e, types)
		}
		return append(b, ']')
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = nixjson.AppendString(b, k)
			b = append(b, ':')
			b = encodeValue(b, v[k], types)
		}
		return append(b, '}')
	}
	panic("unexpected type")
}

func TestAgainstNix(t *testing.T) {
	docs := loadDocs(t)
	if *update {
		record(t, docs)
	}
	data, err := os.ReadFile("testdata/nix.json")
	if err != nil {
		t.Fatalf("%v (run go test -update with Nix installed)", err)
	}
	var want []answer
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) != len(docs) {
		t.Fatal("testdata/nix.json is stale: run go test -update")
	}
	for i, w := range want {
		if w.Doc != docs[i] {
			t.Fatal("testdata/nix.json is stale: run go test -update")
		}
		m, err := Decode(docs[i])
		if knownDifferences[docs[i]] {
			if !w.Error || err != nil {
				t.Errorf("known difference %q changed: Nix error %v, ours %v", docs[i], w.Error, err)
			}
			continue
		}
		switch {
		case w.Error && err == nil:
			t.Errorf("Decode(%q) = %s, Nix fails", docs[i], encode(m))
		case !w.Error && err != nil:
			t.Errorf("Decode(%q): %v; Nix gives %s", docs[i], err, w.JSON)
		case !w.Error:
			if got := encode(m); got != w.JSON {
				t.Errorf("Decode(%q) =\n %s\nNix gives\n %s", docs[i], got, w.JSON)
			}
		}
	}
}

func TestDateTimeError(t *testing.T) {
	for _, doc := range []string{"a = 1979-05-27", "a = [ 07:32:00 ]", "[t]\nd = 1979-05-27T07:32:00Z"} {
		if _, err := Decode(doc); !errors.Is(err, ErrDateTime) {
			t.Errorf("Decode(%q): err = %v, want ErrDateTime", doc, err)
		}
	}
}

func TestSaturation(t *testing.T) {
	m, err := Decode("a = [ 99999999999999999999, -99999999999999999999, 1e999, -1e999 ]")
	if err != nil {
		t.Fatal(err)
	}
	got := m["a"].([]any)
	want := []any{int64(math.MaxInt64), int64(math.MinInt64), math.MaxFloat64, -math.MaxFloat64}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("element %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add("a = 1\n[b]\nc = [ 1.5, \"x\" ]")
	f.Add("[[a]]\nb = 99999999999999999999")
	f.Fuzz(func(t *testing.T, doc string) {
		m, err := Decode(doc)
		if err != nil {
			return
		}
		_ = encode(m) // every decoded value is of a known type
	})
}
