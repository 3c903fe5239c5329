# buildPythonPackage: a python module, propagating its dependencies and
# the interpreter.
{ lib, stdenv, python3 }:

{ pname
, version
, format ? "setuptools"
, propagatedBuildInputs ? [ ]
, nativeBuildInputs ? [ ]
, pythonImportsCheck ? [ ]
, passthru ? { }
, ...
}@attrs:

stdenv.mkDerivation (builtins.removeAttrs attrs [ "format" "pythonImportsCheck" ] // {
  name = "python${python3.pythonVersion}-${pname}-${version}";
  nativeBuildInputs = [ python3 ] ++ nativeBuildInputs;
  propagatedBuildInputs = propagatedBuildInputs ++ [ python3 ];
  installPhase = ''
    mkdir -p $out/${python3.sitePackages}
    ${lib.optionalString (format == "wheel") "pip install --no-deps *.whl"}
  '';
  pythonImportsCheckPhase = lib.concatMapStringsSep "\n" (m: "python -c 'import ${m}'") pythonImportsCheck;
  passthru = passthru // { pythonModule = python3; inherit format; };
})
