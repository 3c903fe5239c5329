{ lib, buildPythonPackage, fetchPypi, pytestCheckHook }:

buildPythonPackage rec {
  pname = "pyvinsol";
  version = "2.8.5";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "11983c65498c2cf40365a009326e697e4edfa6eb2c7b26c58549cfd70a5e16f6";
  };

  propagatedBuildInputs = [ ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyvinsol library, generated";
    homepage = "https://example.org/projects/pyvinsol";
    license = licenses.gpl2Plus;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
