package nixjson

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/p2pnix/tvix/eval/internal/nixfloat"
	"github.com/p2pnix/tvix/eval/internal/nixoracle"
)

var update = flag.Bool("update", false, "re-record testdata/*.json by running nix-instantiate")

// decoded is what Nix made of one JSON text: Nix's toJSON of the value
// and the Nix type of every leaf.
type decoded struct {
	Input string `json:"input"`
	Error bool   `json:"error,omitempty"`
	JSON  string `json:"json,omitempty"`
	Types any    `json:"types,omitempty"`
}

const decodeExpr = `{ file }: let
  v = builtins.fromJSON (builtins.readFile file);
  ty = v: let t = builtins.typeOf v; in
    if t == "list" then map ty v else if t == "set" then builtins.mapAttrs (n: ty) v else t;
in { json = builtins.toJSON v; types = ty v; }`

func recordDecode(t *testing.T, inputs []string) {
	out := make([]decoded, len(inputs))
	errs := make([]error, len(inputs))
	dir := t.TempDir()
	nixoracle.ForEach(len(inputs), func(i int) {
		file := dir + "/" + strconv.Itoa(i) + ".json"
		out[i].Input = inputs[i]
		if errs[i] = os.WriteFile(file, []byte(inputs[i]), 0o644); errs[i] != nil {
			return
		}
		res, err := nixoracle.Instantiate(t, "--eval", "--strict", "--json", "-E", decodeExpr, "--argstr", "file", file)
		if err != nil {
			if !strings.Contains(err.Error(), "json.exception") && !strings.Contains(err.Error(), "outside of Nix integer range") && !strings.Contains(err.Error(), "contains null bytes") {
				errs[i] = err
			}
			out[i].Error = true
			return
		}
		errs[i] = json.Unmarshal(res, &out[i])
		out[i].Input = inputs[i]
	})
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	nixoracle.WriteGolden(t, "testdata/decode.json", out)
}

// encode is a toJSON for Decode's values, as Nix writes them.
func encode(dst []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(dst, "null"...)
	case bool:
		return strconv.AppendBool(dst, v)
	case int64:
		return strconv.AppendInt(dst, v, 10)
	case float64:
		return nixfloat.AppendFormatJSON(dst, v)
	case string:
		return AppendString(dst, v)
	case []any:
		dst = append(dst, '[')
		for i, e := range v {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = encode(dst, e)
		}
		return append(dst, ']')
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		dst = append(dst, '{')
		for i, k := range keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendString(dst, k)
			dst = append(dst, ':')
			dst = encode(dst, v[k])
		}
		return append(dst, '}')
	}
	panic("unexpected type")
}

func types(v any) any {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case int64:
		return "int"
	case float64:
		return "float"
	case string:
		return "string"
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = types(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = types(e)
		}
		return out
	}
	panic("unexpected type")
}

func TestDecodeAgainstNix(t *testing.T) {
	inputs := nixoracle.QuotedStrings(t, "testdata/decode.txt")
	if *update {
		recordDecode(t, inputs)
	}
	var want []decoded
	nixoracle.ReadGolden(t, "testdata/decode.json", &want)
	if len(want) != len(inputs) {
		t.Fatal("testdata/decode.json is stale: run go test -update")
	}
	for i, w := range want {
		if w.Input != inputs[i] && !strings.ContainsRune(w.Input, 0xfffd) {
			t.Fatal("testdata/decode.json is stale: run go test -update")
		}
		v, err := Decode(inputs[i])
		if w.Error {
			if err == nil {
				t.Errorf("Decode(%q) = %v, Nix fails", inputs[i], v)
			}
			continue
		}
		if err != nil {
			t.Errorf("Decode(%q): %v; Nix gives %s", inputs[i], err, w.JSON)
			continue
		}
		if got := string(encode(nil, v)); !nixoracle.SameJSON(got, w.JSON) {
			t.Errorf("Decode(%q) = %s, Nix gives %s", inputs[i], got, w.JSON)
		}
		gotTypes, _ := json.Marshal(types(v))
		wantTypes, _ := json.Marshal(w.Types)
		if !bytes.Equal(gotTypes, wantTypes) {
			t.Errorf("Decode(%q) types %s, Nix gives %s", inputs[i], gotTypes, wantTypes)
		}
	}
}

// stringInputs are the strings whose toJSON is compared byte for byte (by
// hash). Nix refuses strings that are not UTF-8: TestCheckUTF8 covers them.
func stringInputs() []string {
	in := []string{"", "abc", "quote\" back\\slash", "nl\n cr\r tab\t", "é✓😀", "\x7f", "\u0080\u07ff\u0800\uffff\U00010000\U0010ffff", "/slash", "${x}", "a\x1fb", "\b\f"}
	var all []byte
	for c := 1; c < utf8.RuneSelf; c++ {
		all = append(all, byte(c))
		in = append(in, string([]byte{byte(c)}))
	}
	return append(in, string(all))
}

func TestCheckUTF8(t *testing.T) {
	for _, c := range []struct{ in, err string }{
		{"é✓😀\U0010ffff", ""},
		{"a\xffb", "invalid UTF-8 byte at index 1: 0xFF"},
		{"ok\xc3", "incomplete UTF-8 string; last byte: 0xC3"},
		{"\xe2\x9c", "incomplete UTF-8 string; last byte: 0x9C"},
		{"\xc3a", "invalid UTF-8 byte at index 1: 0x61"},
		{"\xed\xa0\x80", "invalid UTF-8 byte at index 1: 0xA0"},
		{"\xc0\x80", "invalid UTF-8 byte at index 0: 0xC0"},
		{"\xf4\x90\x80\x80", "invalid UTF-8 byte at index 1: 0x90"},
	} {
		err := CheckUTF8(c.in)
		if (err == nil) != (c.err == "") || err != nil && !strings.HasSuffix(err.Error(), c.err) {
			t.Errorf("CheckUTF8(%q) = %v, want %q", c.in, err, c.err)
		}
	}
}

func TestAppendStringAgainstNix(t *testing.T) {
	inputs := stringInputs()
	if *update {
		file := nixoracle.StringListFile(t, inputs)
		out, err := nixoracle.Instantiate(t, "--eval", "--strict", "--json", "-E",
			`map (s: builtins.hashString "sha256" (builtins.toJSON s)) (import `+file+`)`)
		if err != nil {
			t.Fatal(err)
		}
		var hashes []string
		if err := json.Unmarshal(out, &hashes); err != nil {
			t.Fatal(err)
		}
		nixoracle.WriteGolden(t, "testdata/tojson-sha256.json", hashes)
	}
	var hashes []string
	nixoracle.ReadGolden(t, "testdata/tojson-sha256.json", &hashes)
	if len(hashes) != len(inputs) {
		t.Fatal("testdata/tojson-sha256.json is stale: run go test -update")
	}
	for i, s := range inputs {
		sum := sha256.Sum256(AppendString(nil, s))
		if got := hex.EncodeToString(sum[:]); got != hashes[i] {
			t.Errorf("AppendString(%q) = %s differs from Nix's toJSON", s, AppendString(nil, s))
		}
	}
}

func TestDecodeDepthLimit(t *testing.T) {
	deep := strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1)
	if _, err := Decode(deep); err == nil {
		t.Error("Decode accepted nesting beyond MaxDepth")
	}
	ok := strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	if _, err := Decode(ok); err != nil {
		t.Errorf("Decode rejected nesting of MaxDepth: %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(`{"a":[1,2.5,"x",null,true]}`)
	f.Add(`"\ud83d\ude00"`)
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Decode(s)
		if err != nil {
			return
		}
		// What we decode, we can write and decode again. Nix's toJSON
		// loses float precision and float-ness (-0.0 is written -0), so
		// only the second round trip must be stable.
		enc := string(encode(nil, v))
		v2, err := Decode(enc)
		if err != nil {
			t.Fatalf("re-decoding %q (from %q): %v", enc, s, err)
		}
		enc2 := string(encode(nil, v2))
		v3, err := Decode(enc2)
		if err != nil {
			t.Fatalf("re-decoding %q (from %q): %v", enc2, s, err)
		}
		if enc3 := string(encode(nil, v3)); enc3 != enc2 {
			t.Fatalf("round trip of %q unstable: %q then %q", s, enc2, enc3)
		}
	})
}

// FuzzExplain: Explain words a refusal when Parse refuses the syntax,
// never when Parse accepts, and never fails itself.
func FuzzExplain(f *testing.F) {
	f.Add(`{"a":[1,2.5,"x",null,true]}`)
	f.Add(`[1,]`)
	f.Add("\"\\ud83d\"")
	f.Fuzz(func(t *testing.T, s string) {
		if strings.IndexByte(s, 0) >= 0 {
			return // the library ends its input at a NUL byte
		}
		msg := Explain(s)
		_, err := Decode(s)
		var se *SyntaxError
		syntax := errors.As(err, &se)
		// Overflowing numbers and deep nesting are refused past the syntax.
		if syntax && msg == "" && !strings.HasPrefix(se.Msg, "number overflow") && se.Msg != "nesting too deep" {
			t.Fatalf("Parse refuses %q (%v), Explain does not", s, err)
		}
		if err == nil && msg != "" {
			t.Fatalf("Parse accepts %q, Explain refuses it: %s", s, msg)
		}
	})
}
