{ lib, stdenv, fetchurl, runCommand, libzewar, lorak, vinvin, libkatemsen, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "libvinzelo";
  version = "4.27";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "03zi9d82bspjxib48blg9nf2w39rvp1kmr953njfxc94vm5fvklh";
  };

  nativeBuildInputs = [ libzewar lorak ];
  propagatedBuildInputs = [ vinvin libkatemsen ];

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
    description = "The libvinzelo library, generated";
    homepage = "https://example.org/projects/libvinzelo";
    license = licenses.zlib;
    platforms = platforms.linux;
    maintainers = with maintainers; [ dave ];
  };
})
