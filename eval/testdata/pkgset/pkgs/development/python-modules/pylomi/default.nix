{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pybelfyqui, pycorsol, pygraex }:

buildPythonPackage rec {
  pname = "pylomi";
  version = "2.14.1";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-siNgigiAts+aOMH4eg9fZZFBJMpbb1KjX78plTmbUlk=";
  };

  propagatedBuildInputs = [ pybelfyqui pycorsol pygraex ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pylomi library, generated";
    homepage = "https://example.org/projects/pylomi";
    license = licenses.gpl2Plus;
    platforms = platforms.linux;
    maintainers = with maintainers; [ bob ];
  };
}
