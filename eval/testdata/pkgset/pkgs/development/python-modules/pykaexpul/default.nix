{ lib, buildPythonPackage, fetchPypi, pytestCheckHook }:

buildPythonPackage rec {
  pname = "pykaexpul";
  version = "3.4.5";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-AhD+KuDlDaONZuPs2QDmvuI2S6OHaMNIkYQYhMOtIBM=";
  };

  propagatedBuildInputs = [ ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pykaexpul library, generated";
    homepage = "https://example.org/projects/pykaexpul";
    license = licenses.gpl2Plus;
    platforms = platforms.all;
    maintainers = with maintainers; [ alice ];
  };
}
