{ lib, stdenv, fetchurl, runCommand, zlib, libvinlodor, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "lorak";
  version = "2.7.3";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "0qpic01skvn8xvx9ynyvb9mqwwbidm9sg4nw8j8a4xs8gpjm14j6";
  };

  nativeBuildInputs = [ zlib libvinlodor ];
  propagatedBuildInputs = [ libvinlodor ];

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
    description = "The lorak library, generated";
    homepage = "https://example.org/projects/lorak";
    license = licenses.asl20;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
})
