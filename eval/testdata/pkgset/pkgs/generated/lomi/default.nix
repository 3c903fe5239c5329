{ lib, stdenv, fetchurl, runCommand, temlo, kaquigra, excor, libexfy, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "lomi";
  version = "2.2.6";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "0y4r4nf1nd3x1i5lv16q7mg53j6yqns21j2as5yf97l3p7b4bkvz";
  };

  nativeBuildInputs = [ temlo kaquigra excor ];
  propagatedBuildInputs = [ libexfy ];

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
    description = "The lomi library, generated";
    homepage = "https://example.org/projects/lomi";
    license = licenses.lgpl21;
    platforms = platforms.linux;
    maintainers = with maintainers; [ alice ];
  };
})
