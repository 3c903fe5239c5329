{ lib, stdenv, fetchurl, runCommand, belbel, libdortemlo, zedor, kakarak, extorpul, lomipul, enableDocs ? true }:

stdenv.mkDerivation (finalAttrs: {
  pname = "libfymidor";
  version = "2.8.3";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "2c3fb74e4cf7c3050ede034c002ba944fd89c1535b875cd62cabef4e6cb3dadb";
  };

  nativeBuildInputs = [ belbel libdortemlo zedor kakarak ];
  propagatedBuildInputs = [ extorpul lomipul ];

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
    description = "The libfymidor library, generated";
    homepage = "https://example.org/projects/libfymidor";
    license = licenses.lgpl21;
    platforms = platforms.linux;
    maintainers = with maintainers; [ dave ];
  };
})
