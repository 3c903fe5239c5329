{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pymisolpul, pygrapul, pysenbelvin }:

buildPythonPackage rec {
  pname = "pywarrakcor";
  version = "3.5.8";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-JM4Q1V+xfXlK6J0uma2cj+BT2q/GY2VX1smCXYJ/45o=";
  };

  propagatedBuildInputs = [ pymisolpul pygrapul pysenbelvin ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pywarrakcor library, generated";
    homepage = "https://example.org/projects/pywarrakcor";
    license = licenses.gpl3Only;
    platforms = platforms.unix;
    maintainers = with maintainers; [ erin bob ];
  };
}
