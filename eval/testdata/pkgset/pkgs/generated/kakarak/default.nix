{ lib, stdenv, fetchurl, runCommand, loabsol, belbel, exsol, abnuqui, karakgra, enableDocs ? true }:

stdenv.mkDerivation (finalAttrs: {
  pname = "kakarak";
  version = "3.14.20";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "bf3572a4bcef5796448119a9c545d896872debd953f2e88f830a95ea06ab1791";
  };

  nativeBuildInputs = [ loabsol belbel exsol abnuqui ];
  propagatedBuildInputs = [ karakgra ];

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
    description = "The kakarak library, generated";
    homepage = "https://example.org/projects/kakarak";
    license = licenses.mit;
    platforms = platforms.all;
    maintainers = with maintainers; [ alice dave ];
  };
})
