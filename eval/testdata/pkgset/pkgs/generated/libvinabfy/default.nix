{ lib, stdenv, fetchurl, runCommand, libexzedor, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "libvinabfy";
  version = "8.15.23";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    hash = "sha256-h2+Ixoc07gVyYCBjtY+hUNBQ7YUNfh3fe3A8xo/IMww=";
  };

  nativeBuildInputs = [ ];
  propagatedBuildInputs = [ libexzedor ];

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
    description = "The libvinabfy library, generated";
    homepage = "https://example.org/projects/libvinabfy";
    license = licenses.asl20;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
})
