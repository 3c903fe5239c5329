{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pytemtorab, pymisolpul }:

buildPythonPackage rec {
  pname = "pycorsen";
  version = "2012";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-kx/pnkdhMubpeMqAeLseYV9Qjd3kP5ZVkVhCo1vVNIo=";
  };

  propagatedBuildInputs = [ pytemtorab pymisolpul ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pycorsen library, generated";
    homepage = "https://example.org/projects/pycorsen";
    license = licenses.mit;
    platforms = platforms.linux;
    maintainers = with maintainers; [ bob erin ];
  };
}
