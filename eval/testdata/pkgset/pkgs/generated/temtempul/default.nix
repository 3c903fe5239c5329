{ lib, stdenv, fetchurl, runCommand, mizip, libcortemka, vincor, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "temtempul";
  version = "3.4.28";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "08z8ax6gxji779qn2r8hmc1nwff2awv1rn69f6r8n7y10615h5wd";
  };

  nativeBuildInputs = [ mizip ];
  propagatedBuildInputs = [ libcortemka vincor ];

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
    description = "The temtempul library, generated";
    homepage = "https://example.org/projects/temtempul";
    license = licenses.mit;
    platforms = platforms.unix;
    maintainers = with maintainers; [ carol erin ];
  };
})
