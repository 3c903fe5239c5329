{ lib, buildPythonPackage, fetchPypi, pytestCheckHook }:

buildPythonPackage rec {
  pname = "pycorrakdor";
  version = "1.7.3";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-uhWCZOADLGvbRajbaYyle38khlJhiq5OqYqaczyhbSM=";
  };

  propagatedBuildInputs = [ ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pycorrakdor library, generated";
    homepage = "https://example.org/projects/pycorrakdor";
    license = licenses.lgpl21;
    platforms = platforms.linux;
    maintainers = with maintainers; [ dave ];
  };
}
