{ lib, stdenv, fetchurl, runCommand, libmibel, libzewar, libpulpul, libzebelfy, libsenvinbel, granu, enableDocs ? true }:

stdenv.mkDerivation (finalAttrs: {
  pname = "libminuzip";
  version = "2.3.3";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "7328145de877be5b97e97c8dd0c7b88f20e14a1845b99268b0b7ca2dd82fffe2";
  };

  nativeBuildInputs = [ libmibel libzewar libpulpul libzebelfy ];
  propagatedBuildInputs = [ libsenvinbel granu ];

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
    description = "The libminuzip library, generated";
    homepage = "https://example.org/projects/libminuzip";
    license = licenses.asl20;
    platforms = platforms.all;
    maintainers = with maintainers; [ alice ];
  };
})
