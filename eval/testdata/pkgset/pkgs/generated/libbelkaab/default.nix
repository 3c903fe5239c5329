{ lib, stdenv, fetchurl, runCommand, libfynu, openssl, mizip, libdortemlo, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "libbelkaab";
  version = "6.15.28";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "1vxhcm691hw75mi12gx565wgxf4z98am74f70f9x43p9kjidmn64";
  };

  nativeBuildInputs = [ libfynu openssl mizip ];
  propagatedBuildInputs = [ libdortemlo ];

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
    description = "The libbelkaab library, generated";
    homepage = "https://example.org/projects/libbelkaab";
    license = licenses.lgpl21;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
})
