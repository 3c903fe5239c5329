{ lib, stdenv, fetchurl, runCommand, libpultor, quiex, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "belnuka";
  version = "8.0.37";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "04w5g4v0nysddf4kkbzgm2wcwq7by1ylw3m5y1k2p6lc0c4l94bd";
  };

  nativeBuildInputs = [ libpultor ];
  propagatedBuildInputs = [ quiex ];

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
    description = "The belnuka library, generated";
    homepage = "https://example.org/projects/belnuka";
    license = licenses.lgpl21;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
})
