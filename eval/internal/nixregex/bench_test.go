package nixregex

import (
	"strings"
	"testing"
)

// Patterns of the kind nixpkgs' lib uses, on realistic subjects.
var benchCases = []struct{ name, re, s string }{
	{"version-dots", `\.`, "1.2.3.4.5"},
	{"drvname", `([^-]*)-([0-9].*)`, "python3.11-requests-2.31.0"},
	{"whitespace", `[[:space:]]+`, strings.Repeat("word ", 200)},
	{"lines", "\n", strings.Repeat("some line of text\n", 200)},
	{"no-match-long", `x[0-9]+y`, strings.Repeat("abcdefghij", 1000)},
	{"alternation", `(foo|bar|baz)+`, strings.Repeat("foobarbaz", 50)},
}

func BenchmarkSplit(b *testing.B) {
	for _, bc := range benchCases {
		re, err := Compile(bc.re)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.s)))
			for b.Loop() {
				if _, err := re.SplitIndex(bc.s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkMatch(b *testing.B) {
	re, err := Compile(`([^-]*)-([0-9].*)`)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if m, _ := re.MatchIndex("hello-2.10.1"); m == nil {
			b.Fatal("no match")
		}
	}
}

func BenchmarkCompile(b *testing.B) {
	for b.Loop() {
		if _, err := Compile(`^([a-zA-Z_][a-zA-Z0-9_'-]*)(\.[0-9]+)?$`); err != nil {
			b.Fatal(err)
		}
	}
}
