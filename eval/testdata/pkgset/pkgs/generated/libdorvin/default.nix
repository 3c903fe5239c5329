{ lib, stdenv, fetchurl, runCommand, libvinlodor, nucorwar, libpulpul, enableDocs ? true }:

stdenv.mkDerivation (finalAttrs: {
  pname = "libdorvin";
  version = "0.16.1";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "0006dc4642d5eacc852014ce17e9b4ec3990928fefb8c7ee3f625dc964ab06f4";
  };

  nativeBuildInputs = [ libvinlodor ];
  propagatedBuildInputs = [ nucorwar libpulpul ];

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
    description = "The libdorvin library, generated";
    homepage = "https://example.org/projects/libdorvin";
    license = licenses.bsd3;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
})
