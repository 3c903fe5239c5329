package syntax

import (
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"
)

// genPackages generates a nixpkgs-like file: one big set of n package
// definitions using most of the syntax (lambdas with formals, let, with,
// inherit, strings with interpolation, indented strings, paths, lists,
// selects with or, operators, nested attribute paths).
func genPackages(n int) []byte {
	var b strings.Builder
	b.WriteString("# generated for benchmarks\n{ lib, stdenv, fetchurl, pkgs ? { }, ... }@args:\n\nlet\n  inherit (lib) optional optionals mkIf;\n  callPackage = f: a: f a;\nin\nrec {\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `  pkg%[1]d = callPackage ({ stdenv, fetchurl, dep ? null, enableFoo ? true }:
    stdenv.mkDerivation rec {
      pname = "pkg%[1]d";
      version = "1.%[1]d.0";
      src = fetchurl {
        url = "https://example.org/${pname}-${version}.tar.gz";
        sha256 = "0%07[1]dabcdefghijklmnopqrstuvwxyz0123456789abcdefghij";
      };
      patches = [ ./patches/fix-%[1]d.patch ] ++ optional enableFoo ./foo.patch;
      buildInputs = with pkgs; [ zlib openssl ] ++ optionals (dep != null) [ dep ];
      meta.description = "Package number %[1]d";
      meta.license = lib.licenses.mit or null;
      passthru = { tests = { inherit pname; }; level = %[1]d * 2 + 1; };
      postInstall = ''
        mkdir -p $out/share/doc
        echo "${pname} ${toString (%[1]d / 3)}" > $out/share/doc/README
        ''${HOME}/bin/tool --flag=%[1]d
      '';
      doCheck = !stdenv.isDarwin && version >= "1.0";
    }) { };
`, i)
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

func TestGeneratedPackagesParse(t *testing.T) {
	src := genPackages(50)
	e, err := Parse("pkgs.nix", src, Options{BaseDir: "/src", HomeDir: "/home"})
	if err != nil {
		t.Fatal(detail(err))
	}
	lam, ok := e.(*Lambda)
	if !ok || lam.Formals == nil || lam.Arg != "args" {
		t.Fatalf("top expression is %T, want a lambda with formals and @args", e)
	}
	let, ok := lam.Body.(*Let)
	if !ok {
		t.Fatalf("body is %T, want *Let", lam.Body)
	}
	set, ok := let.Body.(*AttrSet)
	if !ok || !set.Rec || len(set.Attrs) != 50 {
		t.Fatalf("let body is %T, want a rec set of 50 attributes", let.Body)
	}
	if set.Find("pkg7") < 0 || set.Find("pkg49") < 0 || set.Find("pkg50") >= 0 {
		t.Error("Find gives wrong answers on the package set")
	}
}

// cpuTime returns the CPU time (user+system) used by the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds a cpu-ns/op metric: on a busy machine wall time says
// little, CPU time (including the garbage collector's) says more.
func reportCPU(b *testing.B, f func()) {
	start := cpuTime()
	n := 0
	for b.Loop() {
		f()
		n++
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(n), "cpu-ns/op")
}

func benchParse(b *testing.B, src []byte) {
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	reportCPU(b, func() {
		if _, err := Parse("pkgs.nix", src, Options{BaseDir: "/src", HomeDir: "/home"}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkParseLarge parses a generated file of about 12 MB.
func BenchmarkParseLarge(b *testing.B) { benchParse(b, genPackages(12000)) }

// BenchmarkParseSmall parses a generated file of about 10 KB.
func BenchmarkParseSmall(b *testing.B) { benchParse(b, genPackages(10)) }

// BenchmarkLex measures the lexer alone on the large file.
func BenchmarkLex(b *testing.B) {
	src := string(genPackages(12000))
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	reportCPU(b, func() {
		var errs ErrorList
		l := newLexer("pkgs.nix", src, &errs)
		var t token
		for l.next(&t); t.kind != tEOF; l.next(&t) {
		}
	})
}
