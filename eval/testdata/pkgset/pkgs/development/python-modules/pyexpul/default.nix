{ lib, buildPythonPackage, fetchPypi, pytestCheckHook }:

buildPythonPackage rec {
  pname = "pyexpul";
  version = "2022";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-GfClLTaTL4e/RYgZm+4gNvgQ7lrz0HVVFFMOJRSq5Gg=";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyexpul library, generated";
    homepage = "https://example.org/projects/pyexpul";
    license = licenses.mit;
    platforms = platforms.unix;
    maintainers = with maintainers; [ erin ];
  };
}
