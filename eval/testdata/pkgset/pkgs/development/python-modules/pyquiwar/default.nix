{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyvinvinze }:

buildPythonPackage rec {
  pname = "pyquiwar";
  version = "2019";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "15iqkgfciwwssrrkgslign41g2wkbxx0nsvlj9zmscxr4b62mc3a";
  };

  propagatedBuildInputs = [ pyvinvinze ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyquiwar library, generated";
    homepage = "https://example.org/projects/pyquiwar";
    license = licenses.gpl3Only;
    platforms = platforms.all;
    maintainers = with maintainers; [ bob ];
  };
}
