{ lib, stdenv, fetchurl, runCommand, libnulopul, warka, dorpulvin, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "libwarex";
  version = "2011";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    hash = "sha256-Xspx2NMBc/gxkPtxUYU9xPe7LydYdxyOKE6CSskWTOo=";
  };

  nativeBuildInputs = [ libnulopul warka ];
  propagatedBuildInputs = [ dorpulvin ];

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
    description = "The libwarex library, generated";
    homepage = "https://example.org/projects/libwarex";
    license = licenses.gpl2Plus;
    platforms = platforms.linux;
    maintainers = with maintainers; [ erin ];
  };
})
