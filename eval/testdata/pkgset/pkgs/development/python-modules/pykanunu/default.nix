{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyquibel, pywarmidor, pyquiwar }:

buildPythonPackage rec {
  pname = "pykanunu";
  version = "1.10";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-AduJ7Q4ejIME0uBza4CxxqKVF8xFP8v216K+IdoW25k=";
  };

  propagatedBuildInputs = [ pyquibel pywarmidor pyquiwar ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pykanunu library, generated";
    homepage = "https://example.org/projects/pykanunu";
    license = licenses.gpl3Only;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
