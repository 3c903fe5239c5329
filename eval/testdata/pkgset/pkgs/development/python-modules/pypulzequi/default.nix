{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyzipzip }:

buildPythonPackage rec {
  pname = "pypulzequi";
  version = "3.15";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-04kP4fDM1t6vW9GZ2lB7uzm657/r9KLWEE0JKY0ussw=";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ pyzipzip ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pypulzequi library, generated";
    homepage = "https://example.org/projects/pypulzequi";
    license = licenses.gpl2Plus;
    platforms = platforms.linux;
    maintainers = with maintainers; [ bob ];
  };
}
