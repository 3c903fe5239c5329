{ lib, stdenv, fetchurl, runCommand, librakabcor, vincor, lomipul, libtemsol, dorzetor, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "libgranu";
  version = "3.27";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    hash = "sha256-mCfInJj3awMbICb/ffwq8IwkdrXp91EnO7v4zMTr8Vc=";
  };

  nativeBuildInputs = [ librakabcor vincor lomipul ];
  propagatedBuildInputs = [ libtemsol dorzetor ];

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
    description = "The libgranu library, generated";
    homepage = "https://example.org/projects/libgranu";
    license = licenses.gpl2Plus;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
})
