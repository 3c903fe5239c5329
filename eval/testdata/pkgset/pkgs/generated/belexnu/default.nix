{ lib, stdenv, fetchurl, runCommand, exsol, libminuzip, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "belexnu";
  version = "2016";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    hash = "sha256-wg1XmvapaaRnpjDyjf3ZXGIQcHvbYN0uoudgPnP5aNY=";
  };

  nativeBuildInputs = [ exsol ];
  propagatedBuildInputs = [ libminuzip ];

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
    description = "The belexnu library, generated";
    homepage = "https://example.org/projects/belexnu";
    license = licenses.gpl3Only;
    platforms = platforms.linux;
    maintainers = with maintainers; [ carol dave ];
  };
})
