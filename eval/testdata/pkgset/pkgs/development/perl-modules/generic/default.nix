# buildPerlPackage: a CPAN module built with its Makefile.PL.
{ lib, stdenv, perl }:

{ pname, version, buildInputs ? [ ], ... }@attrs:

stdenv.mkDerivation (attrs // {
  name = "perl${perl.version}-${pname}-${version}";
  buildInputs = buildInputs ++ [ perl ];
  PERL_AUTOINSTALL = "--skipdeps";
  configurePhase = "perl Makefile.PL PREFIX=$out INSTALLDIRS=site";
  meta = { platforms = lib.platforms.unix; } // attrs.meta or { };
})
