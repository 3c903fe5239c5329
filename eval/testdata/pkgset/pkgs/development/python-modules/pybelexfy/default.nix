{ lib, buildPythonPackage, fetchPypi, pytestCheckHook }:

buildPythonPackage rec {
  pname = "pybelexfy";
  version = "3.5";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "f78317043aa551f0c60e45875cbbb6ab8f4281d897b4a034a83d8bb242865832";
  };

  propagatedBuildInputs = [ ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pybelexfy library, generated";
    homepage = "https://example.org/projects/pybelexfy";
    license = licenses.lgpl21;
    platforms = platforms.all;
    maintainers = with maintainers; [ erin ];
  };
}
