{ lib, buildPythonPackage, fetchPypi, pytestCheckHook }:

buildPythonPackage rec {
  pname = "pyquirakab";
  version = "2024";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "0dgllviaaa017g5ax9cx4rhas6s4kgkqrygrmdhf7ps1mf9k5i23";
  };

  propagatedBuildInputs = [ ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyquirakab library, generated";
    homepage = "https://example.org/projects/pyquirakab";
    license = licenses.lgpl21;
    platforms = platforms.unix;
    maintainers = with maintainers; [ carol dave ];
  };
}
