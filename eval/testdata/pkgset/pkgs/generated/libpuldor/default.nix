{ lib, stdenv, fetchurl, runCommand, mizip, libzewar, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "libpuldor";
  version = "2011";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    hash = "sha256-AhS9RKLC4Vy2NYCFMoPJ0wbglt1pJlYeA/H6l/Llq/I=";
  };

  nativeBuildInputs = [ mizip libzewar ];
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
    description = "The libpuldor library, generated";
    homepage = "https://example.org/projects/libpuldor";
    license = licenses.lgpl21;
    platforms = platforms.unix;
    maintainers = with maintainers; [ carol dave ];
  };
})
