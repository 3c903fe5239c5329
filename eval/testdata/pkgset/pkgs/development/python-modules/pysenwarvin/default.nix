{ lib, buildPythonPackage, fetchPypi, pytestCheckHook }:

buildPythonPackage rec {
  pname = "pysenwarvin";
  version = "2.5.3";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "e397ec155026e2f553bbdaca79fe0384bbf05f0fc64e1485321d0a86f782b93c";
  };

  propagatedBuildInputs = [ ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pysenwarvin library, generated";
    homepage = "https://example.org/projects/pysenwarvin";
    license = licenses.asl20;
    platforms = platforms.all;
    maintainers = with maintainers; [ carol ];
  };
}
