{ lib, buildPythonPackage, fetchPypi, pytestCheckHook }:

buildPythonPackage rec {
  pname = "pyfylotor";
  version = "1.6.6";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "5cf19a278dd17afda32d7beeb38807cb0436643dee43608fbbf00e5a4806a31c";
  };

  propagatedBuildInputs = [ ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyfylotor library, generated";
    homepage = "https://example.org/projects/pyfylotor";
    license = licenses.asl20;
    platforms = platforms.unix;
    maintainers = with maintainers; [ dave ];
  };
}
