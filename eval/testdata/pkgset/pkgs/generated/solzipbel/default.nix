{ lib, stdenv, fetchurl, runCommand, lopulvin, miablo, beltorsol, quika, libnunugra, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "solzipbel";
  version = "2000";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    hash = "sha256-Qq1DEA0tlJ2fc3FE5jUBeE8fMPsqVu+ghsuutPBNWBA=";
  };

  nativeBuildInputs = [ lopulvin miablo beltorsol quika ];
  propagatedBuildInputs = [ libnunugra ];

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
    description = "The solzipbel library, generated";
    homepage = "https://example.org/projects/solzipbel";
    license = licenses.mit;
    platforms = platforms.linux;
    maintainers = with maintainers; [ bob alice ];
  };
})
