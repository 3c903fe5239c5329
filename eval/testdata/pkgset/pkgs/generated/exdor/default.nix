{ lib, stdenv, fetchurl, runCommand, libsolqui, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "exdor";
  version = "2.10.30";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "1f66jxil8n6sbxcgwijkfll6hfpi960m4nmb3ghs2xzjvzjnqg34";
  };

  nativeBuildInputs = [ libsolqui ];
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
    description = "The exdor library, generated";
    homepage = "https://example.org/projects/exdor";
    license = licenses.bsd3;
    platforms = platforms.linux;
    maintainers = with maintainers; [ alice ];
  };
})
