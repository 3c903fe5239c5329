{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pydordorsen }:

buildPythonPackage rec {
  pname = "pyquimi";
  version = "2.3";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "732ef2945024c2aa1e715070d0ce56c6d4a8b76456a232d8a200049d42c7419d";
  };

  propagatedBuildInputs = [ pydordorsen ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyquimi library, generated";
    homepage = "https://example.org/projects/pyquimi";
    license = licenses.gpl3Only;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
