{ lib, stdenv, fetchurl, runCommand, abnuqui, exdor, zepulzip, liblotormi, temcormi, enableDocs ? true }:

stdenv.mkDerivation (finalAttrs: {
  pname = "libexexfy";
  version = "1.19";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "ab8a72bba4f04034346f60c8318cc097c1c983ef7a174606112d9c768d1f1fc7";
  };

  nativeBuildInputs = [ abnuqui exdor zepulzip liblotormi ];
  propagatedBuildInputs = [ temcormi ];

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
    description = "The libexexfy library, generated";
    homepage = "https://example.org/projects/libexexfy";
    license = licenses.lgpl21;
    platforms = platforms.unix;
    maintainers = with maintainers; [ erin alice ];
  };
})
