{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyexrak }:

buildPythonPackage rec {
  pname = "pynurak";
  version = "2013";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-ZYSWepovzj/H4pndmtSpJ1JTX8a20BZLuLBSS1L6Dvk=";
  };

  propagatedBuildInputs = [ pyexrak ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pynurak library, generated";
    homepage = "https://example.org/projects/pynurak";
    license = licenses.lgpl21;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
