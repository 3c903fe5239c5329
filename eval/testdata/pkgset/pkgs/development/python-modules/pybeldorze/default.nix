{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyextormi, pyziplo, pykamipul }:

buildPythonPackage rec {
  pname = "pybeldorze";
  version = "2003";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "e2c8971071eb1a479ed2d4a80291546f608a39bc9f10f02e065db785fa84e52b";
  };

  propagatedBuildInputs = [ pyextormi pyziplo pykamipul ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pybeldorze library, generated";
    homepage = "https://example.org/projects/pybeldorze";
    license = licenses.asl20;
    platforms = platforms.unix;
    maintainers = with maintainers; [ erin ];
  };
}
