package nixoracle

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestQuotedLines(t *testing.T) {
	file := filepath.Join(t.TempDir(), "in.txt")
	text := "# comment\n\n\"a\" \"b c\"\n  \"\\n\\x00\"  \n"
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	got := QuotedLines(t, file)
	want := [][]string{{"a", "b c"}, {"\n\x00"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("QuotedLines = %q, want %q", got, want)
	}
}

func TestNixStringRoundTrip(t *testing.T) {
	in := []string{"", `a"b\c`, "${x} $ $$", "cr\r lf\n crlf\r\n tab\t", "é\x01\x7f"}
	out, err := Instantiate(t, "--eval", "--strict", "--json", "-E",
		"map (s: builtins.hashString \"sha1\" s) (import "+StringListFile(t, in)+")")
	if err != nil {
		t.Fatal(err)
	}
	var hashes []string
	if err := json.Unmarshal(out, &hashes); err != nil {
		t.Fatal(err)
	}
	for i, s := range in {
		want, err := Instantiate(t, "--eval", "--strict", "--json", "-E",
			"builtins.hashString \"sha1\" (builtins.readFile "+writeFile(t, s)+")")
		if err != nil {
			t.Fatal(err)
		}
		var w string
		if err := json.Unmarshal(want, &w); err != nil {
			t.Fatal(err)
		}
		if hashes[i] != w {
			t.Errorf("NixString(%q) = %s does not evaluate to the same bytes", s, NixString(s))
		}
	}
}

func writeFile(t *testing.T, s string) string {
	file := filepath.Join(t.TempDir(), "s")
	if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestForEachCoversAll(t *testing.T) {
	seen := make([]bool, 100)
	ForEach(len(seen), func(i int) { seen[i] = true })
	for i, s := range seen {
		if !s {
			t.Fatalf("index %d not visited", i)
		}
	}
}

func TestSameJSON(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{`[5e+22,1.0,{"a":"x"}]`, `[4.9999999999999996e+22,1.0,{"a":"x"}]`, true},
		{`[1.0]`, `[1.5]`, false},
		{`[1]`, `[1.0]`, false},
		{`{"a":1}`, `{"b":1}`, false},
		{`"x"`, `"y"`, false},
	} {
		if got := SameJSON(c.a, c.b); got != c.same {
			t.Errorf("SameJSON(%s, %s) = %v", c.a, c.b, got)
		}
	}
}
