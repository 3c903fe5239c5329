{ lib, stdenv, fetchurl, runCommand, zipzenu, libmibel, nucorwar, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "quitem";
  version = "2016";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    hash = "sha256-dNFGchMw7L5U4igdUC3bHIGvUblkSGPiV/F7oWD8PvU=";
  };

  nativeBuildInputs = [ zipzenu ];
  propagatedBuildInputs = [ libmibel nucorwar ];

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
    description = "The quitem library, generated";
    homepage = "https://example.org/projects/quitem";
    license = licenses.zlib;
    platforms = platforms.unix;
    maintainers = with maintainers; [ carol ];
  };
})
