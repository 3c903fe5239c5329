{ lib, stdenv, fetchurl, runCommand, zipzenu, temcormi, libababfy, loabsol, belexlo, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "nugra";
  version = "6.16.37";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "153ns83p5ik2p129cf6sy3brbyjnq7p5p1k68h3c5mgj8y9n1cr2";
  };

  nativeBuildInputs = [ zipzenu temcormi libababfy loabsol ];
  propagatedBuildInputs = [ belexlo ];

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
    description = "The nugra library, generated";
    homepage = "https://example.org/projects/nugra";
    license = licenses.gpl3Only;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
})
