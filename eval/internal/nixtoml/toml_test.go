package nixtoml

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"sort"
	"strconv"
	"testing"

	"github.com/p2pnix/tvix/eval/internal/nixfloat"
	"github.com/p2pnix/tvix/eval/internal/nixjson"
	"github.com/p2pnix/tvix/eval/internal/nixoracle"
)

var update = flag.Bool("update", false, "re-record testdata/nix.json by running nix-instantiate")

// knownDifferences are documents Nix rejects and Decode accepts (see
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

func record(t *testing.T, docs []string) {
	dir := t.TempDir()
	out := make([]answer, len(docs))
	errs := make([]error, len(docs))
	nixoracle.ForEach(len(docs), func(i int) {
		file := dir + "/" + strconv.Itoa(i) + ".toml"
		out[i].Doc = docs[i]
		if errs[i] = os.WriteFile(file, []byte(docs[i]), 0o644); errs[i] != nil {
			return
		}
		res, err := nixoracle.Instantiate(t, "--eval", "--strict", "--json", "-E", nixExpr, "--argstr", "file", file)
		if err != nil {
			out[i].Error = true
			return
		}
		errs[i] = json.Unmarshal(res, &out[i].JSON)
	})
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	nixoracle.WriteGolden(t, "testdata/nix.json", out)
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
		return leaf("float", func(b []byte) []byte { return nixfloat.AppendFormatJSON(b, v) })
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
	docs := nixoracle.QuotedStrings(t, "testdata/cases.txt")
	if *update {
		record(t, docs)
	}
	var want []answer
	nixoracle.ReadGolden(t, "testdata/nix.json", &want)
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
			if got := encode(m); !nixoracle.SameJSON(got, w.JSON) {
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

func TestOutOfRange(t *testing.T) {
	for _, doc := range []string{"a = 9223372036854775808", "a = -9223372036854775809", "a = 0xffffffffffffffff", "a = 1e999", "a = -1e999"} {
		if m, err := Decode(doc); err == nil {
			t.Errorf("Decode(%q) = %v, want an error", doc, m)
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
