{ lib, stdenv, fetchurl, runCommand, curl, liblocorzip, enableDocs ? true }:

stdenv.mkDerivation (finalAttrs: {
  pname = "corgrator";
  version = "1.2.9";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "fa07b33cfb0905025f2781334c4e6f2b5952ecbbc9f057dd292525bf766fd461";
  };

  nativeBuildInputs = [ curl liblocorzip ];
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
    description = "The corgrator library, generated";
    homepage = "https://example.org/projects/corgrator";
    license = licenses.gpl2Plus;
    platforms = platforms.linux;
    maintainers = with maintainers; [ carol alice ];
  };
})
