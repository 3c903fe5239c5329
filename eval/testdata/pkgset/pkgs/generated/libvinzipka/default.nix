{ lib, stdenv, fetchurl, runCommand, zipdorwar, enableDocs ? true }:

stdenv.mkDerivation (finalAttrs: {
  pname = "libvinzipka";
  version = "1.8.2";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "54e2d353c4749645141450fd76707e2b3e570a0bcd61d6f45cd676c20b4b79e6";
  };

  nativeBuildInputs = [ ];
  propagatedBuildInputs = [ zipdorwar ];

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
    description = "The libvinzipka library, generated";
    homepage = "https://example.org/projects/libvinzipka";
    license = licenses.zlib;
    platforms = platforms.linux;
    maintainers = with maintainers; [ alice erin ];
  };
})
