{ lib, stdenv, fetchurl, runCommand, nunu, corcormi, libnuwar, dorlosen, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "libsolbel";
  version = "2.3";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "1c814379vsxb9y35sbffpcc9hgimx7yqi7crz18vl61bfdi7lm5c";
  };

  nativeBuildInputs = [ nunu corcormi libnuwar dorlosen ];
  propagatedBuildInputs = [ ];

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

  meta = with lib; {
    description = "The libsolbel library, generated";
    homepage = "https://example.org/projects/libsolbel";
    license = licenses.asl20;
    platforms = platforms.unix;
    maintainers = with maintainers; [ alice ];
  };
})
