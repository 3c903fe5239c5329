{ lib, stdenv, fetchurl, runCommand, libgrawarcor, temex, torqui, corcormi, libmiziplo, enableDocs ? true }:

stdenv.mkDerivation (finalAttrs: {
  pname = "quimi";
  version = "2.8.0";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "a4595c6a145121572748fde3e75b91ea4b5fcc13c7a335cde9cc080b2a6e6429";
  };

  nativeBuildInputs = [ libgrawarcor temex torqui ];
  propagatedBuildInputs = [ corcormi libmiziplo ];

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
    description = "The quimi library, generated";
    homepage = "https://example.org/projects/quimi";
    license = licenses.bsd3;
    platforms = platforms.unix;
    maintainers = with maintainers; [ bob ];
  };
})
