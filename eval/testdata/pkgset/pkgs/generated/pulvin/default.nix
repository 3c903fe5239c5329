{ lib, stdenv, fetchurl, runCommand, zipqui, warqui, perl, corsol, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "pulvin";
  version = "0.15.8";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    hash = "sha256-PMpZ9TFWAI8lw4CsMWtoMbE8p4lAHTruujPNCmikAmk=";
  };

  nativeBuildInputs = [ zipqui warqui perl ];
  propagatedBuildInputs = [ corsol ];

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
    description = "The pulvin library, generated";
    homepage = "https://example.org/projects/pulvin";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
})
