{ lib, buildPythonPackage, fetchPypi, pytestCheckHook }:

buildPythonPackage rec {
  pname = "pysenfy";
  version = "2021";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-ikQeKMYok34tUlgRGl8t5aXNMoSCZHzZp/WW7v2HTF0=";
  };

  propagatedBuildInputs = [ ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pysenfy library, generated";
    homepage = "https://example.org/projects/pysenfy";
    license = licenses.bsd3;
    platforms = platforms.all;
    maintainers = with maintainers; [ dave carol ];
  };
}
