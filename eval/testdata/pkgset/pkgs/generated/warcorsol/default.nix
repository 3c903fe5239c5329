{ lib, stdenv, fetchurl, runCommand, liblolofy, tormiab, dorzetor, mibelzip, enableDocs ? true }:

stdenv.mkDerivation (finalAttrs: {
  pname = "warcorsol";
  version = "7.4.15";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "e12fde145539f9ad8959b9514248cd334ae4a6f87c6ff9e4d31ee1573d758e0e";
  };

  nativeBuildInputs = [ liblolofy tormiab dorzetor ];
  propagatedBuildInputs = [ mibelzip ];

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
    description = "The warcorsol library, generated";
    homepage = "https://example.org/projects/warcorsol";
    license = licenses.zlib;
    platforms = platforms.unix;
    maintainers = with maintainers; [ dave alice ];
  };
})
