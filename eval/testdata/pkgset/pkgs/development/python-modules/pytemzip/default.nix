{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyzipzip, pysenbelvin }:

buildPythonPackage rec {
  pname = "pytemzip";
  version = "1.6.1";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "433775c606b033bd1d5fb856586afe04d423c579a67a954832fc6823d54925ae";
  };

  propagatedBuildInputs = [ pyzipzip pysenbelvin ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pytemzip library, generated";
    homepage = "https://example.org/projects/pytemzip";
    license = licenses.lgpl21;
    platforms = platforms.all;
    maintainers = with maintainers; [ erin ];
  };
}
