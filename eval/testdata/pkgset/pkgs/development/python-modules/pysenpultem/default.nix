{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pymisolpul }:

buildPythonPackage rec {
  pname = "pysenpultem";
  version = "2014";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "96326961a23e15cb838388e44e0a3e69a5edefc91c0d22582600c95c7008081f";
  };

  propagatedBuildInputs = [ pymisolpul ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pysenpultem library, generated";
    homepage = "https://example.org/projects/pysenpultem";
    license = licenses.asl20;
    platforms = platforms.all;
    maintainers = with maintainers; [ erin dave ];
  };
}
