{ lib, stdenv, fetchurl, runCommand, libexab, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "libwarsen";
  version = "3.17";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "0zb8qvc4c63kmqx14my8ix6n4rp78wprpjysa564zyn3pckz97hf";
  };

  nativeBuildInputs = [ libexab ];
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
    description = "The libwarsen library, generated";
    homepage = "https://example.org/projects/libwarsen";
    license = licenses.asl20;
    platforms = platforms.unix;
    maintainers = with maintainers; [ alice ];
  };
})
