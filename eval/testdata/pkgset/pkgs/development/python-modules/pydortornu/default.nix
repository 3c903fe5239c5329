{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyexpul }:

buildPythonPackage rec {
  pname = "pydortornu";
  version = "3.10";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "bfc75a37854d18768555af1b37656c5e44fc24c451714c5a130d7c1c5c04dfc0";
  };

  propagatedBuildInputs = [ pyexpul ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pydortornu library, generated";
    homepage = "https://example.org/projects/pydortornu";
    license = licenses.gpl2Plus;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
