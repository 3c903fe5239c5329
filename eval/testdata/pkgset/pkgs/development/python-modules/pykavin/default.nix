{ lib, buildPythonPackage, fetchPypi, pytestCheckHook }:

buildPythonPackage rec {
  pname = "pykavin";
  version = "3.6";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "36f11165721b41b9d40ef3d84a3dbdb955ee04d48aeda13c0fb4598e70dd56b4";
  };

  propagatedBuildInputs = [ ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pykavin library, generated";
    homepage = "https://example.org/projects/pykavin";
    license = licenses.asl20;
    platforms = platforms.unix;
    maintainers = with maintainers; [ carol ];
  };
}
