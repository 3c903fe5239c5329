{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pygrapul, pyrakqui, pycorsen }:

buildPythonPackage rec {
  pname = "pynukador";
  version = "2019";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "0f58vykk3lwzbhnym1yz4bkkdqsrjb07j5lsvxf1y0yqvimr4h1z";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ pygrapul pyrakqui pycorsen ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pynukador library, generated";
    homepage = "https://example.org/projects/pynukador";
    license = licenses.bsd3;
    platforms = platforms.unix;
    maintainers = with maintainers; [ erin ];
  };
}
