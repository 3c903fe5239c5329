{ lib, stdenv, fetchurl, runCommand, libcorquiqui, libvinlodor, mizip, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "libgrazequi";
  version = "3.2.9";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "1rfbgbs93gfyic2zra50yms7lpd66c5x4x5sq4wpsxh2kjs79gav";
  };

  nativeBuildInputs = [ libcorquiqui libvinlodor ];
  propagatedBuildInputs = [ mizip ];

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
    description = "The libgrazequi library, generated";
    homepage = "https://example.org/projects/libgrazequi";
    license = licenses.asl20;
    platforms = platforms.linux;
    maintainers = with maintainers; [ erin ];
  };
})
