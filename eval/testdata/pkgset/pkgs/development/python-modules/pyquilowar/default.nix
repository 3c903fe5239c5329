{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyfydorex, pydordorsen, pyquibel }:

buildPythonPackage rec {
  pname = "pyquilowar";
  version = "1.28";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "1isim3hf2pr4mxziblhkvp22ddpbrcn24k8vdgvhbnf0nazwyh2a";
  };

  propagatedBuildInputs = [ pyfydorex pydordorsen pyquibel ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyquilowar library, generated";
    homepage = "https://example.org/projects/pyquilowar";
    license = licenses.asl20;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
