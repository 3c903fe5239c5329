// Command gen writes the generated part of the test package set: C-like
// libraries and programs under pkgs/generated, python modules under
// pkgs/development/python-modules, the perl module list, and the lists
// that call them (pkgs/top-level/generated.nix, python-generated.nix,
// perl-packages.nix). The output depends only on the flags, so the files
// are committed and re-made with
//
//	go run ./eval/testdata/pkgset/gen -o eval/testdata/pkgset
package main

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
)

var (
	outDir = flag.String("o", ".", "root of the package set")
	nC     = flag.Int("c", 240, "number of C-like packages")
	nPy    = flag.Int("py", 90, "number of python modules")
	nPerl  = flag.Int("perl", 70, "number of perl modules")
)

// rng is a small linear congruential generator: the same sequence on
// every Go version.
type rng uint64

func (r *rng) intn(n int) int {
	*r = *r*6364136223846793005 + 1442695040888963407
	return int(uint64(*r>>33) % uint64(n))
}

var syllables = []string{"ab", "ex", "ze", "lo", "mi", "ka", "tor", "vin", "pul", "gra",
	"sen", "dor", "qui", "bel", "fy", "nu", "rak", "sol", "tem", "war", "zip", "cor"}

// names returns n distinct names made of syllables, each given a prefix.
func names(r *rng, n int, prefix func(i int) string, seen map[string]bool) []string {
	var out []string
	for len(out) < n {
		k := 2 + r.intn(2)
		var b strings.Builder
		b.WriteString(prefix(len(out)))
		for j := 0; j < k; j++ {
			b.WriteString(syllables[r.intn(len(syllables))])
		}
		s := b.String()
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func version(r *rng) string {
	switch r.intn(4) {
	case 0:
		return fmt.Sprintf("%d.%d", r.intn(5), r.intn(30))
	case 1:
		return fmt.Sprintf("%d.%d.%d", r.intn(10), r.intn(20), r.intn(40))
	case 2:
		return fmt.Sprintf("%d", 2000+r.intn(25))
	default:
		return fmt.Sprintf("%d.%d.%d", 1+r.intn(3), r.intn(10), r.intn(10))
	}
}

const nixBase32 = "0123456789abcdfghijklmnpqrsvwxyz"

func nixbase32(h []byte) string {
	n := (len(h)*8-1)/5 + 1
	var b strings.Builder
	for k := n - 1; k >= 0; k-- {
		bit := k * 5
		i, j := bit/8, bit%8
		c := h[i] >> uint(j)
		if i+1 < len(h) {
			c |= h[i+1] << uint(8-j)
		}
		b.WriteByte(nixBase32[c&0x1f])
	}
	return b.String()
}

// hashAttr is a fetchurl hash attribute for name, in one of the three
// forms Nix accepts.
func hashAttr(name string, form int) string {
	h := sha256.Sum256([]byte(name))
	switch form % 3 {
	case 0:
		return fmt.Sprintf("sha256 = %q;", hex.EncodeToString(h[:]))
	case 1:
		return fmt.Sprintf("sha256 = %q;", nixbase32(h[:]))
	default:
		return fmt.Sprintf("hash = %q;", "sha256-"+base64.StdEncoding.EncodeToString(h[:]))
	}
}

// pick chooses up to max distinct elements of from.
func pick(r *rng, from []string, max int) []string {
	if len(from) == 0 {
		return nil
	}
	n := r.intn(max + 1)
	seen := map[string]bool{}
	var out []string
	for i := 0; i < n; i++ {
		s := from[r.intn(len(from))]
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

var licenses = []string{"mit", "bsd3", "asl20", "gpl2Plus", "gpl3Only", "lgpl21", "zlib"}
var maintainers = []string{"alice", "bob", "carol", "dave", "erin"}
var corePkgs = []string{"zlib", "openssl", "curl", "perl", "coreutils"}

type writer struct{ root string }

func (w writer) write(rel, text string) {
	p := filepath.Join(w.root, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		log.Fatal(err)
	}
}

func nixList(xs []string) string {
	if len(xs) == 0 {
		return "[ ]"
	}
	return "[ " + strings.Join(xs, " ") + " ]"
}

func argList(xs ...[]string) string {
	seen := map[string]bool{}
	var all []string
	for _, l := range xs {
		for _, x := range l {
			if !seen[x] {
				seen[x] = true
				all = append(all, x)
			}
		}
	}
	return strings.Join(all, ", ")
}

func meta(r *rng, name, indent string) string {
	lic := licenses[r.intn(len(licenses))]
	m := pick(r, maintainers, 2)
	return fmt.Sprintf(`%smeta = with lib; {
%s  description = "The %s library, generated";
%s  homepage = "https://example.org/projects/%s";
%s  license = licenses.%s;
%s  platforms = platforms.%s;
%s  maintainers = with maintainers; %s;
%s};
`, indent, indent, name, indent, name, indent, lic, indent, []string{"linux", "unix", "all"}[r.intn(3)], indent, nixList(m), indent)
}

// cPackage writes one C-like package in one of five styles and returns
// its function arguments besides lib, stdenv and fetchurl.
func cPackage(w writer, r *rng, i int, name string, earlier []string) []string {
	v := version(r)
	deps := pick(r, append(append([]string{}, earlier...), corePkgs...), 4)
	prop := pick(r, earlier, 2)
	var b strings.Builder
	switch i % 5 {
	case 0: // rec, plain
		fmt.Fprintf(&b, "{ lib, stdenv, fetchurl%s }:\n\n", prefixed(deps, prop))
		fmt.Fprintf(&b, `stdenv.mkDerivation rec {
  pname = %q;
  version = %q;

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    %s
  };

  buildInputs = %s;
  propagatedBuildInputs = %s;
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

%s}
`, name, v, hashAttr(name+v, i), nixList(deps), nixList(prop), meta(r, name, "  "))
	case 1: // finalAttrs, several outputs, passthru tests
		fmt.Fprintf(&b, "{ lib, stdenv, fetchurl, runCommand%s, enableDocs ? %v }:\n\n", prefixed(deps, prop), i%3 == 0)
		fmt.Fprintf(&b, `stdenv.mkDerivation (finalAttrs: {
  pname = %q;
  version = %q;

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    %s
  };

  nativeBuildInputs = %s;
  propagatedBuildInputs = %s;

  configureFlags = [
    (lib.enableFeature enableDocs "docs")
    (lib.withFeatureAs true "abi" (lib.versions.major finalAttrs.version))
  ];

  postInstall = ''
    moveToOutput include "$dev"
    moveToOutput lib "$lib"
    ${lib.optionalString enableDocs ''mkdir -p "$doc/share/doc/${finalAttrs.pname}"''}
  '';

  passthru.tests.smoke = runCommand "${finalAttrs.pname}-smoke-test" {
    buildInputs = [ finalAttrs.finalPackage.dev ];
  } "ls ${finalAttrs.finalPackage.lib}/lib > $out";

%s})
`, name, v, hashAttr(name+v, i), nixList(deps), nixList(prop), meta(r, name, "  "))
	case 2: // name = "…-${version}", optional features, a patch file
		opt := "null"
		if len(deps) > 0 {
			opt = deps[0]
		}
		fmt.Fprintf(&b, "{ lib, stdenv, fetchurl%s, withExtra ? true }:\n\n", prefixed(deps, prop))
		fmt.Fprintf(&b, `stdenv.mkDerivation rec {
  name = "%s-${version}";
  version = %q;

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/%s/%s-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/%s-${version}.tar.bz2"
    ];
    %s
  };

  patches = [ ./fix-build.patch ];

  buildInputs = %s ++ lib.optionals withExtra %s;
  propagatedBuildInputs = %s;

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (%s != null) "--with-extra-dep=${lib.getDev %s}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

%s}
`, name, v, name, name, name, hashAttr(name+v, i), nixList(deps[min(1, len(deps)):]), nixList(deps[:min(1, len(deps))]), nixList(prop), opt, opt, meta(r, name, "  "))
		w.write(filepath.Join("pkgs/generated", name, "fix-build.patch"), fmt.Sprintf(`--- a/Makefile
+++ b/Makefile
@@ -1,2 +1,2 @@
-CFLAGS = -O2 -Werror
+CFLAGS = -O2 -DPKG_%s=1
`, strings.ToUpper(name)))
	case 3: // a program: an unwrapped build joined with a wrapper script
		fmt.Fprintf(&b, "{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin%s }:\n\n", prefixed(deps, prop))
		fmt.Fprintf(&b, `let
  unwrapped = stdenv.mkDerivation rec {
    pname = "%s-unwrapped";
    version = %q;
    src = fetchurl {
      url = "https://example.org/releases/%s-${version}.tar.gz";
      %s
    };
    buildInputs = %s;
    propagatedBuildInputs = %s;
  };
  runtimePath = lib.makeBinPath %s;
in
symlinkJoin {
  name = "%s-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "%s" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/%s "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
%s}
`, name, v, name, hashAttr(name+v, i), nixList(deps), nixList(prop), nixList(deps), name, name, name, meta(r, name, "  "))
	case 4: // callPackage-style helper function with a default argument
		fmt.Fprintf(&b, "{ lib, stdenv, fetchurl%s, extraFlags ? [ \"--quiet\" ] }:\n\n", prefixed(deps, prop))
		fmt.Fprintf(&b, `let
  versionParts = lib.splitString "." %q;
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = %q;
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/%s_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    %s
  };

  buildInputs = %s;
  propagatedBuildInputs = %s;

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) (%s ++ %s);

%s}
`, v, name, name, hashAttr(name+v, i), nixList(deps), nixList(prop), nixList(deps), nixList(prop), meta(r, name, "  "))
	}
	w.write(filepath.Join("pkgs/generated", name, "default.nix"), b.String())
	return append(deps, prop...)
}

func prefixed(lists ...[]string) string {
	s := argList(lists...)
	if s == "" {
		return ""
	}
	return ", " + s
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}

func main() {
	flag.Parse()
	w := writer{*outDir}
	for _, d := range []string{"pkgs/generated", "pkgs/development/python-modules"} {
		if err := os.RemoveAll(filepath.Join(*outDir, d)); err != nil {
			log.Fatal(err)
		}
	}
	r := rng(15)
	seen := map[string]bool{}
	for _, s := range append(corePkgs, "hello", "python3", "stdenv", "lib") {
		seen[s] = true
	}

	// C-like packages, each depending only on earlier ones.
	cnames := names(&r, *nC, func(i int) string {
		if i%2 == 0 {
			return "lib"
		}
		return ""
	}, seen)
	var top strings.Builder
	top.WriteString("# Generated by gen/main.go; do not edit.\n{ lib, self }:\n\nwith self;\n\n{\n")
	for i, name := range cnames {
		deps := cPackage(w, &r, i, name, cnames[:i])
		fmt.Fprintf(&top, "  %s = callPackage ../generated/%s { };\n", name, name)
		if i%7 == 3 {
			fmt.Fprintf(&top, `  %s-minimal = %s.overrideAttrs (old: {
    pname = "%s-minimal";
    configureFlags = old.configureFlags or [ ] ++ [ "--disable-everything" ];
  });
`, name, name, name)
		}
		if i%11 == 5 && len(deps) > 0 && i > 0 {
			alt := cnames[r.intn(i)]
			fmt.Fprintf(&top, "  %s-alt = %s.override { %s = %s; };\n", name, name, deps[0], alt)
		}
	}
	top.WriteString("}\n")
	w.write("pkgs/top-level/generated.nix", top.String())

	// Python modules in their scope.
	pynames := names(&r, *nPy, func(int) string { return "py" }, seen)
	var py strings.Builder
	py.WriteString("# Generated by gen/main.go; do not edit.\n{ lib, callPackage }:\n\n{\n")
	for i, name := range pynames {
		deps := pick(&r, pynames[:i], 3)
		v := version(&r)
		native := ""
		if i%4 == 0 {
			native = "\n  nativeBuildInputs = [ pytestCheckHook ];"
		}
		w.write(filepath.Join("pkgs/development/python-modules", name, "default.nix"), fmt.Sprintf(`{ lib, buildPythonPackage, fetchPypi, pytestCheckHook%s }:

buildPythonPackage rec {
  pname = %q;
  version = %q;
  format = %q;

  src = fetchPypi {
    inherit pname version;
    %s
  };
%s
  propagatedBuildInputs = %s;
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

%s}
`, prefixed(deps), name, v, []string{"setuptools", "pyproject", "wheel"}[i%3], hashAttr(name+v, i), native, nixList(deps), meta(&r, name, "  ")))
		fmt.Fprintf(&py, "  %s = callPackage ../development/python-modules/%s { };\n", name, name)
	}
	py.WriteString("}\n")
	w.write("pkgs/top-level/python-generated.nix", py.String())

	// Perl modules, written inline in the 2015 style.
	perlSeen := map[string]bool{}
	var pl strings.Builder
	pl.WriteString(`# Generated by gen/main.go; do not edit.
# Perl modules in the style of 2015: self = self_ // overrides, and every
# module finds the others through ` + "`with self;`" + `.
{ lib, pkgs, overrides ? (self: { }) }:

let
  self = self_ // overrides self_;
  self_ = with self; {
    inherit (pkgs) fetchurl stdenv perl;
    recurseForDerivations = true;
    callPackage = lib.callPackageWith (pkgs // self);
    buildPerlPackage = callPackage ../development/perl-modules/generic { };

`)
	var attrs []string
	for i := 0; i < *nPerl; i++ {
		parts := names(&r, 2, func(int) string { return "" }, perlSeen)
		words := make([]string, len(parts))
		for j, p := range parts {
			words[j] = strings.ToUpper(p[:1]) + p[1:]
		}
		attr := strings.Join(words, "")
		if seen[attr] {
			continue
		}
		seen[attr] = true
		pname := strings.Join(words, "-")
		v := fmt.Sprintf("%d.%02d", r.intn(3), r.intn(100))
		deps := pick(&r, attrs, 3)
		attrs = append(attrs, attr)
		author := strings.ToUpper(parts[0])
		fmt.Fprintf(&pl, `    %s = buildPerlPackage {
      pname = %q;
      version = %q;
      src = fetchurl {
        url = "mirror://cpan/authors/id/%s/%s/%s/%s-%s.tar.gz";
        %s
      };
      propagatedBuildInputs = %s;
      meta = {
        description = "%s for Perl";
        license = with lib.licenses; [ gpl2Plus mit ];
      };
    };

`, attr, pname, v, author[:1], author[:2], author, pname, v, hashAttr(pname+v, i), nixList(deps), strings.Join(words, " "))
	}
	pl.WriteString("  };\nin\nself\n")
	w.write("pkgs/top-level/perl-packages.nix", pl.String())
}
