{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pybeltor, pyrakcor, pyquibel }:

buildPythonPackage rec {
  pname = "pyraktorab";
  version = "3.1.4";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-twXdT3TRFA5lZgFM7XT0t3yboXbWbGDWYyG9xoKNS+E=";
  };

  propagatedBuildInputs = [ pybeltor pyrakcor pyquibel ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyraktorab library, generated";
    homepage = "https://example.org/projects/pyraktorab";
    license = licenses.gpl2Plus;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
