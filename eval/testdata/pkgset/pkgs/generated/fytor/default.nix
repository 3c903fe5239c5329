{ lib, stdenv, fetchurl, runCommand, libnuquify, torrak, zipdorwar, libvinziptor, enableDocs ? true }:

stdenv.mkDerivation (finalAttrs: {
  pname = "fytor";
  version = "6.14.31";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "7e4a3b1f6096b94a7a76f1e0043db78ef2b9309378c905a728ff7fa85a378970";
  };

  nativeBuildInputs = [ libnuquify torrak ];
  propagatedBuildInputs = [ zipdorwar libvinziptor ];

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
    description = "The fytor library, generated";
    homepage = "https://example.org/projects/fytor";
    license = licenses.gpl3Only;
    platforms = platforms.unix;
    maintainers = with maintainers; [ bob erin ];
  };
})
