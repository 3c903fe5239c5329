{ lib, stdenv, fetchurl, runCommand, karakgra, rakdor, lorak, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "libsenabgra";
  version = "3.2.5";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    hash = "sha256-XoyweYHe3BPgxSSDOjE2VroekvTmaKD1Nv+90ehrN0k=";
  };

  nativeBuildInputs = [ karakgra rakdor ];
  propagatedBuildInputs = [ lorak ];

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
    description = "The libsenabgra library, generated";
    homepage = "https://example.org/projects/libsenabgra";
    license = licenses.gpl3Only;
    platforms = platforms.all;
    maintainers = with maintainers; [ dave ];
  };
})
