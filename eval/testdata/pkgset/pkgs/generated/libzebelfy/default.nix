{ lib, stdenv, fetchurl, runCommand, liblocorzip, libsoltemgra, nucorwar, exsol, enableDocs ? false }:

stdenv.mkDerivation (finalAttrs: {
  pname = "libzebelfy";
  version = "2005";

  outputs = [ "out" "dev" "lib" ] ++ lib.optional enableDocs "doc";

  src = fetchurl {
    url = "https://example.org/${finalAttrs.pname}/v${lib.versions.majorMinor (finalAttrs.version + ".0")}/${finalAttrs.pname}-${finalAttrs.version}.tar.xz";
    sha256 = "0ypqgkr4n6wrz49983y5mwn45zz5x3skp2zwhd69jfgxdsx1ihxv";
  };

  nativeBuildInputs = [ liblocorzip libsoltemgra nucorwar ];
  propagatedBuildInputs = [ exsol ];

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
    description = "The libzebelfy library, generated";
    homepage = "https://example.org/projects/libzebelfy";
    license = licenses.zlib;
    platforms = platforms.linux;
    maintainers = with maintainers; [ erin ];
  };
})
