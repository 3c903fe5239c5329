{ lib, stdenv, fetchurl, runCommand, libdorvin, libdorlo, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "libtorrakcor";
  version = "1.9";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    hash = "sha256-NS966OZogVgmsnLTZQRszcL557Hzc6vbDvO939EB1BI=";
  };

  nativeBuildInputs = [ libdorvin libdorlo ];
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
    description = "The libtorrakcor library, generated";
    homepage = "https://example.org/projects/libtorrakcor";
    license = licenses.bsd3;
    platforms = platforms.all;
    maintainers = with maintainers; [ alice ];
  };
})
