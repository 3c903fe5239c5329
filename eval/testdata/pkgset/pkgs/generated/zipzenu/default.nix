{ lib, stdenv, fetchurl, runCommand, temcormi, karakgra, zlib, libfynu, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "zipzenu";
  version = "1.4";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    hash = "sha256-DiRDvjmDZHwnG23TUSCBxN33bPavU1JOLwqnyX9ZPls=";
  };

  nativeBuildInputs = [ temcormi karakgra zlib libfynu ];
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
    description = "The zipzenu library, generated";
    homepage = "https://example.org/projects/zipzenu";
    license = licenses.gpl3Only;
    platforms = platforms.linux;
    maintainers = with maintainers; [ bob ];
  };
})
