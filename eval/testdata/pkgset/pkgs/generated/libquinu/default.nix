{ lib, stdenv, fetchurl, runCommand, lolosol, vinlobel, libloloab, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "libquinu";
  version = "2.2.9";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    hash = "sha256-UlF/x2/hI+iiPQOX1pPjOQiTl4RTR/MyMiAtYMQeMNk=";
  };

  nativeBuildInputs = [ lolosol vinlobel ];
  propagatedBuildInputs = [ libloloab ];

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
    description = "The libquinu library, generated";
    homepage = "https://example.org/projects/libquinu";
    license = licenses.lgpl21;
    platforms = platforms.linux;
    maintainers = with maintainers; [ dave ];
  };
})
