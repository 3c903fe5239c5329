{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyquimi, pysenpultem, pytemtorab }:

buildPythonPackage rec {
  pname = "pybeltor";
  version = "2015";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-N5gmn6ZxhcLYwm73/BFABo5tIf8V3Q76sT//pFEy6aY=";
  };

  propagatedBuildInputs = [ pyquimi pysenpultem pytemtorab ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pybeltor library, generated";
    homepage = "https://example.org/projects/pybeltor";
    license = licenses.gpl2Plus;
    platforms = platforms.all;
    maintainers = with maintainers; [ alice carol ];
  };
}
