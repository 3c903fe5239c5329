{ lib, stdenv, fetchurl, runCommand, torvinqui, libtorrakcor, enableDocs ? true }:

stdenv.mkDerivation (finalAttrs: {
  pname = "libwarabrak";
  version = "2013";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "6660731cbf9664eee43186f6bce455c43dc295ec0e16a0fb7e6e1c00bb82f7f4";
  };

  nativeBuildInputs = [ torvinqui ];
  propagatedBuildInputs = [ libtorrakcor ];

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
    description = "The libwarabrak library, generated";
    homepage = "https://example.org/projects/libwarabrak";
    license = licenses.asl20;
    platforms = platforms.linux;
    maintainers = with maintainers; [ dave alice ];
  };
})
