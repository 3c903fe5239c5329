{ lib, stdenv, fetchurl, runCommand, beltorsol, libsolwardor, libmibel, lorak, libkacorsen, libquibeltem, enableDocs ? true }:

stdenv.mkDerivation (finalAttrs: {
  pname = "libnusen";
  version = "1.6.3";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "03e23f0eadc33151dc7ceb3e6093aea65e03d8cbacb8821541bd509a51949ece";
  };

  nativeBuildInputs = [ beltorsol libsolwardor libmibel lorak ];
  propagatedBuildInputs = [ libkacorsen libquibeltem ];

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
    description = "The libnusen library, generated";
    homepage = "https://example.org/projects/libnusen";
    license = licenses.gpl2Plus;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
})
