{ lib, stdenv, fetchurl, runCommand, miablo, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "libtorze";
  version = "2020";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "1pr08q8q1sb7mkia12sypl9pw3553k52fwa8r9wfdvhpgnb5jhxy";
  };

  nativeBuildInputs = [ miablo ];
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
    description = "The libtorze library, generated";
    homepage = "https://example.org/projects/libtorze";
    license = licenses.asl20;
    platforms = platforms.all;
    maintainers = with maintainers; [ bob ];
  };
})
